/**
 * The findings of the attack run (issue 18: 4, 6–9) and admission control
 * (issue 17), each shown to hold: every test here failed before its fix.
 */
import { connect, type Socket } from 'node:net';
import { mkdtemp, readdir, readFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { ServerType } from '@hono/node-server';
import { describe, expect, it } from 'vitest';
import { listen } from '../adapters/node/listen.js';
import { fileCorpusAdmin } from '../adapters/node/corpus-admin.js';
import type { AnswerResult, AskOptions } from '../src/answer/types.js';
import { createApp, type AppConfig, type AppDeps } from '../src/http/app.js';
import { MemoryFeedbackStore } from '../src/http/feedback.js';
import type { QaService } from '../src/service.js';
import { FakeQaService, type FakeOptions } from './helpers/fake-service.js';

const TOKEN = 'admin-token-0123456789abcdef';

function setup(options: { fake?: FakeOptions; service?: QaService; config?: Partial<AppConfig>; deps?: Partial<AppDeps> } = {}) {
  const service = options.service ?? new FakeQaService(options.fake);
  const app = createApp({
    service,
    feedback: new MemoryFeedbackStore(),
    config: { adminToken: TOKEN, corsOrigins: '*', rateLimitPerMinute: 0, maxUploadBytes: 100_000, ...options.config },
    ...options.deps,
  });
  return { app, service };
}

const from = (ip: string, init: RequestInit = {}): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), 'X-Forwarded-For': ip } });
const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({ method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
const admin = (init: RequestInit = {}): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), Authorization: `Bearer ${TOKEN}` } });

describe('conversations are issued by the server and bound to the client (18.9)', () => {
  it('issues an unguessable id when the client sends none', async () => {
    const { app } = setup();
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const body = (await (await app.request('/api/ask', json({ question: '问' }))).json()) as AnswerResult;
      expect(body.conversationId).toMatch(/^c-[A-Za-z0-9_-]{22}$/);
      ids.add(body.conversationId);
    }
    expect(ids.size).toBe(5);
  });

  it("another client sending a conversation's id reaches a conversation of its own", async () => {
    const { app, service } = setup();
    const fake = service as FakeQaService;
    const first = (await (await app.request('/api/ask', from('1.1.1.1', json({ question: '月亮岛街道调解了多少件？' })))).json()) as AnswerResult;
    const victimKey = fake.asks[0]!.options!.conversationId;
    await app.request('/api/ask', from('2.2.2.2', json({ question: '那郭家沱街道呢？', conversationId: first.conversationId })));
    expect(fake.asks[1]!.options!.conversationId).not.toBe(victimKey);
    // the owner's follow-up still reaches its own conversation, also when streamed
    await app.request('/api/ask/stream', from('1.1.1.1', json({ question: '那成功率呢？', conversationId: first.conversationId })));
    expect(fake.asks[2]!.options!.conversationId).toBe(victimKey);
  });

  it('the OpenAI route: the same history from another client does not continue the conversation', async () => {
    const { app, service } = setup();
    const fake = service as FakeQaService;
    const q1 = '芝山区如何推进行政执法公示？';
    const first = (await (await app.request('/v1/chat/completions', from('1.1.1.1', json({ messages: [{ role: 'user', content: q1 }] })))).json()) as {
      choices: { message: { content: string } }[];
      x_fazhi: { conversationId: string };
    };
    const key = fake.asks[0]!.options!.conversationId;
    const history = { messages: [{ role: 'user', content: q1 }, { role: 'assistant', content: first.choices[0]!.message.content }, { role: 'user', content: '那古美路街道呢？' }] };
    const replayed = (await (await app.request('/v1/chat/completions', from('2.2.2.2', json(history)))).json()) as { x_fazhi: { conversationId: string } };
    expect(fake.asks[1]!.options!.conversationId).not.toBe(key);
    expect(replayed.x_fazhi.conversationId).not.toBe(first.x_fazhi.conversationId);
    await app.request('/v1/chat/completions', from('1.1.1.1', json(history)));
    expect(fake.asks[2]!.options!.conversationId).toBe(key);
  });
});

