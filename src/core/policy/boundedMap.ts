/**
 * A memory of what was computed, bounded without bookkeeping per entry: when it holds `max`
 * entries it starts over. For caches whose entries are all alike and cheap to recompute.
 */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly max: number) {}

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  set(key: K, value: V): void {
    if (this.entries.size >= this.max) {
      this.entries.clear();
    }
    this.entries.set(key, value);
  }
}
