import { mkdtemp, readFile, readdir, rm, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileFeedbackStore } from '../adapters/node/feedback-file.js';
import { MemoryFeedbackStore } from '../src/http/feedback.js';
import { RateLimiter } from '../src/http/rate-limit.js';
import { bearerToken, constantTimeEqual, reportNameProblem } from '../src/http/security.js';
import { encodeSse, parseSse } from '../src/http/sse.js';

describe('constant-time compare and bearer tokens', () => {
  it('compares strings', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
    expect(constantTimeEqual('', 'a')).toBe(false);
    expect(constantTimeEqual('令牌', '令牌')).toBe(true);
    expect(constantTimeEqual('令牌', '令碑')).toBe(false);
  });

  it('parses Authorization headers', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer   abc  ')).toBe('abc');
    expect(bearerToken('Bearer a b')).toBeUndefined();
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});

describe('report names', () => {
  it('accepts plain report file names', () => {
    for (const name of ['zhishan-2020.txt', '芝山区2021年报告.docx', 'a.HTM', 'report v2.html']) expect(reportNameProblem(name), name).toBeUndefined();
  });
  it('rejects anything that could leave the corpus directory or is not a report', () => {
    for (const name of ['', '../a.txt', 'a/../../b.txt', '/etc/a.txt', 'a\\b.txt', '..txt', 'a..b.txt', '.a.txt', 'a\u0000.txt', 'a\n.txt', ' a.txt', 'a.txt ', 'a.pdf', 'a.txt.exe', '.txt', 'x'.repeat(300) + '.txt']) {
      expect(reportNameProblem(name), JSON.stringify(name)).toBeDefined();
    }
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

  it('round-trips events, multi-line data and split chunks', async () => {
    const text = encodeSse({ event: 'delta', data: '{"text":"一"}' }) + encodeSse({ data: 'line 1\nline 2' }) + ': comment\n\n' + encodeSse({ event: 'done', data: '{}', id: '7' });
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

  it('drops an event not closed by a blank line', async () => {
    expect(await parseAll(['event: a\ndata: 1\n\nevent: b\ndata: 2'])).toEqual([{ event: 'a', data: '1' }]);
  });

  it('never lets a newline in an event name break the framing', () => {
    expect(encodeSse({ event: 'a\nevent: b', data: 'x' })).toBe('event: a event: b\ndata: x\n\n');
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
    expect((await store.list(10)).map((e) => e.answerId)).toEqual(['c', 'b']);
  });

  it('FileFeedbackStore appends JSON lines under dataDir and lists newest first', async () => {
    dir = await mkdtemp(join(tmpdir(), 'fazhi-feedback-'));
    const dataDir = join(dir, 'nested', 'data');
    const store = new FileFeedbackStore(dataDir);
    expect(await store.list(10)).toEqual([]);
    const ids = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.append({ conversationId: `c${i}`, rating: i % 2 ? 'down' : 'up', comment: `第${i}条\n换行` })),
    );
    expect(new Set(ids.map((r) => r.id)).size).toBe(20);
    const text = await readFile(join(dataDir, 'feedback.jsonl'), 'utf8');
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(20);
    expect(JSON.parse(lines[0]!)).toMatchObject({ id: ids[0]!.id, conversationId: 'c0', rating: 'up', comment: '第0条\n换行', at: expect.any(String) });
    expect((await store.list(3)).map((e) => e.conversationId)).toEqual(['c19', 'c18', 'c17']);
    // a torn last line (crash mid-write) is skipped, not fatal
    await appendFile(join(dataDir, 'feedback.jsonl'), '{"id":"torn", "rat');
    expect((await store.list(1))[0]!.conversationId).toBe('c19');
    expect(await readdir(dataDir)).toEqual(['feedback.jsonl']);
  });
});

describe('runtime neutrality', () => {
  it('src/http imports no node:* module except feedback-file.ts, which app.ts does not import', async () => {
    const root = join(import.meta.dirname, '..', 'src', 'http');
    const files = (await readdir(root)).filter((f) => f.endsWith('.ts'));
    expect(files).toContain('app.ts');
    for (const file of files) {
      const source = await readFile(join(root, file), 'utf8');
      const nodeImports = /from\s+['"](node:[^'"]+|fs|path|crypto|os|stream|buffer)['"]/.test(source);
      if (file === 'feedback-file.ts') expect(nodeImports).toBe(true);
      else {
        expect(nodeImports, file).toBe(false);
        expect(source, file).not.toMatch(/from\s+['"][^'"]*feedback-file/);
        expect(source, file).not.toMatch(/\bprocess\.(env|exit|cwd|on|nextTick)\b|\bBuffer\.(from|alloc|concat)\b/);
      }
    }
  });
});
