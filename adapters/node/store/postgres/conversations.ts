/**
 * Conversation memory in PostgreSQL, so a follow-up reaches whichever
 * instance the load balancer picks. The same bounds as the in-memory store:
 * at most `maxTurns` per conversation, each counting for `ttlMs`. Expired
 * turns are pruned as turns are added, a few at a time through the index on
 * their time, so no sweep ever scans the table.
 */
import type { Pool } from 'pg';
import { z } from 'zod';
import { DEFAULT_MAX_TURNS, DEFAULT_TURN_TTL_MS, placeContext, type ConversationMemory, type Turn } from '../../../../src/answer/conversation.js';
import type { LogEntry } from '../../../../src/util/log.js';
import { sharedQuery } from './pool.js';

/** A row as `pg` reads it; one that does not match is skipped (that turn is forgotten), not served. */
const TurnRow = z
  .object({
    seq: z.string(),
    at: z.date(),
    question: z.string(),
    answer: z.string(),
    place_doc_ids: z.array(z.string()).nullable(),
    year: z.number().int().nullable(),
  })
  .transform((row): Turn => ({ question: row.question, answer: row.answer, placeDocIds: row.place_doc_ids, year: row.year, at: row.at.getTime() }));

export interface PgConversationOptions {
  maxTurns?: number;
  ttlMs?: number;
  /** Expired turns of other conversations deleted with each turn added: more than one, so pruning outpaces expiry. */
  pruneBatch?: number;
  /** Where a row that fails validation is reported. */
  log?: (entry: LogEntry) => void;
}

export class PgConversationStore implements ConversationMemory {
  private readonly maxTurns: number;
  private readonly ttlMs: number;
  private readonly pruneBatch: number;

  constructor(private readonly pool: Pool, private readonly options: PgConversationOptions = {}) {
    this.maxTurns = Math.max(1, options.maxTurns ?? DEFAULT_MAX_TURNS);
    this.ttlMs = options.ttlMs ?? DEFAULT_TURN_TTL_MS;
    this.pruneBatch = options.pruneBatch ?? 100;
  }

  async history(id: string, now = Date.now()): Promise<Turn[]> {
    const { rows } = await sharedQuery<Record<string, unknown>>(this.pool,
      `SELECT seq::text AS seq, at, question, answer, place_doc_ids, year FROM conversation_turns
       WHERE conversation_id = $1 AND at >= $2 ORDER BY conversation_turns.seq DESC LIMIT $3`,
      [id, new Date(now - this.ttlMs), this.maxTurns],
    );
    const turns: Turn[] = [];
    for (const row of rows) {
      const parsed = TurnRow.safeParse(row);
      if (parsed.success) turns.push(parsed.data);
      else this.options.log?.({ level: 'warn', msg: 'conversation turn skipped', seq: String(row.seq), error: parsed.error.issues[0]?.message });
    }
    return turns.reverse();
  }

  async context(id: string): Promise<Turn | undefined> {
    return placeContext(await this.history(id));
  }

  /**
   * One statement (one round trip on the ask path): the turn goes in; of this
   * conversation's earlier turns only the newest maxTurns - 1 that have not
   * expired stay (the statement's snapshot does not see the new row, so it
   * is never among those deleted); and a batch of other conversations'
   * expired turns goes, skipping rows another instance is deleting.
   */
  async add(id: string, turn: Turn): Promise<void> {
    const expiredBefore = new Date(turn.at - this.ttlMs);
    await sharedQuery(this.pool,
      `WITH added AS (
         INSERT INTO conversation_turns (conversation_id, at, question, answer, place_doc_ids, year) VALUES ($1, $2, $3, $4, $5, $6)
       ), trimmed AS (
         DELETE FROM conversation_turns WHERE conversation_id = $1 AND (at < $7 OR seq NOT IN (
           SELECT seq FROM conversation_turns WHERE conversation_id = $1 ORDER BY seq DESC LIMIT $8))
       ), expired AS (
         DELETE FROM conversation_turns WHERE seq IN (
           SELECT seq FROM conversation_turns WHERE at < $7 AND conversation_id <> $1 ORDER BY at LIMIT $9 FOR UPDATE SKIP LOCKED)
       )
       SELECT 1`,
      [id, new Date(turn.at), turn.question, turn.answer, turn.placeDocIds, turn.year, expiredBefore, this.maxTurns - 1, this.pruneBatch],
    );
  }

  async reset(id: string): Promise<void> {
    await sharedQuery(this.pool, 'DELETE FROM conversation_turns WHERE conversation_id = $1', [id]);
  }
}
