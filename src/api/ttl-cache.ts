/**
 * A small read-through cache with a time to live, for hot read routes whose data changes on the
 * hour (the latest forecasts): a hundred dashboards polling the same series cost one query per TTL.
 * Concurrent misses of one key share a single load, and a failed load is not kept. Bounded: past
 * `maxEntries`, the oldest entries go first (a Map iterates in insertion order).
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { readonly expiresAt: number; readonly value: Promise<V> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    if (this.ttlMs <= 0) return load();
    const t = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > t) return hit.value;
    this.entries.delete(key);
    const value = load();
    this.entries.set(key, { expiresAt: t + this.ttlMs, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return value;
  }
}
