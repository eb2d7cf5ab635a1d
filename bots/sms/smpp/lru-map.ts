/**
 * A map that keeps its `capacity` most recently used entries. A hit allocates nothing (a Map's delete and re-insert
 * would, its table being rebuilt every few dozen moves) since a busy sender hits on almost every message; a miss
 * looks through the entries for the one to drop.
 */
export class LruMap<K, V> {
  private readonly entries = new Map<K, { value: V; used: number }>();
  private clock = 0;

  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.clock += 1;
    entry.used = this.clock;
    return entry.value;
  }

  set(key: K, value: V): void {
    if (!this.entries.has(key) && this.entries.size >= this.capacity) this.dropLeastRecent();
    this.clock += 1;
    this.entries.set(key, { value, used: this.clock });
  }

  private dropLeastRecent(): void {
    let oldest: K | undefined;
    let oldestUse = Number.POSITIVE_INFINITY;
    for (const [key, entry] of this.entries) {
      if (entry.used < oldestUse) {
        oldest = key;
        oldestUse = entry.used;
      }
    }
    if (oldest !== undefined) this.entries.delete(oldest);
  }
}
