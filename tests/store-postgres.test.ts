/**
 * STORE=postgres over a real PostgreSQL with pgvector (PGlite behind the wire
 * protocol, or TEST_DATABASE_URL): the same ranking and answers as the
 * embedded index on the shared questions; two instances on one database, one
 * uploading and re-indexing while the other keeps answering and switches
 * without a restart; the database stopped mid-traffic (503 with Retry-After,
 * /healthz says so) and the instances recovering when it returns.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../adapters/node/config.js';
import { MIGRATIONS } from '../adapters/node/store/postgres/migrations.js';
import { NodeQaService, openNodeIndex, type NodeIndexHandle } from '../adapters/node/service.js';
import { createApp } from '../src/http/app.js';
import { createNodeApp } from '../adapters/node/app.js';
import { PgConversationStore } from '../adapters/node/store/postgres/conversations.js';
import type { HybridRetriever } from '../src/retrieve/hybrid.js';
import type { LogEntry } from '../src/util/log.js';
import { modelDir, repoRoot, tempConfig } from './helpers/index.js';
import { TestDatabase } from './helpers/pglite.js';

const TOKEN = 'store-test-admin-token-0123456789';
const shared = readFileSync(join(repoRoot, '..', 'shared', 'eval', 'questions.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => (JSON.parse(l) as { q: string }).q);

let database: TestDatabase;
let embedded: NodeIndexHandle;
let a: NodeQaService;
let b: NodeQaService;
let appA: ReturnType<typeof createApp>;
let appB: ReturnType<typeof createApp>;

/** What the apps logged as errors other than a request's own line (an unhandled error's message and stack), so that a 500 says what caused it. */
const appErrors: LogEntry[] = [];
const appFor = (service: NodeQaService) =>
  createApp({
    service,
    config: { adminToken: TOKEN, corsOrigins: '*', rateLimitPerMinute: 0, maxUploadBytes: 1_000_000 },
    log: (entry) => {
      if (entry.level === 'error' && entry.msg !== 'request') appErrors.push(entry);
    },
  });
const ask = (app: ReturnType<typeof createApp>, question: string) =>
  app.request('/api/ask', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });

function retrieverOf(service: NodeQaService): HybridRetriever {
  return (service as unknown as { retriever: HybridRetriever }).retriever;
}

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  database = await TestDatabase.start();
  if (!database.embedded) {
    // a real server: these tests expect to be the only ones on its tables
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query('DROP TABLE IF EXISTS schema_migrations, feedback, conversation_turns, vectors, postings, paragraphs, documents, current_generation, generations, reports CASCADE');
    await client.end();
  }
  const configA = await tempConfig({ STORE: 'postgres', DATABASE_URL: database.url, STORE_POLL_MS: '100', DATABASE_STATEMENT_TIMEOUT_MS: '5000' });
  // the second instance imports nothing: it serves what the database holds
  const configB = loadConfig({ STORE: 'postgres', DATABASE_URL: database.url, STORE_POLL_MS: '100', CORPUS_DIR: '', EMBEDDINGS_MODEL_DIR: modelDir, LOG_LEVEL: 'silent' });
  a = new NodeQaService(configA);
  b = new NodeQaService(configB);
  appA = appFor(a);
  appB = appFor(b);
  [embedded] = await Promise.all([openNodeIndex(await tempConfig()), a.start()]);
  await b.start();
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await database?.stop();
});

