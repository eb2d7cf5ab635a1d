import { randomUUID } from 'node:crypto';
import {
  type Activity,
  ActivityTypes,
  BotAdapter,
  type ConversationReference,
  type ResourceResponse,
  TurnContext,
} from 'botbuilder-core';
import type { OutboundImage } from '../channels/contract.js';
import type { ChannelIdentity, Message } from '../db/schema.js';
import type { ReplyChoice } from './turn-services.js';

/** A reply in channel-neutral form; each channel renders it (buttons, numbered choices, length limits, images). */
export interface Reply {
  text: string;
  choices?: ReplyChoice[];
  image?: OutboundImage;
}

const PNG_DATA_URL = 'data:image/png;base64,';

const REPLIES = Symbol('replies');

/**
 * The botbuilder adapter every channel extends. A turn's replies are collected, not sent: they are stored with the
 * turn's state in one transaction and only then handed to the channel's outbound queue, so a retried turn never
 * sends twice. Channels override activityOf() for their quirks (deep links, contact shares).
 */
export class TurnAdapter extends BotAdapter {
  constructor(readonly channel: string) {
    super();
  }

  /** Runs the bot on one stored inbound message and returns what it said. */
  async runTurn(
    message: Message,
    identity: ChannelIdentity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<Reply[]> {
    const context = new TurnContext(this, this.activityOf(message, identity));
    const replies: Reply[] = [];
    context.turnState.set(REPLIES, replies);
    await this.runMiddleware(context, logic);
    return replies;
  }

  /** The botbuilder activity for a stored inbound message. */
  protected activityOf(message: Message, identity: ChannelIdentity): Partial<Activity> {
    return {
      type: ActivityTypes.Message,
      id: message.providerMessageId ?? message.id,
      channelId: this.channel,
      text: message.text,
      timestamp: message.createdAt,
      from: { id: identity.externalId, name: '' },
      recipient: { id: 'bot', name: 'bot' },
      conversation: { id: identity.externalId, isGroup: false, conversationType: 'personal', name: '' },
      channelData: message.payload ?? undefined,
    };
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const replies = context.turnState.get(REPLIES) as Reply[];
    for (const activity of activities) {
      if (activity.type !== ActivityTypes.Message || !activity.text) continue;
      const choices = (activity.suggestedActions?.actions ?? []).map((action) => ({
        value: String(action.value),
        label: action.title,
      }));
      const attachment = activity.attachments?.find((a) => a.contentUrl?.startsWith(PNG_DATA_URL));
      replies.push({
        text: activity.text,
        ...(choices.length > 0 ? { choices } : {}),
        ...(attachment?.contentUrl
          ? { image: { pngBase64: attachment.contentUrl.slice(PNG_DATA_URL.length), alt: attachment.name ?? '' } }
          : {}),
      });
    }
    return activities.map(() => ({ id: randomUUID() }));
  }

  // Our channels cannot edit or retract a sent message, and proactive sends go through the outbound queues.
  override async updateActivity(): Promise<ResourceResponse> {
    throw new Error(`${this.channel}: sent messages cannot be edited`);
  }

  override async deleteActivity(): Promise<void> {
    throw new Error(`${this.channel}: sent messages cannot be deleted`);
  }

  override async continueConversation(_reference: Partial<ConversationReference>): Promise<void> {
    throw new Error(`${this.channel}: proactive messages go through the outbound queues, not the turn adapter`);
  }
}
