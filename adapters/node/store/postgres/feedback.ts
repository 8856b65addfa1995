/**
 * Feedback in PostgreSQL, shared by every instance on the database. Newest
 * first by the row's sequence number, which the database assigns: the cursor
 * is the last number a page showed, so entries stored while an admin pages
 * through never shift or repeat a page (offsets would), and instances' clocks
 * do not decide the order.
 */
import type { Pool } from 'pg';
import { z } from 'zod';
import { ApiError } from '../../../../src/http/errors.js';
import { feedbackEntry, type FeedbackEntry, type FeedbackInput, type FeedbackPage, type FeedbackStore } from '../../../../src/http/feedback.js';
import type { LogEntry } from '../../../../src/util/log.js';
import { sharedQuery } from './pool.js';

/** A row as `pg` reads it (bigint as text); one that does not match is skipped, not served. */
const FeedbackRow = z
  .object({
    seq: z.string().regex(/^\d+$/u),
    id: z.string().min(1),
    at: z.date(),
    rating: z.enum(['up', 'down']),
    conversation_id: z.string().nullable(),
    answer_id: z.string().nullable(),
    comment: z.string().nullable(),
  })
  .transform((row): FeedbackEntry => feedbackEntry(
    {
      rating: row.rating,
      ...(row.conversation_id !== null ? { conversationId: row.conversation_id } : {}),
      ...(row.answer_id !== null ? { answerId: row.answer_id } : {}),
      ...(row.comment !== null ? { comment: row.comment } : {}),
    },
    row.id,
    row.at,
  ));

/** A cursor this store hands out: a row's sequence number, a positive bigint. */
const isCursor = (cursor: string) => /^[1-9]\d{0,18}$/u.test(cursor) && BigInt(cursor) <= 2n ** 63n - 1n;

export interface PgFeedbackOptions {
  /** Where a row that fails validation is reported (it is left in the table). */
  log?: (entry: LogEntry) => void;
}

export class PgFeedbackStore implements FeedbackStore {
  constructor(private readonly pool: Pool, private readonly options: PgFeedbackOptions = {}) {}

  async append(input: FeedbackInput): Promise<{ id: string }> {
    const entry = feedbackEntry(input);
    await sharedQuery(this.pool,
      'INSERT INTO feedback (id, at, rating, conversation_id, answer_id, comment) VALUES ($1, $2, $3, $4, $5, $6)',
      [entry.id, entry.at, entry.rating, entry.conversationId ?? null, entry.answerId ?? null, entry.comment ?? null],
    );
    return { id: entry.id };
  }

  async list(limit: number, cursor?: string): Promise<FeedbackPage> {
    if (cursor !== undefined && !isCursor(cursor)) throw new ApiError(400, 'invalid_request', 'cursor: not a cursor this list gave');
    const size = Math.max(0, Math.floor(limit));
    if (size === 0) return { entries: [], next: null };
    // one row past the page tells whether there is a next page
    const { rows } = await sharedQuery<Record<string, unknown>>(this.pool,
      `SELECT seq::text AS seq, id, at, rating, conversation_id, answer_id, comment FROM feedback
       WHERE $1::bigint IS NULL OR feedback.seq < $1::bigint ORDER BY feedback.seq DESC LIMIT $2`,
      [cursor ?? null, size + 1],
    );
    const page = rows.slice(0, size);
    const entries: FeedbackEntry[] = [];
    for (const row of page) {
      const parsed = FeedbackRow.safeParse(row);
      if (parsed.success) entries.push(parsed.data);
      else this.options.log?.({ level: 'warn', msg: 'feedback row skipped', seq: String(row.seq), error: parsed.error.issues[0]?.message });
    }
    const last = page.at(-1);
    return { entries, next: rows.length > size && last ? String(last.seq) : null };
  }
}
