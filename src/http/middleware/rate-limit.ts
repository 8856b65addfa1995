/**
 * Per-client limits, in memory (per process; per isolate in a Worker): guards
 * against one client hogging the answerer or filling the feedback store, not
 * a quota system. Hono ships no rate limiter.
 */
import { LRUCache } from 'lru-cache';
import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.js';

export interface RateDecision {
  allowed: boolean;
  /** Whole seconds until one request would be allowed again (0 when allowed). */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** A token bucket per client: `perMinute` requests of burst, refilled evenly over a minute. */
export class RateLimiter {
  private readonly buckets: LRUCache<string, Bucket>;
  private readonly perMs: number;

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
    maxClients = 10_000,
  ) {
    this.perMs = perMinute / 60_000;
    // the least recently seen client is forgotten first: its bucket has most likely refilled
    this.buckets = new LRUCache({ max: maxClients });
  }

  private bucket(key: string): Bucket {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + Math.max(0, now - bucket.at) * this.perMs);
    bucket.at = now;
    this.buckets.set(key, bucket);
    return bucket;
  }

  private denied(bucket: Bucket): RateDecision {
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000)) };
  }

  /** Spends one request of `key`'s budget, if it has one. */
  take(key: string): RateDecision {
    if (this.perMinute <= 0) return { allowed: true, retryAfterSeconds: 0 };
    const bucket = this.bucket(key);
    if (bucket.tokens < 1) return this.denied(bucket);
    bucket.tokens -= 1;
    return { allowed: true, retryAfterSeconds: 0 };
  }

  /** Whether `key` has budget left, without spending any. */
  peek(key: string): RateDecision {
    if (this.perMinute <= 0) return { allowed: true, retryAfterSeconds: 0 };
    const bucket = this.bucket(key);
    return bucket.tokens < 1 ? this.denied(bucket) : { allowed: true, retryAfterSeconds: 0 };
  }

  get size(): number {
    return this.buckets.size;
  }
}

/** At most `perDay` per client and UTC day; the count starts again at midnight UTC. */
export class DailyQuota {
  private readonly counts: LRUCache<string, { day: number; used: number }>;

  constructor(
    readonly perDay: number,
    private readonly now: () => number = Date.now,
    maxClients = 10_000,
  ) {
    this.counts = new LRUCache({ max: maxClients });
  }

  take(key: string): RateDecision {
    if (this.perDay <= 0) return { allowed: true, retryAfterSeconds: 0 };
    const now = this.now();
    const day = Math.floor(now / 86_400_000);
    const count = this.counts.get(key);
    const used = count?.day === day ? count.used : 0;
    if (used >= this.perDay) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(((day + 1) * 86_400_000 - now) / 1000)) };
    this.counts.set(key, { day, used: used + 1 });
    return { allowed: true, retryAfterSeconds: 0 };
  }
}

/** The 429 for a refused decision, with Retry-After. */
export function rateLimited(what: string, decision: RateDecision): ApiError {
  return new ApiError(429, 'rate_limited', `${what}; try again in ${decision.retryAfterSeconds} s`, { 'Retry-After': String(decision.retryAfterSeconds) });
}

/** Refuses (429) a client over `limiter`'s budget. */
export function rateLimit(limiter: RateLimiter, clientKey: (c: Context) => string): MiddlewareHandler {
  return async (c, next) => {
    const decision = limiter.take(clientKey(c));
    if (!decision.allowed) throw rateLimited('too many requests', decision);
    await next();
  };
}
