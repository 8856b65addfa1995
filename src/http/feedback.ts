/**
 * Where user feedback on answers goes. The HTTP app only sees this
 * interface; the Node server stores to a JSON-lines file (feedback-file.ts),
 * a Worker would pass something backed by its own storage.
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
  /** The newest entries first, at most `limit`. */
  list(limit: number): Promise<FeedbackEntry[]>;
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

  async list(limit: number): Promise<FeedbackEntry[]> {
    return this.entries.slice(-Math.max(0, limit)).reverse();
  }
}
