import { mkdtemp, readFile, readdir, rm, appendFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileFeedbackStore } from '../adapters/node/feedback-file.js';
import { MemoryFeedbackStore } from '../src/http/feedback.js';
import { Hono } from 'hono';
import { DailyQuota, RateLimiter } from '../src/http/middleware/rate-limit.js';
import { reportNameProblem } from '../src/http/report-name.js';
import { REPORT_EXTENSIONS } from '../src/ingest/read.js';
import { parseSse } from '../src/http/sse.js';
import { sendEvents, type SseMessage } from '../src/http/streaming.js';

describe('report names', () => {
  it('accepts plain report file names', () => {
    for (const name of ['zhishan-2020.txt', '芝山区2021年报告.docx', 'a.HTM', 'report v2.html']) expect(reportNameProblem(name, REPORT_EXTENSIONS), name).toBeUndefined();
  });
  it('rejects anything that could leave the corpus directory or is not a report', () => {
    for (const name of ['', '../a.txt', 'a/../../b.txt', '/etc/a.txt', 'a\\b.txt', '..txt', 'a..b.txt', '.a.txt', 'a\u0000.txt', 'a\n.txt', ' a.txt', 'a.txt ', 'a.exe', 'a.txt.exe', '.txt', 'x'.repeat(300) + '.txt']) {
      expect(reportNameProblem(name, REPORT_EXTENSIONS), JSON.stringify(name)).toBeDefined();
    }
  });
  it('limits a name to 255 bytes of UTF-8, not 255 characters', () => {
    expect(reportNameProblem(`${'报'.repeat(83)}.txt`)).toBeUndefined(); // 253 bytes
    expect(reportNameProblem(`${'报'.repeat(84)}.txt`)).toMatch(/255 bytes/); // 256 bytes, 88 characters
  });
});

describe('RateLimiter', () => {
  it('allows a burst of perMinute, then refills evenly', () => {
    let now = 0;
    const limiter = new RateLimiter(6, () => now);
    for (let i = 0; i < 6; i++) expect(limiter.take('a').allowed).toBe(true);
    const denied = limiter.take('a');
    expect(denied).toMatchObject({ allowed: false, retryAfterSeconds: 10 });
    expect(limiter.take('b').allowed).toBe(true);
    now = 9_000;
    expect(limiter.take('a').allowed).toBe(false);
    now = 10_000;
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
  });

  it('is off at 0 and bounded in clients', () => {
    expect(new RateLimiter(0).take('a').allowed).toBe(true);
    const limiter = new RateLimiter(1, () => 0, 3);
    for (const key of ['a', 'b', 'c', 'd', 'e']) limiter.take(key);
    expect(limiter.size).toBe(3);
  });

  it('peek looks without spending', () => {
    const limiter = new RateLimiter(1, () => 0);
    expect(limiter.peek('a').allowed).toBe(true);
    expect(limiter.peek('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.peek('a')).toMatchObject({ allowed: false, retryAfterSeconds: 60 });
  });
});

describe('DailyQuota', () => {
  it('allows perDay per client and UTC day, and says how long until midnight', () => {
    let now = Date.UTC(2026, 0, 1, 23, 0, 0);
    const quota = new DailyQuota(2, () => now);
    expect(quota.take('a').allowed).toBe(true);
    expect(quota.take('a').allowed).toBe(true);
    expect(quota.take('a')).toEqual({ allowed: false, retryAfterSeconds: 3600 });
    expect(quota.take('b').allowed).toBe(true);
    now = Date.UTC(2026, 0, 2, 0, 0, 1);
    expect(quota.take('a').allowed).toBe(true);
    expect(new DailyQuota(0).take('a').allowed).toBe(true);
  });
});

describe('SSE', () => {
  async function parseAll(chunks: string[]) {
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
        controller.close();
      },
    });
    const out = [];
    for await (const event of parseSse(stream)) out.push(event);
    return out;
  }

  /** The frames hono/streaming writes for `messages`, as the service sends them. */
  async function sent(messages: SseMessage[]): Promise<string> {
    const app = new Hono();
    app.get('/', (c) => sendEvents(c, (async function* () { yield* messages; })(), () => []));
    return (await app.request('/')).text();
  }

  it('round-trips what the service sends: events, multi-line data, split chunks, CRLF', async () => {
    const text = (await sent([{ event: 'delta', data: '{"text":"一"}' }, { data: 'line 1\nline 2' }])) + ': comment\n\n' + 'event: done\ndata: {}\nid: 7\n\n';
    const whole = await parseAll([text]);
    expect(whole).toEqual([
      { event: 'delta', data: '{"text":"一"}' },
      { event: 'message', data: 'line 1\nline 2' },
      { event: 'done', data: '{}', id: '7' },
    ]);
    // byte-by-byte (splitting multi-byte characters) and with CRLF gives the same
    const bytes = [...text].map((ch) => ch);
    expect(await parseAll(bytes)).toEqual(whole);
    expect(await parseAll([text.replace(/\n/g, '\r\n')])).toEqual(whole);
  });

  it('a failure mid-stream sends only the frames onError gives, never the error message', async () => {
    const app = new Hono();
    app.get('/', (c) =>
      sendEvents(c, (async function* () {
        yield { event: 'a', data: '1' };
        throw new Error('secret internals');
      })(), () => [{ event: 'error', data: 'internal error' }]),
    );
    const res = await app.request('/');
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const text = await res.text();
    expect(text).not.toContain('secret');
    expect(await parseAll([text])).toEqual([{ event: 'a', data: '1' }, { event: 'error', data: 'internal error' }]);
  });

  it('drops an event not closed by a blank line', async () => {
    expect(await parseAll(['event: a\ndata: 1\n\nevent: b\ndata: 2'])).toEqual([{ event: 'a', data: '1' }]);
  });
});

