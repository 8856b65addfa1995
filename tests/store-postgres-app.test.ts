/**
 * Feedback and conversation memory in PostgreSQL, as two app instances share
 * them: each "instance" has its own pool on one database (PGlite over the wire
 * protocol, or TEST_DATABASE_URL). PGlite serves every connection from one
 * session, so nothing here relies on isolation between connections.
 */
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConversationStore, type Turn } from '../src/answer/conversation.js';
import { QaEngine } from '../src/engine.js';
import { createApp } from '../src/http/app.js';
import { ApiError } from '../src/http/errors.js';
import type { LogEntry } from '../src/util/log.js';
import { APP_MIGRATIONS } from '../adapters/node/store/postgres/app-schema.js';
import { PgConversationStore } from '../adapters/node/store/postgres/conversations.js';
import { PgFeedbackStore } from '../adapters/node/store/postgres/feedback.js';
import { isUnavailable } from '../adapters/node/store/postgres/pool.js';
import { memoryRetriever } from './helpers/memory-index.js';
import { TestDatabase } from './helpers/pglite.js';

let db: TestDatabase;
let a: pg.Pool;
let b: pg.Pool;

/** A schema of its own, so other test files on the same TEST_DATABASE_URL are not disturbed. */
const SCHEMA = `app_store_test_${process.pid}_${Date.now()}`;

/** One app instance's pool: its own connections, every one in the test schema. */
function instancePool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  // a client runs its queries in order, so this comes before any query of the test's
  pool.on('connect', (client) => void client.query(`SET search_path TO ${SCHEMA}`));
  return pool;
}

/** Until the shared migration runner applies them: the app's migrations in version order. */
async function migrate(pool: pg.Pool): Promise<void> {
  for (const m of [...APP_MIGRATIONS].sort((x, y) => x.version - y.version)) await pool.query(m.sql);
}

beforeAll(async () => {
  db = await TestDatabase.start();
  a = instancePool(db.url);
  b = instancePool(db.url);
  await a.query(`CREATE SCHEMA ${SCHEMA}`);
  await migrate(a);
});

afterAll(async () => {
  await a?.query(`DROP SCHEMA ${SCHEMA} CASCADE`).catch(() => undefined);
  await a?.end();
  await b?.end();
  await db?.stop();
});