describe('uploads (18.4)', () => {
  const upload = (app: ReturnType<typeof setup>['app'], name: string, body: BodyInit, query = '') =>
    app.request(`/api/admin/reports?name=${encodeURIComponent(name)}${query}`, admin({ method: 'POST', body }));

  it('409 for an existing name unless ?overwrite=true', async () => {
    const { app, service } = setup();
    expect((await upload(app, 'a.txt', '芝山区2021年法治政府建设年度报告')).status).toBe(201);
    const again = await upload(app, 'a.txt', '另一份报告的正文内容');
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('report_exists');
    expect(new TextDecoder().decode((service as FakeQaService).files.get('a.txt'))).toBe('芝山区2021年法治政府建设年度报告');
    const replaced = await upload(app, 'a.txt', '另一份报告的正文内容', '&overwrite=true');
    expect(replaced.status).toBe(201);
    expect(await replaced.json()).toMatchObject({ replaced: true });
  });

  it('400 unreadable_report, with the reason, for a file that cannot be parsed', async () => {
    const { app, service } = setup();
    const broken = await upload(app, 'broken.docx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]));
    expect(broken.status).toBe(400);
    const error = ((await broken.json()) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('unreadable_report');
    expect(error.message).toMatch(/^file: cannot be read as a report: \S/);
    const binary = await upload(app, 'zeros.txt', new Uint8Array(400));
    expect(binary.status).toBe(400);
    const blank = await upload(app, 'blank.txt', '   \n\n  。。 \n');
    expect(blank.status).toBe(400);
    expect(((await blank.json()) as { error: { message: string } }).error.message).toContain('no text');
    expect((service as FakeQaService).files.size).toBe(0);
  });

  it('400 for a name over 255 bytes of UTF-8 (it was a 500 that left a temporary file)', async () => {
    const { app } = setup();
    const res = await upload(app, `${'报'.repeat(100)}.txt`, '报告正文');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/^name: .*255 bytes/);
  });

  it('concurrent uploads each store their own bytes; of concurrent uploads to one name exactly one wins; no temporary file is left', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fazhi-upload-'));
    const service = new FakeQaService();
    service.corpus = fileCorpusAdmin(dir);
    const { app } = setup({ service });
    const bodies = Array.from({ length: 24 }, (_, i) => `第${i}份报告：全年办理行政复议案件${i * 7 + 3}件。`.repeat(50));
    const stored = await Promise.all(bodies.map((body, i) => upload(app, `r${i}.txt`, body)));
    expect(stored.map((r) => r.status)).toEqual(bodies.map(() => 201));
    for (const [i, body] of bodies.entries()) expect(await readFile(join(dir, `r${i}.txt`), 'utf8')).toBe(body);

    const contenders = await Promise.all(bodies.slice(0, 12).map((body) => upload(app, 'same.txt', body)));
    expect(contenders.filter((r) => r.status === 201)).toHaveLength(1);
    expect(contenders.filter((r) => r.status === 409)).toHaveLength(11);
    expect(bodies.slice(0, 12)).toContain(await readFile(join(dir, 'same.txt'), 'utf8'));

    // a failing rename (the name is taken by a directory) still removes the temporary file
    await mkdir(join(dir, 'taken.txt'));
    expect((await upload(app, 'taken.txt', '报告正文内容', '&overwrite=true')).status).toBe(500);
    expect((await readdir(dir)).filter((f) => f.startsWith('.'))).toEqual([]);
  });
});

async function served(app: { fetch: (request: Request) => Response | Promise<Response> }, limits: Partial<Parameters<typeof listen>[1]> = {}) {
  const server = await new Promise<ServerType>((resolve) => {
    const s = listen(app.fetch, { HEADERS_TIMEOUT_MS: 15_000, REQUEST_TIMEOUT_MS: 30_000, KEEP_ALIVE_TIMEOUT_MS: 5_000, MAX_CONNECTIONS: 1024, hostname: '127.0.0.1', port: 0, ...limits }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}

function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
  });
}

/** Resolves with what the server sent once it closes the connection, or 'open' after `ms`. */
function closedWithin(socket: Socket, ms: number): Promise<string> {
  return new Promise((resolve) => {
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
    const timer = setTimeout(() => resolve('open'), ms);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(received);
    });
  });
}

