import type { StatePropertyAccessor, Storage, TurnContext } from 'botbuilder-core';

interface CachedState {
  key: string;
  state: Record<string, unknown>;
  eTag: string | undefined;
  snapshot: string;
}

/**
 * Conversation state that keeps the eTag it read and writes with it. botbuilder's own BotState always saves with
 * eTag "*" (last write wins), which would lose one of two concurrent turns' updates.
 */
export class VersionedConversationState {
  private readonly cacheKey = Symbol('versionedConversationState');

  constructor(private readonly storage: Storage) {}

  /** Reads this conversation's state once per turn. */
  async load(context: TurnContext): Promise<void> {
    const key = storageKeyOf(context);
    const items = await this.storage.read([key]);
    const { eTag, ...state } = (items[key] ?? {}) as Record<string, unknown> & { eTag?: string };
    context.turnState.set(this.cacheKey, { key, state, eTag, snapshot: JSON.stringify(state) } satisfies CachedState);
  }

  /** Writes the state back if the turn changed it; throws StateConflictError if another turn saved first. */
  async saveChanges(context: TurnContext): Promise<void> {
    const cached = this.cached(context);
    const snapshot = JSON.stringify(cached.state);
    if (snapshot === cached.snapshot) return;
    await this.storage.write({ [cached.key]: { ...cached.state, eTag: cached.eTag } });
    cached.snapshot = snapshot;
  }

  /** An accessor for one property of the conversation state (the dialog stack, for one). */
  createProperty<T>(name: string): StatePropertyAccessor<T> {
    return {
      get: async (context: TurnContext, defaultValue?: T) => {
        const { state } = this.cached(context);
        if (state[name] === undefined && defaultValue !== undefined) state[name] = structuredClone(defaultValue);
        return state[name] as T;
      },
      set: async (context: TurnContext, value: T) => {
        this.cached(context).state[name] = value;
      },
      delete: async (context: TurnContext) => {
        delete this.cached(context).state[name];
      },
    };
  }

  private cached(context: TurnContext): CachedState {
    const cached = context.turnState.get(this.cacheKey) as CachedState | undefined;
    if (!cached) throw new Error('conversation state used before load()');
    return cached;
  }
}

function storageKeyOf(context: TurnContext): string {
  const { channelId, conversation } = context.activity;
  if (!channelId || !conversation?.id) throw new Error('activity has no channel or conversation id');
  return `${channelId}/conversations/${conversation.id}`;
}
