/**
 * /metrics: the Node observer (prom-client) fed by the real service over the
 * bundled corpus, with a local OpenAI-protocol server playing an LLM that
 * states a wrong figure, then fails. The console's own Hono app mounts the
 * metrics route, the upload observer and the real HTTP app, as server.ts does.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeApp } from '../adapters/node/app.js';
import { llmDepsFor } from '../adapters/node/llm-config.js';
import { createNodeMetrics, type NodeMetrics } from '../adapters/node/metrics.js';
import { NodeQaService } from '../adapters/node/service.js';
import { LLM_WARNINGS } from '../src/answer/llm-answer.js';
import type { AnswerResult } from '../src/answer/types.js';
import { llmOutcome, observeUploads, observedService, stageSeconds } from '../src/observe.js';
import { tempConfig } from './helpers/index.js';
import { startOpenAIServer, type OpenAIServer } from './helpers/openai-server.js';

const TOKEN = 'metrics-test-admin-token-0123';
const ANSWERABLE = '月亮岛街道2021年共调解矛盾纠纷多少件？';
const OFF_TOPIC = '今天天气怎么样？';

let llmServer: OpenAIServer;
let service: NodeQaService;
let metrics: NodeMetrics;
let app: Hono;
let server: ServerType;
let base: string;
let llmReplies: ('wrong-figure' | 'down')[] = [];

const auth = { Authorization: `Bearer ${TOKEN}` };

/** Over a real socket: the Node app takes the client's address from it. */
function request(path: string, init?: RequestInit): Promise<Response> {
  return fetch(`${base}${path}`, init);
}

async function scrape(): Promise<string> {
  const res = await request('/metrics', { headers: auth });
  expect(res.status).toBe(200);
  return res.text();
}

/** The value of one sample line, e.g. `fazhi_asks_total{answered="true",mode="extractive",stream="false"}`. */
function sample(text: string, series: string): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  }
  return undefined;
}

async function ask(body: Record<string, unknown>, stream = false): Promise<AnswerResult> {
  const res = await request('/api/ask', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(stream ? { Accept: 'text/event-stream' } : {}) },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  if (!stream) return (await res.json()) as AnswerResult;
  const text = await res.text();
  const done = /event: done\ndata: (.*)\n/.exec(text)?.[1];
  expect(done).toBeDefined();
  return JSON.parse(done ?? '{}') as AnswerResult;
}

function upload(name: string, content: string): Promise<Response> {
  const form = new FormData();
  form.append('file', new File([content], name));
  return request('/api/admin/reports', { method: 'POST', headers: auth, body: form });
}

beforeAll(async () => {
  llmServer = await startOpenAIServer(() => {
    const next = llmReplies.shift() ?? 'down';
    if (next === 'down') return { status: 503, body: { error: { message: 'overloaded' } } };
    return '月亮岛街道2021年共调解矛盾纠纷98765件[1]。';
  });
  const config = await tempConfig({ ADMIN_TOKEN: TOKEN, LLM_BASE_URL: llmServer.url, LLM_MODEL: 'test-model', LLM_TIMEOUT_MS: '5000' });
  service = new NodeQaService(config, {}, llmDepsFor(config));
  metrics = createNodeMetrics({ service });
  await service.start();
  const nodeApp = createNodeApp(observedService(service, metrics.observer), config);
  app = new Hono();
  app.use('/api/admin/reports', observeUploads(metrics.observer));
  app.route('/', metrics.routes(config.ADMIN_TOKEN));
  app.all('*', (c) => nodeApp.fetch(c.req.raw, c.env));
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await llmServer?.close();
});

