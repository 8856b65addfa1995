/**
 * Conversation ids as the HTTP API hands them out. The server issues them
 * (128 random bits), and each is bound to the client that uses it: the core
 * only ever sees a key derived from the client's address and the id, so a
 * client that sends another's id (or, on the OpenAI route, the same history)
 * reaches a conversation of its own and cannot steer the other's follow-ups.
 */
import { LRUCache } from 'lru-cache';
import { sha256Hex } from '../util/hash.js';

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export class ConversationIds {
  /** A new id: unguessable, and the same shape in every runtime. */
  issue(): string {
    return `c-${base64url(crypto.getRandomValues(new Uint8Array(16)))}`;
  }

  /** The core's conversation key for `id` as used by `client`. */
  async bind(client: string, id: string): Promise<string> {
    return `k-${(await sha256Hex(`${client}\u0000${id}`)).slice(0, 40)}`;
  }
}

/**
 * The OpenAI route's memory of which conversation a history belongs to, per
 * client: the turns a client sends back (hashed) → the id its previous answer
 * was given. Bounded; an unknown history starts a new conversation.
 */
export class HistoryConversations {
  private readonly ids: LRUCache<string, string>;

  constructor(max = 5000) {
    this.ids = new LRUCache({ max });
  }

  get(client: string, historyKey: string): string | undefined {
    return historyKey ? this.ids.get(`${client}\u0000${historyKey}`) : undefined;
  }

  set(client: string, historyKey: string, id: string): void {
    this.ids.set(`${client}\u0000${historyKey}`, id);
  }
}
