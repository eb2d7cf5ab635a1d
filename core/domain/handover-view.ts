import type { HandoverParty } from '../db/handover-repository.js';
import type { Message } from '../db/schema.js';
import { maskPhone } from '../text/phone.js';

/** A conversation as the staff inbox lists it: who (masked), where, and whether it waits for an answer. */
export interface ConversationView {
  id: string;
  status: 'open' | 'closed';
  wardCode: string;
  channel: string;
  /** The phone or chat id, masked: staff answer through the service, they never need the full address. */
  address: string;
  displayName?: string;
  locale: string;
  openedAt: string;
  lastMessageAt: string;
  waitingForStaff: boolean;
}

export type MessageAuthor = 'citizen' | 'bot' | 'staff';

/** One line of a transcript. */
export interface TranscriptEntry {
  id: string;
  direction: 'in' | 'out';
  author: MessageAuthor;
  staffName?: string;
  text: string;
  at: string;
}

/** What a staff reply carries in `messages.payload`, so the transcript can say who wrote it. */
export interface StaffReplyPayload {
  author: 'staff';
  staffId: string;
  staffName: string;
}

/** The inbox view of a handover. */
export function conversationView({ handover, identity, person }: HandoverParty): ConversationView {
  return {
    id: handover.id,
    status: handover.status,
    wardCode: handover.wardCode,
    channel: identity.channel,
    address: maskAddress(identity.channel, identity.externalId),
    ...(person.fullName ? { displayName: person.fullName } : {}),
    locale: person.locale,
    openedAt: handover.openedAt.toISOString(),
    lastMessageAt: handover.lastMessageAt.toISOString(),
    waitingForStaff: handover.waitingForStaff,
  };
}

/** A stored message as a transcript line: inbound is the citizen, outbound the bot unless staff wrote it. */
export function transcriptEntry(message: Message): TranscriptEntry {
  const staff = staffPayloadOf(message.payload);
  return {
    id: message.id,
    direction: message.direction === 'inbound' ? 'in' : 'out',
    author: message.direction === 'inbound' ? 'citizen' : staff ? 'staff' : 'bot',
    ...(staff ? { staffName: staff.staffName } : {}),
    text: message.text,
    at: message.createdAt.toISOString(),
  };
}

/** A phone as "+84******678"; a chat id keeps its last three characters when it is long enough to hide the rest. */
export function maskAddress(channel: string, externalId: string): string {
  if (channel === 'sms') return maskPhone(externalId);
  const shown = externalId.length >= 7 ? externalId.slice(-3) : '';
  return '*'.repeat(externalId.length - shown.length) + shown;
}

function staffPayloadOf(payload: unknown): StaffReplyPayload | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const candidate = payload as Partial<StaffReplyPayload>;
  return candidate.author === 'staff' && typeof candidate.staffName === 'string'
    ? (candidate as StaffReplyPayload)
    : undefined;
}