describe('GET /metrics', () => {
  it('wants the admin token, and is off without one', async () => {
    expect((await request('/metrics')).status).toBe(401);
    const wrong = await request('/metrics', { headers: { Authorization: 'Bearer not-the-token-at-all' } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toContain('Bearer');
    expect(await wrong.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    const off = new Hono().route('/', createNodeMetrics({ service, defaultMetrics: false }).routes(undefined));
    const res = await off.request('/metrics', { headers: auth });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('serves the Prometheus text format with the index figures and process metrics', async () => {
    const res = await request('/metrics', { headers: auth });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain('# TYPE fazhi_asks_total counter');
    expect(text).toContain('# TYPE fazhi_ask_stage_seconds histogram');
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(sample(text, 'fazhi_index_generation')).toBe(1);
    const documents = service.documents();
    expect(sample(text, 'fazhi_index_documents')).toBe(documents.length);
    expect(sample(text, 'fazhi_index_paragraphs')).toBe(documents.reduce((n, d) => n + d.paragraphs, 0));
    expect(sample(text, 'fazhi_reindex_running')).toBe(0);
  });
});

describe('what the service reports', () => {
  it('counts asks and refusals, whole and streamed, with latency by stage', async () => {
    const answered = await ask({ question: ANSWERABLE, mode: 'extractive' });
    expect(answered.answered).toBe(true);
    const refused = await ask({ question: OFF_TOPIC, mode: 'extractive' }, true);
    expect(refused.answered).toBe(false);
    const text = await scrape();
    expect(sample(text, 'fazhi_asks_total{answered="true",mode="extractive",stream="false"}')).toBe(1);
    expect(sample(text, 'fazhi_asks_total{answered="false",mode="extractive",stream="true"}')).toBe(1);
    expect(sample(text, 'fazhi_refusals_total')).toBe(1);
    expect(sample(text, 'fazhi_ask_duration_seconds_count{stream="false"}')).toBe(1);
    for (const [stage] of stageSeconds(answered)) {
      expect(sample(text, `fazhi_ask_stage_seconds_count{stage="${stage}"}`)).toBeGreaterThanOrEqual(1);
    }
    expect(stageSeconds(answered).map(([stage]) => stage)).toEqual(expect.arrayContaining(['extract']));
    expect(stageSeconds(answered).some(([stage]) => stage === 'total')).toBe(false);
  });

  it('counts LLM answers the guard rejected and ones the model could not give, by reason', async () => {
    llmReplies = ['wrong-figure', 'down'];
    const rejected = await ask({ question: ANSWERABLE });
    expect(llmOutcome(rejected)).toEqual({ outcome: 'rejected', reason: expect.any(String) });
    const fallback = await ask({ question: ANSWERABLE });
    expect(llmOutcome(fallback)).toEqual({ outcome: 'fallback', reason: 'unavailable' });
    const text = await scrape();
    const reason = llmOutcome(rejected)?.reason ?? '';
    expect(sample(text, `fazhi_llm_outcomes_total{outcome="rejected",reason="${reason}"}`)).toBe(1);
    expect(sample(text, 'fazhi_llm_outcomes_total{outcome="fallback",reason="unavailable"}')).toBe(1);
  });

  it('counts uploads by outcome and reindexes, and the generation moves on', async () => {
    const report = '新河镇2023年法治政府建设情况报告\n一、主要工作\n全年共办理行政复议案件17件。\n';
    expect((await upload('xinhe-2023.txt', report)).status).toBe(201);
    expect((await upload('xinhe-2023.txt', report)).status).toBe(409);
    expect((await upload('empty.txt', '')).status).toBe(400);
    const reindex = await request('/api/admin/reindex', { method: 'POST', headers: auth });
    expect(reindex.status).toBe(200);
    const text = await scrape();
    expect(sample(text, 'fazhi_uploads_total{outcome="stored"}')).toBe(1);
    expect(sample(text, 'fazhi_uploads_total{outcome="report_exists"}')).toBe(1);
    expect(sample(text, 'fazhi_uploads_total{outcome="invalid_request"}')).toBe(1);
    expect(sample(text, 'fazhi_reindex_total{outcome="ok"}')).toBe(1);
    expect(sample(text, 'fazhi_reindex_duration_seconds_count')).toBe(1);
    expect(sample(text, 'fazhi_index_generation')).toBe(2);
    expect(sample(text, 'fazhi_index_documents')).toBe(service.documents().length);
  });

  it('reads the ask queue when scraped', async () => {
    const own = createNodeMetrics({ service, defaultMetrics: false });
    own.observer.watchQueue(() => ({ inFlight: 3, queued: 7 }));
    const text = await own.registry.metrics();
    expect(sample(text, 'fazhi_asks_in_flight')).toBe(3);
    expect(sample(text, 'fazhi_asks_queued')).toBe(7);
  });
});

describe('llmOutcome', () => {
  const base: AnswerResult = { id: 'a', answered: true, answer: 'x', citations: [], mode: 'extractive', conversationId: 'c', timings: { extractMs: 1 } };
  it('is undefined when no model was asked, and names each outcome', () => {
    expect(llmOutcome(base)).toBeUndefined();
    expect(llmOutcome({ ...base, mode: 'llm', timings: { llmMs: 5 } })).toEqual({ outcome: 'accepted', reason: 'none' });
    expect(llmOutcome({ ...base, timings: { llmMs: 5 }, warnings: [LLM_WARNINGS.refused] })).toEqual({ outcome: 'fallback', reason: 'refused' });
    expect(llmOutcome({ ...base, timings: { llmMs: 5 }, warnings: [LLM_WARNINGS.rejected('money')] })).toEqual({ outcome: 'rejected', reason: 'amount' });
  });
});