describe('feedback stores', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('MemoryFeedbackStore lists newest first', async () => {
    const store = new MemoryFeedbackStore(2);
    await store.append({ answerId: 'a', rating: 'up' });
    await store.append({ answerId: 'b', rating: 'down' });
    await store.append({ answerId: 'c', rating: 'up' });
    expect((await store.list(10)).entries.map((e) => e.answerId)).toEqual(['c', 'b']);
    const first = await store.list(1);
    expect(first).toEqual({ entries: [expect.objectContaining({ answerId: 'c' })], next: '1' });
    expect(await store.list(1, first.next!)).toEqual({ entries: [expect.objectContaining({ answerId: 'b' })], next: null });
  });

  it('FileFeedbackStore appends JSON lines under dataDir and lists newest first', async () => {
    dir = await mkdtemp(join(tmpdir(), 'fazhi-feedback-'));
    const dataDir = join(dir, 'nested', 'data');
    const store = new FileFeedbackStore(dataDir);
    expect(await store.list(10)).toEqual({ entries: [], next: null });
    const ids = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.append({ conversationId: `c${i}`, rating: i % 2 ? 'down' : 'up', comment: `第${i}条\n换行` })),
    );
    expect(new Set(ids.map((r) => r.id)).size).toBe(20);
    const text = await readFile(join(dataDir, 'feedback.jsonl'), 'utf8');
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(20);
    expect(JSON.parse(lines[0]!)).toMatchObject({ id: ids[0]!.id, conversationId: 'c0', rating: 'up', comment: '第0条\n换行', at: expect.any(String) });
    expect((await store.list(3)).entries.map((e) => e.conversationId)).toEqual(['c19', 'c18', 'c17']);
    // a torn last line (crash mid-write) is skipped, not fatal
    await appendFile(join(dataDir, 'feedback.jsonl'), '{"id":"torn", "rat');
    expect((await store.list(1)).entries[0]!.conversationId).toBe('c19');
    expect(await readdir(dataDir)).toEqual(['feedback.jsonl']);
  });

  it('FileFeedbackStore pages from the newest, reading backwards across blocks', async () => {
    dir = await mkdtemp(join(tmpdir(), 'fazhi-feedback-'));
    const store = new FileFeedbackStore(dir);
    // comments of ~3 KB, so 100 entries span several 64 KiB blocks read from the end
    for (let i = 0; i < 100; i++) await store.append({ answerId: `a${i}`, rating: 'up', comment: `${i}`.padEnd(1000, '评') });
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const { entries, next } = await store.list(30, cursor);
      seen.push(...entries.map((e) => e.answerId!));
      if (!next) break;
      cursor = next;
    }
    expect(seen).toEqual(Array.from({ length: 100 }, (_, i) => `a${99 - i}`));
  });

  it('FileFeedbackStore rotates at maxBytes and keeps a bounded number of files', async () => {
    dir = await mkdtemp(join(tmpdir(), 'fazhi-feedback-'));
    const store = new FileFeedbackStore(dir, { maxBytes: 2000, files: 2 });
    for (let i = 0; i < 200; i++) await store.append({ answerId: `a${i}`, rating: 'down', comment: 'x'.repeat(50) });
    const files = (await readdir(dir)).sort();
    expect(files).toEqual(['feedback.1.jsonl', 'feedback.2.jsonl', 'feedback.jsonl']);
    for (const file of files) expect((await stat(join(dir, file))).size).toBeLessThanOrEqual(2000);
    // the list runs on from the current file into the rotated ones, newest first
    const { entries } = await store.list(1000);
    expect(entries.length).toBeGreaterThan(20);
    expect(entries.length).toBeLessThan(200);
    expect(entries.map((e) => e.answerId)).toEqual(Array.from({ length: entries.length }, (_, i) => `a${199 - i}`));
  });
});

describe('src/http leaves to Hono what Hono ships', () => {
  it('has no hand-written CORS, token compare, HTML escaping, secure headers, SSE framing or ETag', async () => {
    const { readdir: list, readFile: read } = await import('node:fs/promises');
    const root = join(import.meta.dirname, '..', 'src', 'http');
    // the admin console and WeCom routes are other helpers' and mounted beside this app, not through createApp
    const mountedElsewhere = new Set(['routes/admin-console.ts', 'routes/wecom.ts']);
    const files = (await list(root, { recursive: true })).filter((f) => f.endsWith('.ts') && !mountedElsewhere.has(f));
    expect(files).toContain('app.ts');
    for (const file of files) {
      const source = await read(join(root, file), 'utf8');
      expect(source, file).not.toMatch(/Access-Control-Allow-|timingSafeEqual|constantTimeEqual|'&amp;'|X-Content-Type-Options|`event: |ETag:/);
    }
  });
});

describe('a shared store out of reach', () => {
  it('is a 503 with Retry-After, not a 500, whichever route met it', async () => {
    const { errorHandler } = await import('../src/http/errors.js');
    const { StoreUnavailableError } = await import('../src/store/index.js');
    const logged: unknown[] = [];
    const app = new Hono().onError(errorHandler((_c, error) => logged.push(error)));
    app.post('/api/feedback', () => {
      throw new StoreUnavailableError('the database is unreachable: connect ECONNREFUSED');
    });
    const res = await app.request('/api/feedback', { method: 'POST' });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_ready');
    expect(logged).toEqual([]);
  });
});