describe('slow clients and too many connections (18.6)', () => {
  it('a body that trickles in is cut off at REQUEST_TIMEOUT_MS', async () => {
    const { app } = setup();
    const { port, close } = await served(app, { HEADERS_TIMEOUT_MS: 1000, REQUEST_TIMEOUT_MS: 1500 });
    try {
      const socket = await openSocket(port);
      socket.write('POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"question":');
      const drip = setInterval(() => socket.write(' '), 200);
      const outcome = await closedWithin(socket, 6000);
      clearInterval(drip);
      expect(outcome).not.toBe('open');
      expect(outcome).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      await close();
    }
  });

  it('headers that never finish are cut off at HEADERS_TIMEOUT_MS', async () => {
    const { app } = setup();
    const { port, close } = await served(app, { HEADERS_TIMEOUT_MS: 1000, REQUEST_TIMEOUT_MS: 1000 });
    try {
      const socket = await openSocket(port);
      socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
      expect(await closedWithin(socket, 4000)).not.toBe('open');
    } finally {
      await close();
    }
  });

  it('beyond MAX_CONNECTIONS a new connection is closed at once, and served again once one is free', async () => {
    const { app } = setup();
    const { port, close } = await served(app, { MAX_CONNECTIONS: 2 });
    try {
      const held = [await openSocket(port), await openSocket(port)];
      await new Promise((r) => setTimeout(r, 100));
      const third = await openSocket(port);
      expect(await closedWithin(third, 2000)).toBe('');
      held[0]!.destroy();
      await new Promise((r) => setTimeout(r, 100));
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      held[1]!.destroy();
    } finally {
      await close();
    }
  });
});

describe('admin and headers (18.7)', () => {
  it('throttles wrong admin tokens per address, the right token included, while other addresses go on', async () => {
    let now = 0;
    const { app } = setup({ config: { adminFailuresPerMinute: 3 }, deps: { now: () => now } });
    const attempt = (ip: string, token: string) => app.request('/api/admin/reindex', from(ip, { headers: { Authorization: `Bearer ${token}` } }));
    for (let i = 0; i < 3; i++) expect((await attempt('6.6.6.6', `guess-${i}-aaaaaaaaaaaaaaaa`)).status).toBe(401);
    const throttled = await attempt('6.6.6.6', `guess-3-aaaaaaaaaaaaaaaa`);
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await attempt('6.6.6.6', TOKEN)).status).toBe(429);
    expect((await attempt('7.7.7.7', TOKEN)).status).toBe(200);
    now += 20_000;
    expect((await attempt('6.6.6.6', TOKEN)).status).toBe(200);
  });

  it('answers no CORS on /api/admin, and keeps it on the public routes', async () => {
    const { app } = setup();
    const origin = { Origin: 'https://evil.example' };
    const preflight = await app.request('/api/admin/reindex', { method: 'OPTIONS', headers: { ...origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-methods')).toBeNull();
    const get = await app.request('/api/admin/feedback', admin({ headers: origin }));
    expect(get.status).toBe(200);
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
    expect((await app.request('/api/ask', json({ question: '问' }, origin))).headers.get('access-control-allow-origin')).toBe('*');
  });

  it('sends X-Content-Type-Options: nosniff on every response: JSON, errors, events, /docs, pages, preflights', async () => {
    const { app } = setup();
    const responses = [
      await app.request('/api/ask', json({ question: '问' })),
      await app.request('/api/ask', json({ question: '' })),
      await app.request('/api/ask/stream', json({ question: '问' })),
      await app.request('/api/nope'),
      await app.request('/api/ask'),
      await app.request('/healthz'),
      await app.request('/openapi.json'),
      await app.request('/docs'),
      await app.request('/'),
      await app.request('/api/admin/feedback'),
      await app.request('/api/ask', { method: 'OPTIONS', headers: { Origin: 'https://a.example', 'Access-Control-Request-Method': 'POST' } }),
    ];
    for (const res of responses) {
      expect(res.headers.get('x-content-type-options'), `${res.status} ${res.url}`).toBe('nosniff');
      await res.body?.cancel();
    }
  });
});

describe('feedback is bounded (18.8)', () => {
  it('a per-address daily quota; a rejected post does not count', async () => {
    const { app } = setup({ config: { feedbackPerDay: 2 } });
    const post = (ip: string, body: unknown = { answerId: 'a', rating: 'up' }) => app.request('/api/feedback', from(ip, json(body)));
    expect((await post('1.1.1.1', { rating: 'meh' })).status).toBe(400);
    expect((await post('1.1.1.1')).status).toBe(201);
    expect((await post('1.1.1.1')).status).toBe(201);
    const over = await post('1.1.1.1');
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await post('2.2.2.2')).status).toBe(201);
  });

  it('the admin list pages from the newest with a cursor', async () => {
    const { app } = setup();
    for (let i = 0; i < 5; i++) await app.request('/api/feedback', json({ answerId: `a${i}`, rating: 'up' }));
    const seen: string[] = [];
    let url = '/api/admin/feedback?limit=2';
    for (;;) {
      const page = (await (await app.request(url, admin())).json()) as { entries: { answerId: string }[]; next: string | null };
      seen.push(...page.entries.map((e) => e.answerId));
      if (!page.next) break;
      url = `/api/admin/feedback?limit=2&cursor=${encodeURIComponent(page.next)}`;
    }
    expect(seen).toEqual(['a4', 'a3', 'a2', 'a1', 'a0']);
  });
});

