/**
 * Conversation memory for follow-up questions: per conversation, the places
 * and year last asked about. Bounded in turns and age (and, in memory, in
 * conversations). The answer step sees only `ConversationMemory`; the default
 * is the in-process LRU below, and instances that share their follow-ups keep
 * them in PostgreSQL (adapters/node/store/postgres/conversations.ts).
 */
import { LRUCache } from 'lru-cache';

export interface Turn {
  question: string;
  answer: string;
  placeDocIds: string[] | null;
  year: number | null;
  at: number;
}

export interface ConversationOptions {
  maxConversations?: number;
  maxTurns?: number;
  ttlMs?: number;
}

/** Turns kept per conversation, and how long a turn counts, unless configured otherwise. */
export const DEFAULT_MAX_TURNS = 10;
export const DEFAULT_TURN_TTL_MS = 60 * 60 * 1000;

/**
 * What the answer step needs of conversation memory. Callers always await:
 * the in-memory store answers at once, a database store asynchronously.
 */
export interface ConversationMemory {
  /** The conversation's turns still within their age, oldest first. */
  history(id: string): Turn[] | Promise<Turn[]>;
  /** The latest turn that named a place, for a follow-up that names none. */
  context(id: string): Turn | undefined | Promise<Turn | undefined>;
  /** Resolves once the turn is stored, so the next question of the conversation sees it. */
  add(id: string, turn: Turn): void | Promise<void>;
  reset(id: string): void | Promise<void>;
}

/** The latest turn that named a place, of turns oldest first. */
export function placeContext(turns: readonly Turn[]): Turn | undefined {
  return [...turns].reverse().find((t) => t.placeDocIds?.length);
}

export class ConversationStore implements ConversationMemory {
  private readonly turns: LRUCache<string, Turn[]>;
  private readonly maxTurns: number;
  private readonly ttlMs: number;

  constructor(options: ConversationOptions = {}) {
    this.turns = new LRUCache({ max: options.maxConversations ?? 1000 });
    this.maxTurns = options.maxTurns ?? DEFAULT_MAX_TURNS;
    this.ttlMs = options.ttlMs ?? DEFAULT_TURN_TTL_MS;
  }

  history(id: string, now = Date.now()): Turn[] {
    const turns = this.turns.get(id);
    if (!turns) return [];
    const fresh = turns.filter((t) => now - t.at <= this.ttlMs);
    if (!fresh.length) this.turns.delete(id);
    return fresh;
  }

  context(id: string): Turn | undefined {
    return placeContext(this.history(id));
  }

  add(id: string, turn: Turn): void {
    const turns = this.history(id, turn.at);
    turns.push(turn);
    this.turns.set(id, turns.slice(-this.maxTurns));
  }

  reset(id: string): void {
    this.turns.delete(id);
  }

  get size(): number {
    return this.turns.size;
  }
}
