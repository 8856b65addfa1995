/**
 * Conversation memory for follow-up questions: per conversation, the places
 * and year last asked about. Bounded in conversations, turns and age.
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

export class ConversationStore {
  private readonly turns: LRUCache<string, Turn[]>;
  private readonly maxTurns: number;
  private readonly ttlMs: number;

  constructor(options: ConversationOptions = {}) {
    this.turns = new LRUCache({ max: options.maxConversations ?? 1000 });
    this.maxTurns = options.maxTurns ?? 10;
    this.ttlMs = options.ttlMs ?? 60 * 60 * 1000;
  }

  history(id: string, now = Date.now()): Turn[] {
    const turns = this.turns.get(id);
    if (!turns) return [];
    const fresh = turns.filter((t) => now - t.at <= this.ttlMs);
    if (!fresh.length) this.turns.delete(id);
    return fresh;
  }

  /** The latest turn that named a place, for a follow-up that names none. */
  context(id: string): Turn | undefined {
    return this.history(id).reverse().find((t) => t.placeDocIds?.length);
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
