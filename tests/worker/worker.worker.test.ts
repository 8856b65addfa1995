/**
 * The Worker inside workerd (@cloudflare/vitest-pool-workers): the deployed
 * entry (wrangler.toml `main`) called through SELF over the index in D1
 * (loaded by apply-d1.ts), plus the pieces that only a Worker runs
 * (jieba-wasm from a CompiledWasm module, the opencc stand-in).
 */
import { SELF, env } from 'cloudflare:test';
import { add_word, cut, initSync } from 'jieba-wasm/web';
import { beforeAll, describe, expect, it } from 'vitest';
import type { D1Binding, WorkerEnv } from '../../adapters/worker/bindings.js';
import { currentGeneration, loadGeneration, type D1Generation } from '../../adapters/worker/d1.js';
import jiebaModule from '../../adapters/worker/generated/jieba.wasm';
import { jiebaWasmSegmenter } from '../../adapters/worker/segmenter.js';
import { createWorker } from '../../adapters/worker/worker.js';
import { buildLexical } from '../../src/retrieve/lexical.js';

const BASE = 'https://fazhi.example';
const ADMIN = { Authorization: `Bearer ${String(env.ADMIN_TOKEN)}` };
const DB = env.DB as D1Binding;
let generation: D1Generation;

beforeAll(async () => {
  generation = await loadGeneration(DB, await currentGeneration(DB));
});

