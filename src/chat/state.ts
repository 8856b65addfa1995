/**
 * A chat channel's rate limit per key over fixed one-minute windows, its keys
 * bounded (least recently used forgotten first). Per process (per isolate in a
 * Worker), like every in-memory limit here.
 */
import { LRUCache } from 'lru-cache';

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
  private readonly windows: LRUCache<string, Window>;

  constructor(private readonly now: () => number, maxKeys = 20_000, private readonly windowMs = WINDOW_MS) {
    this.windows = new LRUCache({ max: maxKeys });
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