describe('what counts as the database being unavailable (503 with Retry-After, not a 500)', () => {
  const failure = (code: string, message: string) => Object.assign(new pg.DatabaseError(message, 0, 'error'), { code });

  it('a server shutting down, out of connections or having lost the session\'s statement; a dropped connection', () => {
    expect(isUnavailable(failure('57P01', 'terminating connection due to administrator command'))).toBe(true);
    expect(isUnavailable(failure('53300', 'sorry, too many clients already'))).toBe(true);
    expect(isUnavailable(failure('08006', 'connection failure'))).toBe(true);
    // seen when another connection to PGlite's one session dropped between its Parse and its Sync
    expect(isUnavailable(failure('26000', 'unnamed prepared statement does not exist'))).toBe(true);
    expect(isUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('not a statement the server refused as written', async () => {
    expect(isUnavailable(failure('42601', 'syntax error at or near "SELEC"'))).toBe(false);
    const refused = await a.query('SELEC 1').catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(pg.DatabaseError);
    expect(isUnavailable(refused)).toBe(false);
  });
});

describe('the app migrations', () => {
  it('are numbered from 100, in order, and can run again', async () => {
    const versions = APP_MIGRATIONS.map((m) => m.version);
    expect(versions.every((v) => v >= 100)).toBe(true);
    expect(versions).toEqual([...versions].sort((x, y) => x - y));
    expect(new Set(versions).size).toBe(versions.length);
    await migrate(b);
  });
});

describe('feedback in PostgreSQL', () => {
  beforeEach(async () => {
    await a.query('TRUNCATE feedback');
  });

  it('is one list for every instance, newest first, with every field as stored', async () => {
    const onA = new PgFeedbackStore(a);
    const onB = new PgFeedbackStore(b);
    const first = await onA.append({ rating: 'up', answerId: 'ans-1' });
    const second = await onB.append({ rating: 'down', conversationId: 'c-1', answerId: 'ans-2', comment: '数字不对：应为87件 "引号" \\ 换行\n' });
    const third = await onA.append({ rating: 'up', conversationId: 'c-2' });
    for (const store of [onA, onB]) {
      const page = await store.list(10);
      expect(page.entries.map((e) => e.id)).toEqual([third.id, second.id, first.id]);
      expect(page.next).toBeNull();
    }
    const [, entry] = (await onA.list(10)).entries;
    expect(entry).toEqual({ id: second.id, at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/u), rating: 'down', conversationId: 'c-1', answerId: 'ans-2', comment: '数字不对：应为87件 "引号" \\ 换行\n' });
    expect(Object.keys((await onA.list(10)).entries[2]!)).toEqual(['id', 'at', 'rating', 'answerId']);
  });

  it('pages by cursor across instances; entries stored meanwhile neither shift nor repeat a page', async () => {
    const onA = new PgFeedbackStore(a);
    const onB = new PgFeedbackStore(b);
    const stored: string[] = [];
    for (let i = 0; i < 7; i++) stored.push((await (i % 2 ? onB : onA).append({ rating: 'up', answerId: `before-${i}` })).id);
    const seen: string[] = [];
    let page = await onA.list(3);
    seen.push(...page.entries.map((e) => e.id));
    let later = 0;
    while (page.next) {
      // another instance keeps taking feedback while the admin pages on this one
      await onB.append({ rating: 'down', answerId: `during-${later++}` });
      page = await (later % 2 ? onB : onA).list(3, page.next);
      seen.push(...page.entries.map((e) => e.id));
    }
    expect(seen).toEqual([...stored].reverse());
    const fresh = await onB.list(later);
    expect(fresh.entries.map((e) => e.answerId)).toEqual(Array.from({ length: later }, (_, i) => `during-${later - 1 - i}`));
    expect(fresh.next).not.toBeNull();
  });

  it('an empty list, a page of exactly what is left, and a cursor it never gave (400)', async () => {
    const store = new PgFeedbackStore(a);
    expect(await store.list(5)).toEqual({ entries: [], next: null });
    await store.append({ rating: 'up', answerId: 'x' });
    await store.append({ rating: 'up', answerId: 'y' });
    const page = await store.list(2);
    expect(page.entries).toHaveLength(2);
    expect(page.next).toBeNull();
    for (const cursor of ['abc', '-1', '0', '1.5', '', '99999999999999999999', '9223372036854775808', '1; DROP TABLE feedback']) {
      const error = await store.list(2, cursor).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(400);
    }
    expect((await store.list(2)).entries).toHaveLength(2);
  });

  it('skips a row that fails validation, says so, and pages on past it', async () => {
    const logged: LogEntry[] = [];
    const store = new PgFeedbackStore(b, { log: (e) => logged.push(e) });
    await store.append({ rating: 'up', answerId: 'good-1' });
    // a row another writer left (the constraint missing, as in a hand-made table)
    await a.query('ALTER TABLE feedback DROP CONSTRAINT feedback_rating_check');
    try {
      await a.query(`INSERT INTO feedback (id, at, rating) VALUES ('bad', now(), 'meh')`);
      await store.append({ rating: 'down', answerId: 'good-2' });
      const first = await store.list(2);
      expect(first.entries.map((e) => e.answerId)).toEqual(['good-2']);
      expect(first.next).not.toBeNull();
      const rest = await store.list(2, first.next!);
      expect(rest).toEqual({ entries: [expect.objectContaining({ answerId: 'good-1' })], next: null });
      expect(logged).toEqual([expect.objectContaining({ level: 'warn', msg: 'feedback row skipped' })]);
    } finally {
      await a.query('DELETE FROM feedback WHERE id = $1', ['bad']);
      await a.query(`ALTER TABLE feedback ADD CONSTRAINT feedback_rating_check CHECK (rating IN ('up', 'down'))`);
    }
  });

  it('the table refuses a rating other than up or down', async () => {
    await expect(a.query(`INSERT INTO feedback (id, at, rating) VALUES ('x', now(), 'meh')`)).rejects.toThrow(/feedback_rating_check/u);
  });
});

const turn = (question: string, at: number, placeDocIds: string[] | null = null, year: number | null = null): Turn => ({ question, answer: `答：${question}`, placeDocIds, year, at });
const rowsOf = async (id: string) => Number((await a.query<{ n: string }>('SELECT count(*)::text AS n FROM conversation_turns WHERE conversation_id = $1', [id])).rows[0]!.n);

describe('conversations in PostgreSQL', () => {
  beforeEach(async () => {
    await a.query('TRUNCATE conversation_turns');
  });

  it('a follow-up asked on instance B uses the turn asked on instance A', async () => {
    const retriever = memoryRetriever(fileURLToPath(new URL('./fixtures/answer-types', import.meta.url)));
    const instanceA = new QaEngine(retriever, {}, new PgConversationStore(a));
    const instanceB = new QaEngine(retriever, {}, new PgConversationStore(b));
    const first = await instanceA.answer('石桥镇2023年调解了多少件矛盾纠纷？', { conversationId: 'k-shared' });
    expect(first.answered).toBe(true);
    const next = await instanceB.answer('那普法活动开展了多少场？', { conversationId: 'k-shared' });
    expect(next.answer).toContain('46');
    expect(next.citations.every((c) => c.docId === 'shiqiao-zhen-2023')).toBe(true);
    // the same follow-up on an instance that keeps its memory to itself has no place to go on
    const alone = await new QaEngine(retriever).answer('那普法活动开展了多少场？', { conversationId: 'k-shared' });
    expect(alone.answer).not.toBe(next.answer);
    expect(await rowsOf('k-shared')).toBe(2);
  });

  it('keeps the newest maxTurns of a conversation, oldest first, in the table too', async () => {
    const onA = new PgConversationStore(a, { maxTurns: 3 });
    const onB = new PgConversationStore(b, { maxTurns: 3 });
    const now = Date.now();
    for (let i = 0; i < 5; i++) await (i % 2 ? onB : onA).add('c', turn(`q${i}`, now + i));
    expect((await onB.history('c')).map((t) => t.question)).toEqual(['q2', 'q3', 'q4']);
    expect(await rowsOf('c')).toBe(3);
    expect(await onA.history('other')).toEqual([]);
  });

  it('gives back a turn as it was added; the context is the latest turn that named a place', async () => {
    const store = new PgConversationStore(a);
    const now = Date.now();
    await store.add('c', turn('石桥镇2023年调解了多少件？', now - 2, ['shiqiao-zhen-2023', '青禾县'], 2023));
    await store.add('c', turn('那普法呢？', now - 1, []));
    await store.add('c', turn('谢谢', now));
    const history = await store.history('c');
    expect(history[0]).toEqual(turn('石桥镇2023年调解了多少件？', now - 2, ['shiqiao-zhen-2023', '青禾县'], 2023));
    expect(history[1]).toEqual(turn('那普法呢？', now - 1, []));
    expect((await store.context('c'))?.question).toBe('石桥镇2023年调解了多少件？');
    expect(await store.context('none')).toBeUndefined();
  });

  it('forgets turns past their age as the in-memory store does, and prunes them a batch at a time', async () => {
    const ttlMs = 60_000;
    const now = Date.now();
    const memory = new ConversationStore({ ttlMs });
    const store = new PgConversationStore(b, { ttlMs, pruneBatch: 2 });
    for (const s of [memory, store]) {
      await s.add('old', turn('早先的问题', now - 2 * ttlMs, ['doc'], 2023));
      await s.add('c', turn('过期的', now - ttlMs - 1, ['doc']));
      await s.add('c', turn('还算数的', now - ttlMs + 1000));
    }
    expect(await store.history('old')).toEqual(memory.history('old'));
    expect(await store.history('c')).toEqual(memory.history('c'));
    expect((await store.history('c')).map((t) => t.question)).toEqual(['还算数的']);
    expect(await store.context('old')).toBeUndefined();
    // expiry counts from the time of the turn added: 'old' had expired by the last turn of 'c' and went with it;
    // the expired turn of 'c' had not yet then, and stays in the table until a later add prunes it
    expect(await rowsOf('old')).toBe(0);
    expect(await rowsOf('c')).toBe(2);
    const expired = async () => Number((await a.query<{ n: string }>('SELECT count(*)::text AS n FROM conversation_turns WHERE at < $1', [new Date(now - ttlMs)])).rows[0]!.n);
    for (let i = 0; i < 5; i++) await a.query(`INSERT INTO conversation_turns (conversation_id, at, question, answer) VALUES ($1, $2, 'q', 'a')`, [`gone-${i}`, new Date(now - 3 * ttlMs)]);
    expect(await expired()).toBe(6);
    const counts: number[] = [];
    for (const q of ['新问题', '又一个', '再一个', '第四个']) {
      await store.add('new', turn(q, now));
      counts.push(await expired());
    }
    expect(counts).toEqual([4, 2, 0, 0]);
    expect(await rowsOf('c')).toBe(1);
    expect((await store.history('new')).map((t) => t.question)).toEqual(['新问题', '又一个', '再一个', '第四个']);
  });

  it('reset forgets a conversation on every instance', async () => {
    const onA = new PgConversationStore(a);
    const onB = new PgConversationStore(b);
    await onA.add('c', turn('q', Date.now(), ['doc']));
    await onA.add('d', turn('q', Date.now(), ['doc']));
    await onB.reset('c');
    expect(await onA.history('c')).toEqual([]);
    expect(await onA.history('d')).toHaveLength(1);
  });

  it('skips a turn that fails validation (the rest of the conversation stays), and says so', async () => {
    const logged: LogEntry[] = [];
    const store = new PgConversationStore(a, { log: (e) => logged.push(e) });
    const now = Date.now();
    await store.add('c', turn('第一问', now - 2, ['doc-1'], 2023));
    await a.query(`INSERT INTO conversation_turns (conversation_id, at, question, answer, place_doc_ids) VALUES ('c', $1, 'q', 'a', ARRAY[NULL]::text[])`, [new Date(now - 1)]);
    expect((await store.history('c')).map((t) => t.question)).toEqual(['第一问']);
    expect((await store.context('c'))?.placeDocIds).toEqual(['doc-1']);
    expect(logged[0]).toEqual(expect.objectContaining({ level: 'warn', msg: 'conversation turn skipped' }));
  });
});

describe('two HTTP app instances on one database', () => {
  const TOKEN = 'admin-token-0123456789abcdef';
  /** An instance as `npm start` with STORE=postgres would make it, behind a load balancer that names the client. */
  const instance = (pool: pg.Pool) => createApp({
    service: new QaEngine(memoryRetriever(fileURLToPath(new URL('./fixtures/answer-types', import.meta.url))), {}, new PgConversationStore(pool)),
    feedback: new PgFeedbackStore(pool),
    config: { adminToken: TOKEN, corsOrigins: '*', rateLimitPerMinute: 0, maxUploadBytes: 1024 },
    getClientKey: () => '203.0.113.7',
  });
  const post = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const admin = { headers: { Authorization: `Bearer ${TOKEN}` } };

  beforeEach(async () => {
    await a.query('TRUNCATE feedback, conversation_turns');
  });

  it('a follow-up reaches the other instance, and so do ratings; a bad cursor is a 400', async () => {
    const appA = instance(a);
    const appB = instance(b);
    const first = (await (await appA.request('/api/ask', post({ question: '石桥镇2023年调解了多少件矛盾纠纷？' }))).json()) as { conversationId: string; id: string; answered: boolean };
    expect(first.answered).toBe(true);
    const next = (await (await appB.request('/api/ask', post({ question: '那普法活动开展了多少场？', conversationId: first.conversationId }))).json()) as { answer: string; id: string };
    expect(next.answer).toContain('46');

    expect((await appB.request('/api/feedback', post({ rating: 'up', answerId: first.id, conversationId: first.conversationId }))).status).toBe(201);
    expect((await appA.request('/api/feedback', post({ rating: 'down', answerId: next.id, comment: '要具体场次' }))).status).toBe(201);
    const page = (await (await appA.request('/api/admin/feedback?limit=1', admin)).json()) as { entries: { answerId: string }[]; next: string };
    expect(page.entries.map((e) => e.answerId)).toEqual([next.id]);
    const rest = (await (await appB.request(`/api/admin/feedback?limit=1&cursor=${page.next}`, admin)).json()) as { entries: { answerId: string }[]; next: string | null };
    expect(rest.entries.map((e) => e.answerId)).toEqual([first.id]);
    const bad = await appB.request('/api/admin/feedback?cursor=abc', admin);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
  });
});
