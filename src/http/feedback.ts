/**
 * Where user feedback on answers goes. The HTTP app only sees this
 * interface; each runtime passes its own store: Node a JSON-lines file
 * (adapters/node/feedback-file.ts), the Worker Workers KV when bound
 * (adapters/worker/feedback-kv.ts), else the memory store below.
 */

export interface FeedbackInput {
  conversationId?: string;
  answerId?: string;
  rating: 'up' | 'down';
  comment?: string;
}

export interface FeedbackEntry extends FeedbackInput {
  id: string;
  /** ISO 8601 time the entry was stored. */
  at: string;
}

export interface FeedbackStore {
  /** Resolves only once the entry is durably stored. */
  append(entry: FeedbackInput): Promise<{ id: string }>;
  /**
   * A page of entries, newest first: at most `limit`, starting after the page
   * `cursor` came with (the first page without one). `next` is the cursor of
   * the following page, null after the last.
   */
  list(limit: number, cursor?: string): Promise<FeedbackPage>;
}

export interface FeedbackPage {
  entries: FeedbackEntry[];
  next: string | null;
}

/** A cursor that counts entries from the newest: the stores that page by position use it. */
export function offsetCursor(cursor: string | undefined): number {
  const offset = cursor === undefined ? 0 : Number(cursor);
  return Number.isSafeInteger(offset) && offset >= 0 ? offset : 0;
}

/** Builds the stored entry: only the known fields, in a fixed order. */
export function feedbackEntry(input: FeedbackInput, id: string = crypto.randomUUID(), at: Date = new Date()): FeedbackEntry {
  const entry: FeedbackEntry = { id, at: at.toISOString(), rating: input.rating };
  if (input.conversationId !== undefined) entry.conversationId = input.conversationId;
  if (input.answerId !== undefined) entry.answerId = input.answerId;
  if (input.comment !== undefined) entry.comment = input.comment;
  return entry;
}

/** Keeps feedback in memory (tests, or a runtime without storage); bounded, oldest dropped first. */
export class MemoryFeedbackStore implements FeedbackStore {
  private readonly entries: FeedbackEntry[] = [];

  constructor(private readonly max = 10_000) {}

  async append(input: FeedbackInput): Promise<{ id: string }> {
    const entry = feedbackEntry(input);
    this.entries.push(entry);
    if (this.entries.length > this.max) this.entries.splice(0, this.entries.length - this.max);
    return { id: entry.id };
  }

  async list(limit: number, cursor?: string): Promise<FeedbackPage> {
    const offset = offsetCursor(cursor);
    const end = Math.max(0, this.entries.length - offset);
    const entries = this.entries.slice(Math.max(0, end - limit), end).reverse();
    return { entries, next: end - entries.length > 0 ? String(offset + entries.length) : null };
  }
}
