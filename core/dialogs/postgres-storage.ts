import type { Storage, StoreItems } from 'botbuilder-core';
import { deleteStates, type ExpectedVersion, readStates, writeState } from '../db/bot-state-repository.js';
import type { Database } from '../db/database.js';

/** A write named an eTag that is no longer current: another turn saved first. The turn must be run again. */
export class StateConflictError extends Error {
  readonly code = 'STATE_CONFLICT';
  constructor(readonly key: string) {
    super(`state "${key}" was changed by another turn`);
    this.name = 'StateConflictError';
  }
}

/**
 * botbuilder Storage on the bot_state table with eTag optimistic concurrency.
 * eTag "*" overwrites; a named eTag must still be current; no eTag means "must not exist yet" — stricter than
 * botbuilder's MemoryStorage, so that two first turns of a new conversation cannot silently overwrite each other.
 */
export class PostgresStorage implements Storage {
  constructor(private readonly db: Database) {}

  async read(keys: string[]): Promise<StoreItems> {
    const stored = await readStates(this.db, keys);
    const items: StoreItems = {};
    for (const [key, { data, version }] of stored) items[key] = { ...data, eTag: String(version) };
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    for (const [key, item] of Object.entries(changes)) {
      const { eTag, ...data } = (item ?? {}) as Record<string, unknown> & { eTag?: unknown };
      const written = await writeState(this.db, key, data, expectationOf(eTag));
      if (written === undefined) throw new StateConflictError(key);
    }
  }

  async delete(keys: string[]): Promise<void> {
    await deleteStates(this.db, keys);
  }
}

function expectationOf(eTag: unknown): ExpectedVersion {
  if (eTag === '*') return { kind: 'any' };
  if (eTag === undefined || eTag === null || eTag === '') return { kind: 'absent' };
  const version = Number(eTag);
  // An eTag we never issued cannot be current.
  return Number.isSafeInteger(version) ? { kind: 'version', version } : { kind: 'version', version: -1 };
}