/** A fake whose answers wait until released, to hold asks in flight. */
class GatedService extends FakeQaService {
  private gates: (() => void)[] = [];
  override async answer(question: string, options?: AskOptions): Promise<AnswerResult> {
    await new Promise<void>((resolve) => this.gates.push(resolve));
    return super.answer(question, options);
  }
  get waiting(): number {
    return this.gates.length;
  }
  releaseAll(): void {
    for (const gate of this.gates.splice(0)) gate();
  }
}

describe('admission control (17)', () => {
  it('past MAX_CONCURRENT_ASKS + MAX_QUEUED_ASKS an ask gets 503 with Retry-After at once, /healthz still answers, and the queue drains', async () => {
    const service = new GatedService();
    const { app } = setup({ service, config: { maxConcurrentAsks: 2, maxQueuedAsks: 1 } });
    const held = [1, 2, 3].map(() => app.request('/api/ask', json({ question: '问' })));
    await new Promise((r) => setTimeout(r, 50));
    expect(service.waiting).toBe(2); // the third waits for a slot, not in the service
    const t0 = performance.now();
    const refused = await app.request('/api/ask', json({ question: '问' }));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('overloaded');
    expect(performance.now() - t0).toBeLessThan(1000);
    expect((await app.request('/v1/chat/completions', json({ messages: [{ role: 'user', content: '问' }] }))).status).toBe(503);
    expect((await app.request('/healthz')).status).toBe(200);
    expect((await app.request('/readyz')).status).toBe(200);
    service.releaseAll();
    await new Promise((r) => setTimeout(r, 50));
    service.releaseAll();
    expect((await Promise.all(held)).map((r) => r.status)).toEqual([200, 200, 200]);
    const after = app.request('/api/ask', json({ question: '问' }));
    await new Promise((r) => setTimeout(r, 20));
    service.releaseAll();
    expect((await after).status).toBe(200);
  });

  it('a streamed answer holds its slot until the stream ends', async () => {
    const { app } = setup({ fake: { deltaMs: 100 }, config: { maxConcurrentAsks: 1, maxQueuedAsks: 0 } });
    const stream = await app.request('/api/ask/stream', json({ question: '问' }));
    expect(stream.status).toBe(200);
    expect((await app.request('/api/ask', json({ question: '问' }))).status).toBe(503);
    await stream.text();
    expect((await app.request('/api/ask', json({ question: '问' }))).status).toBe(200);
  });

  it('a client that goes away while queued gives its place up', async () => {
    const service = new GatedService();
    const { app } = setup({ service, config: { maxConcurrentAsks: 1, maxQueuedAsks: 1 } });
    const first = app.request('/api/ask', json({ question: '问' }));
    await new Promise((r) => setTimeout(r, 20));
    const abort = new AbortController();
    const queued = Promise.resolve(app.request('/api/ask', { ...json({ question: '问' }), signal: abort.signal })).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 20));
    abort.abort();
    await queued;
    await new Promise((r) => setTimeout(r, 20));
    // the place is free again: one more may queue
    const next = app.request('/api/ask', json({ question: '问' }));
    await new Promise((r) => setTimeout(r, 20));
    expect((await app.request('/api/ask', json({ question: '问' }))).status).toBe(503);
    service.releaseAll();
    await new Promise((r) => setTimeout(r, 20));
    service.releaseAll();
    expect((await first).status).toBe(200);
    expect((await next).status).toBe(200);
  });
});