describe('the index in PostgreSQL', () => {
  it('is configured by STORE and DATABASE_URL; with it, an unset CORPUS_DIR imports nothing', () => {
    expect(() => loadConfig({ STORE: 'postgres' })).toThrow(/DATABASE_URL: required when STORE=postgres/);
    expect(() => loadConfig({ STORE: 'mysql' })).toThrow(/STORE/);
    const config = loadConfig({ STORE: 'postgres', DATABASE_URL: 'postgres://fazhi@db.internal:5432/fazhi' });
    expect({ corpus: config.CORPUS_DIR, pool: config.DATABASE_POOL_MAX, timeout: config.DATABASE_STATEMENT_TIMEOUT_MS, poll: config.STORE_POLL_MS }).toEqual({ corpus: '', pool: 10, timeout: 15_000, poll: 2000 });
    expect(loadConfig({}).CORPUS_DIR).toBe('corpus');
    expect(() => loadConfig({ CORPUS_DIR: '' })).toThrow(/CORPUS_DIR/);
  });

  it('imports the corpus directory once; a second instance with none serves the same generation', async () => {
    expect(a.store.current()?.documents.length).toBe(5);
    expect(b.store.current()?.id).toBe(a.store.current()?.id);
    expect(b.store.current()?.corpus).toBe(embedded.index.manifest.corpusHash);
    const restarted = new NodeQaService(a.config);
    const again = await restarted.start();
    expect({ rebuilt: again.rebuilt, id: again.id }).toEqual({ rebuilt: false, id: a.store.current()?.id });
    await restarted.close();
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      // the index's migrations and the app's (feedback, conversations), each once, though three instances started
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
      expect(MIGRATIONS.map((m) => m.version)).toEqual(expect.arrayContaining([1, 100]));
    } finally {
      await client.end();
    }
  });

  it('ranks the shared questions as the embedded index does: the same lexical scores, the same fused top 10', async () => {
    const pgRetriever = retrieverOf(a);
    for (const q of shared) {
      const analysis = embedded.retriever.analyze(q);
      const text = analysis.expanded;
      expect(await pgRetriever.lexical.search(text, 50), q).toEqual(embedded.index.lexical.search(text, 50));
      const scope = [0, 3, 10, 40, 41, 42, 90];
      expect(await pgRetriever.lexical.search(text, 5, scope), q).toEqual(embedded.index.lexical.search(text, 5, scope));
      const ids = async (r: HybridRetriever) => (await r.retrieve(q, { topK: 10 })).hits.map((h) => h.paragraph.id);
      expect(await ids(pgRetriever), q).toEqual(await ids(embedded.retriever));
    }
  });

  it('gives the same cited answers as the embedded index', async () => {
    const reference = new NodeQaService(await tempConfig());
    reference.swap(embedded.retriever);
    for (const q of shared) {
      const [mine, theirs] = await Promise.all([a.answer(q), reference.answer(q)]);
      expect({ answer: mine.answer, cites: mine.citations.map((c) => c.id) }, q).toEqual({ answer: theirs.answer, cites: theirs.citations.map((c) => c.id) });
    }
  });

  it('an upload through A and a re-index there: B answers from the new report without a restart, and no ask fails meanwhile', async () => {
    const before = b.store.current()?.id;
    let stop = false;
    const statuses: number[] = [];
    const traffic = (async () => {
      while (!stop) {
        for (const app of [appA, appB]) statuses.push((await ask(app, shared[statuses.length % shared.length] as string)).status);
      }
    })();
    const form = new FormData();
    form.append('file', new Blob(['青禾镇2023年法治政府建设情况报告\n一、主要工作\n全年共调解各类矛盾纠纷88件，调解成功率97.7%。\n'], { type: 'text/plain' }), 'qinghe-2023.txt');
    const up = await appA.request('/api/admin/reports', { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: form });
    expect(up.status).toBeLessThan(300);
    expect((await appA.request('/api/admin/reindex', { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    await until('B to switch', () => b.store.current()?.id !== before);
    stop = true;
    await traffic;
    expect(b.store.current()?.id).toBe(a.store.current()?.id);
    const body = (await (await ask(appB, '青禾镇2023年调解了多少件矛盾纠纷？')).json()) as { answered: boolean; answer: string };
    expect(body.answered).toBe(true);
    expect(body.answer).toContain('88');
    expect(statuses.length).toBeGreaterThan(2);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
  });

  it('a report deleted through B is gone from A after B re-indexes; only the current and the previous generation remain', async () => {
    const del = await appB.request('/api/admin/reports/qinghe-2023.txt', { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(del.status).toBeLessThan(300);
    const before = a.store.current()?.id;
    expect((await appB.request('/api/admin/reindex', { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    await until('A to switch', () => a.store.current()?.id !== before);
    const body = (await (await ask(appA, '青禾镇2023年调解了多少件矛盾纠纷？')).json()) as { answered: boolean };
    expect(body.answered).toBe(false);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ id: string }>('SELECT id::text FROM generations ORDER BY id');
      expect(rows.map((r) => r.id)).toEqual([before, a.store.current()?.id]);
    } finally {
      await client.end();
    }
  });

  it('as `npm start` wires it, keeps follow-ups and ratings in the database too: what one instance stored, the other sees', async () => {
    expect(a.conversations).toBeInstanceOf(PgConversationStore);
    const first = await a.answer(shared[0] as string, { conversationId: 'wired-1' });
    expect((await b.conversations.history('wired-1')).map((t) => t.question)).toEqual([shared[0]]);
    // createNodeApp as server.ts calls it; the request carries the socket @hono/node-server would give it
    const nodeApp = (service: NodeQaService) => createNodeApp(service, { ...service.config, ADMIN_TOKEN: TOKEN }, service.pool ? { pool: service.pool } : {});
    const socket = { incoming: { socket: { remoteAddress: '203.0.113.9', remotePort: 40000, remoteFamily: 'IPv4' } } };
    const rated = await nodeApp(b).request('/api/feedback', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rating: 'up', answerId: first.id, comment: '经由B' }) }, socket);
    expect(rated.status).toBe(201);
    const listed = (await (await nodeApp(a).request('/api/admin/feedback', { headers: { Authorization: `Bearer ${TOKEN}` } }, socket)).json()) as { entries: { answerId?: string; comment?: string }[] };
    expect(listed.entries).toContainEqual(expect.objectContaining({ answerId: first.id, comment: '经由B' }));
  });

  it('the database stopped mid-traffic: 503 with Retry-After and /healthz says why; both recover when it returns, as does an instance started during the outage', async (ctx) => {
    if (!database.embedded) ctx.skip();
    appErrors.length = 0;
    expect((await ask(appA, shared[0] as string)).status).toBe(200);
    let stop = false;
    const seen: { status: number; retryAfter: string | null; body?: string }[] = [];
    const traffic = (async () => {
      for (let i = 0; !stop; i++) {
        const r = await ask(i % 2 ? appA : appB, shared[i % shared.length] as string);
        // the body of anything but an answer or a 503, so that a failure says what went wrong
        if (r.status !== 200 && r.status !== 503) seen.push({ status: r.status, retryAfter: r.headers.get('retry-after'), body: (await r.text()).slice(0, 300) });
        else {
          seen.push({ status: r.status, retryAfter: r.headers.get('retry-after') });
          await r.body?.cancel();
        }
        // a 503 is answered without any I/O: a loop of them would starve the timers (the instances' polls) that a real client's network leaves room for
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    await until('traffic', () => seen.length > 3);
    await database.pause();
    const during = await ask(appA, '址山镇在册持证行政执法人员有多少人？');
    expect(during.status).toBe(503);
    expect(during.headers.get('retry-after')).toBeTruthy();
    await until('both to notice', () => !a.ready() && !b.ready());
    const health = await appB.request('/healthz');
    expect(health.status).toBe(503);
    expect(((await health.json()) as { error: { message: string } }).error.message).toContain('database is unreachable');
    // an instance started meanwhile waits for the database and comes up with it
    const late = new NodeQaService(b.config);
    const starting = late.start();
    await until('the late instance to say why it waits', () => late.unavailable()?.includes('unreachable') ?? false);
    const refused = await ask(appB, shared[1] as string);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBeTruthy();
    await database.resume();
    await until('both to recover', () => a.ready() && b.ready());
    expect((await starting).id).toBe(a.store.current()?.id);
    expect(late.ready()).toBe(true);
    await late.close();
    const resumed = seen.length;
    await until('traffic after the recovery', () => seen.length > resumed + 3);
    stop = true;
    await traffic;
    for (const app of [appA, appB]) {
      expect((await app.request('/healthz')).status).toBe(200);
      expect((await ask(app, '月亮岛街道2021年共调解矛盾纠纷多少件？')).status).toBe(200);
    }
    // every ask answered or refused with a time to retry: never a 500 (and, if there was one, what caused it)
    expect({ failed: seen.filter((r) => r.status !== 200 && !(r.status === 503 && r.retryAfter)), errors: appErrors }).toEqual({ failed: [], errors: [] });
    expect(seen.slice(-3).map((r) => r.status)).toEqual([200, 200, 200]);
  });
});
