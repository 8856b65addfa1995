/**
 * A chat channel's little memory: a bounded map (least recently used
 * forgotten first) and a per-key rate limit over fixed one-minute windows.
 * Per process (per isolate in a Worker), like every in-memory limit here.
 */

export class LruMap<K, V> {
  private readonly map = new Map<K, V>();

  constructor(readonly max: number) {
    if (max < 1) throw new RangeError('max must be at least 1');
  }

  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, value);
    return value;
  }

  set(key: K, value: V): this {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.max) {
      const oldest = this.map.keys().next();
      if (oldest.done) break;
      this.map.delete(oldest.value);
    }
    return this;
  }

  delete(key: K): boolean {
    return this.map.delete(key);
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  get size(): number {
    return this.map.size;
  }
}

export type LimitDecision =
  | { allowed: true }
  /** `notify` is true once per window: the one time to say so politely. */
  | { allowed: false; key: string; notify: boolean };

interface Window {
  start: number;
  count: number;
  notified: boolean;
}

export const WINDOW_MS = 60_000;

/**
 * At most `limit` hits per key per window (0: no limit). A hit over the
 * limit is refused and not counted; the first refusal in a window says
 * `notify`, the rest are silent.
 */
export class WindowLimiter {
  private readonly windows: LruMap<string, Window>;

  constructor(private readonly now: () => number, maxKeys = 20_000, private readonly windowMs = WINDOW_MS) {
    this.windows = new LruMap(maxKeys);
  }

  private window(key: string, at: number): Window {
    let w = this.windows.get(key);
    if (!w || at - w.start >= this.windowMs) {
      w = { start: at, count: 0, notified: false };
      this.windows.set(key, w);
    }
    return w;
  }

  /** Counts one hit against every key (each with its limit) if all allow it; else refuses on the first key over. */
  hit(checks: readonly { key: string; limit: number }[]): LimitDecision {
    const at = this.now();
    const active = checks.filter((c) => c.limit > 0).map((c) => ({ ...c, w: this.window(c.key, at) }));
    const over = active.find((c) => c.w.count >= c.limit);
    if (over) {
      const notify = !over.w.notified;
      over.w.notified = true;
      return { allowed: false, key: over.key, notify };
    }
    for (const c of active) c.w.count++;
    return { allowed: true };
  }
}