interface AskBody {
  answered: boolean;
  answer: string;
  citations: { n: number; id: string; text: string; simplified: string; docId: string }[];
}

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  SELF.fetch(`${BASE}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

async function errorOf(res: Response): Promise<{ code: string; message: string }> {
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message']);
  expect(typeof body.error.message).toBe('string');
  return body.error;
}

describe('the Worker in workerd', () => {
  it('is healthy, and ready with the corpus the build put in D1', async () => {
    const health = await SELF.fetch(`${BASE}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(health.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    const ready = await SELF.fetch(`${BASE}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ok', documents: 5, paragraphs: generation.paragraphs.length, reindexing: false });
  });

  it('serves the web widget, the demo page and a report\'s source view', async () => {
    const widget = await SELF.fetch(`${BASE}/widget.js`);
    expect(widget.status).toBe(200);
    expect(widget.headers.get('content-type')).toMatch(/javascript/);
    expect((await widget.text()).length).toBeGreaterThan(1000);
    const home = await SELF.fetch(`${BASE}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('widget.js');
    const source = await SELF.fetch(`${BASE}/documents/yueliangdao-2021`);
    expect(source.status).toBe(200);
    expect(await source.text()).toContain('691');
  });

  it('answers 月亮岛街道2021年共调解矛盾纠纷多少件？ with 691 and the paragraph that says so', async () => {
    const res = await post('/api/ask', { question: '月亮岛街道2021年共调解矛盾纠纷多少件？' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as AskBody;
    expect(body.answered).toBe(true);
    expect(body.answer).toContain('691');
    expect(body.answer).toMatch(/\[1\]/u);
    expect(body.citations.length).toBeGreaterThan(0);
    expect(body.citations[0]).toMatchObject({ n: 1, docId: 'yueliangdao-2021' });
    expect(body.citations[0]!.simplified).toContain('691');
  });

  it('refuses what the reports do not cover', async () => {
    const res = await post('/api/ask', { question: '北京市海淀区2023年法治政府建设情况如何？' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as AskBody;
    expect(body.answered).toBe(false);
    expect(body.citations).toEqual([]);
    expect(body.answer).toContain('海淀');
  });

  it('answers a question in traditional script in traditional script', async () => {
    const res = await post('/api/ask', { question: '月亮島街道2021年共調解矛盾糾紛多少件？' });
    const body = (await res.json()) as AskBody;
    expect(body.answered).toBe(true);
    expect(body.answer).toContain('691');
    expect(body.answer).toContain('調解');
  });

  it('streams an answer as Server-Sent Events', async () => {
    const res = await post('/api/ask', { question: '月亮岛街道2021年共调解矛盾纠纷多少件？' }, { Accept: 'text/event-stream' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await res.text();
    expect(text).toContain('event: citations');
    expect(text).toContain('event: done');
    expect(text).toContain('691');
  });

  it('answers errors in the same JSON shape as on Node', async () => {
    const badJson = await post('/api/ask', '{"question": ');
    expect(badJson.status).toBe(400);
    expect((await errorOf(badJson)).code).toBe('bad_json');

    const invalid = await post('/api/ask', { question: '' });
    expect(invalid.status).toBe(400);
    expect(await errorOf(invalid)).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('question') });

    const unknown = await SELF.fetch(`${BASE}/no/such/route`);
    expect(unknown.status).toBe(404);
    expect((await errorOf(unknown)).code).toBe('not_found');

    const method = await SELF.fetch(`${BASE}/api/ask`);
    expect(method.status).toBe(405);
    expect((await errorOf(method)).code).toBe('method_not_allowed');

    const media = await SELF.fetch(`${BASE}/api/ask`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'hi' });
    expect(media.status).toBe(415);
    expect((await errorOf(media)).code).toBe('unsupported_media_type');
  });

  it('cannot reindex or take uploads (501), and keeps admin routes behind the token', async () => {
    const anonymous = await post('/api/admin/reindex', {});
    expect(anonymous.status).toBe(401);
    expect((await errorOf(anonymous)).code).toBe('unauthorized');

    const reindex = await post('/api/admin/reindex', {}, ADMIN);
    expect(reindex.status).toBe(501);
    expect((await errorOf(reindex)).code).toBe('not_implemented');

    const upload = await SELF.fetch(`${BASE}/api/admin/reports?name=x.txt`, { method: 'POST', headers: { ...ADMIN, 'Content-Type': 'application/octet-stream' }, body: 'text' });
    expect(upload.status).toBe(501);
  });

  it('stores feedback in the KV namespace bound as FEEDBACK, newest first', async () => {
    const first = await post('/api/feedback', { answerId: 'a-1', rating: 'up' });
    expect(first.status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await post('/api/feedback', { answerId: 'a-2', rating: 'down', comment: '不对' });
    const { id } = (await second.json()) as { id: string };
    expect(await (env.FEEDBACK as { list(o: object): Promise<{ keys: { name: string }[] }> }).list({ prefix: 'feedback:' })).toMatchObject({
      keys: expect.arrayContaining([expect.objectContaining({ name: expect.stringContaining(id) })]),
    });
    const listed = await SELF.fetch(`${BASE}/api/admin/feedback?limit=10`, { headers: ADMIN });
    const { entries } = (await listed.json()) as { entries: { answerId: string; rating: string }[] };
    expect(entries.slice(0, 2).map((e) => e.answerId)).toEqual(['a-2', 'a-1']);
  });

  it('cuts words in workerd exactly as the build did (the rebuilt index has the statistics in D1)', () => {
    initSync({ module: jiebaModule });
    const segmenter = jiebaWasmSegmenter({ cut, add_word }, generation.vocabulary);
    const rebuilt = buildLexical(generation.paragraphs, generation.vocabulary, segmenter).bm25;
    expect(rebuilt.lengths).toEqual(generation.lengths);
    expect(rebuilt.avgLength).toBe(generation.avgLength);
    expect(Object.entries(rebuilt.postings).map(([token, list]) => [token, list.length / 2])).toEqual(generation.documentFrequencies);
  });
});

describe('createWorker in workerd', () => {
  const jieba = () => {
    initSync({ module: jiebaModule });
    return { cut, add_word };
  };
  const ctx = { waitUntil: () => {} };

  it('keeps feedback in memory when no KV namespace is bound', async () => {
    const worker = createWorker({ jieba });
    const workerEnv: WorkerEnv = { DB, ADMIN_TOKEN: 'another-admin-token-0123456', RATE_LIMIT_PER_MINUTE: 0, LOG_LEVEL: 'silent' };
    const res = await worker.fetch(new Request(`${BASE}/api/feedback`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ answerId: 'm-1', rating: 'up' }) }), workerEnv, ctx);
    expect(res.status).toBe(201);
    expect(worker.instance()).toMatchObject({ feedback: 'memory' });
    expect(worker.instance()?.retrieval()).toBe('lexical');
    const listed = await worker.fetch(new Request(`${BASE}/api/admin/feedback`, { headers: { Authorization: 'Bearer another-admin-token-0123456' } }), workerEnv, ctx);
    expect(((await listed.json()) as { entries: { answerId: string }[] }).entries.map((e) => e.answerId)).toEqual(['m-1']);
  });

  it('answers every request with the error shape when the configuration is invalid', async () => {
    const worker = createWorker({ jieba });
    const res = await worker.fetch(new Request(`${BASE}/healthz`), { DB, RATE_LIMIT_PER_MINUTE: 'lots', ADMIN_TOKEN: 'short' }, ctx);
    expect(res.status).toBe(500);
    const error = await errorOf(res);
    expect(error.code).toBe('internal');
    expect(error.message).toMatch(/RATE_LIMIT_PER_MINUTE/);
    expect(error.message).toMatch(/ADMIN_TOKEN: must be at least 16 characters/);
  });

  it('answers 503 saying how to load the index when no D1 database is bound, and serves what needs none', async () => {
    const worker = createWorker({ jieba });
    const health = await worker.fetch(new Request(`${BASE}/healthz`), { LOG_LEVEL: 'silent' }, ctx);
    expect(health.status).toBe(503);
    const body = (await health.json()) as { error: { code: string; message: string }; status: string; index: string };
    expect(body).toMatchObject({ status: 'unavailable', index: 'not_bound', error: { code: 'not_ready' } });
    expect(body.error.message).toMatch(/\[\[d1_databases\]\].*npm run worker:build -- --load/u);
    const ask = await worker.fetch(new Request(`${BASE}/api/ask`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ question: '月亮岛街道2021年共调解矛盾纠纷多少件？' }) }), { LOG_LEVEL: 'silent' }, ctx);
    expect(ask.status).toBe(503);
    expect((await errorOf(ask)).message).toMatch(/npm run worker:build/u);
    expect((await worker.fetch(new Request(`${BASE}/openapi.json`), { LOG_LEVEL: 'silent' }, ctx)).status).toBe(200);
  });

  it('answers 503 saying how to load the index when D1 holds none', async () => {
    const worker = createWorker({ jieba });
    const res = await worker.fetch(new Request(`${BASE}/readyz`), { DB: env.EMPTY_DB as D1Binding, LOG_LEVEL: 'silent' }, ctx);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'unavailable', index: 'empty', error: { code: 'not_ready', message: expect.stringMatching(/holds no index.*--load local/u) } });
  });

  it('answers 503 with Retry-After while D1 fails, and recovers by itself', async () => {
    let down = true;
    const flaky: D1Binding = {
      prepare: (sql) => {
        if (down) throw new Error('D1_ERROR: network connection lost');
        return DB.prepare(sql);
      },
      batch: (statements) => DB.batch(statements),
    };
    const worker = createWorker({ jieba });
    const workerEnv: WorkerEnv = { DB: flaky, LOG_LEVEL: 'silent' };
    const failed = await worker.fetch(new Request(`${BASE}/healthz`), workerEnv, ctx);
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('5');
    expect(await failed.json()).toMatchObject({ index: 'failing', error: { message: expect.stringContaining('network connection lost') } });
    down = false;
    expect((await worker.fetch(new Request(`${BASE}/healthz`), workerEnv, ctx)).status).toBe(200);
  });

  it('fuses dense hits from Workers AI and Vectorize when both are bound', async () => {
    const target = generation.paragraphs.find((p) => p.docId === 'yueliangdao-2021' && p.simplified.includes('691'))!;
    const calls: unknown[] = [];
    const workerEnv: WorkerEnv = {
      DB,
      RATE_LIMIT_PER_MINUTE: '0',
      LOG_LEVEL: 'silent',
      AI: { run: async (model, inputs) => (calls.push({ model, inputs }), { shape: [1, 3], data: [[0.1, 0.2, 0.3]] }) },
      VECTORIZE: { query: async (vector, options) => (calls.push({ vector, options }), { matches: [{ id: target.id, score: 0.9 }] }) },
    };
    const worker = createWorker({ jieba });
    const res = await worker.fetch(new Request(`${BASE}/api/ask`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ question: '月亮岛街道2021年共调解矛盾纠纷多少件？' }) }), workerEnv, ctx);
    const body = (await res.json()) as AskBody & { citations: { id: string }[] };
    expect(worker.instance()?.retrieval()).toBe('hybrid');
    expect(body.answered).toBe(true);
    expect(body.citations[0]?.id).toBe(target.id);
    expect(calls[0]).toEqual({ model: '@cf/baai/bge-m3', inputs: { text: ['月亮岛街道2021年共调解矛盾纠纷多少件？'] } });
    expect(calls[1]).toMatchObject({ vector: [0.1, 0.2, 0.3], options: { topK: 50, filter: { docId: { $in: ['yueliangdao-2021'] } } } });
  });
});
