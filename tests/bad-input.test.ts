/** Bad input, generated: the service answers every request with JSON and never a 500. */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/http/app.js';
import { ingestReport } from '../src/ingest/report.js';
import { readReport, UnreadableReportError } from '../src/ingest/read.js';
import { NodeQaService } from '../adapters/node/service.js';
import { tempConfig } from './helpers/index.js';

let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  const service = new NodeQaService(await tempConfig());
  await service.start();
  app = createApp({ service, config: { corsOrigins: '*', rateLimitPerMinute: 0, maxUploadBytes: 1_000_000 } });
});

async function post(path: string, body: BodyInit, contentType = 'application/json') {
  const res = await app.request(path, { method: 'POST', headers: { 'content-type': contentType }, body });
  const text = await res.text();
  expect(res.status, text).not.toBe(500);
  expect(res.status).toBeLessThan(500);
  const json = JSON.parse(text) as { error?: { code: string; message: string } };
  if (res.status >= 400) {
    expect(typeof json.error?.code).toBe('string');
    expect(json.error?.message.length).toBeGreaterThan(0);
  }
  return { status: res.status, json };
}

const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
const jsonValue = fc.jsonValue({ maxDepth: 4 });

describe('POST /api/ask with generated input', () => {
  it('any JSON value as the body', async () => {
    await fc.assert(fc.asyncProperty(jsonValue, async (v) => { await post('/api/ask', JSON.stringify(v)); }), { numRuns: 150 });
  });

  it('any question string, control characters and lone surrogates included', async () => {
    const question = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 100 }));
    await fc.assert(fc.asyncProperty(question, fc.option(fc.integer({ min: -5, max: 50 })), async (q, topK) => {
      const { status, json } = await post('/api/ask', JSON.stringify({ question: q, ...(topK === null ? {} : { topK }) }));
      if (status === 200) expect(typeof (json as { answered?: boolean }).answered).toBe('boolean');
    }), { numRuns: 150 });
  });

  it('any bytes as the body, invalid UTF-8 included', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (bytes) => { await post('/api/ask', bytes); }), { numRuns: 100 });
  });

  it('fixed hostile cases', async () => {
    expect((await post('/api/ask', '{"question":')).status).toBe(400);
    expect((await post('/api/ask', deep(100_000))).status).toBe(413);
    expect((await post('/api/ask', deep(5_000))).status).toBe(400);
    expect((await post('/api/ask', JSON.stringify({ question: '问'.repeat(100_000) }))).status).toBe(413);
    expect((await post('/api/ask', JSON.stringify({ question: '问'.repeat(10_000) }))).status).toBe(400);
    expect((await post('/api/ask', JSON.stringify({ question: '   ' }))).status).toBe(400);
    expect((await post('/api/ask', JSON.stringify({ question: '月亮岛街道？', filters: { province: 'x' } }))).json.error?.message).toMatch(/province/);
    expect((await post('/api/ask', JSON.stringify({ question: '\u0000\u0001\u001f月亮岛街道调解了多少件？\u202e' }))).status).toBe(200);
    expect((await post('/api/ask', 'question=x', 'application/x-www-form-urlencoded')).status).toBe(415);
  });
});

describe('POST /v1/chat/completions with generated input', () => {
  it('any JSON value, and any messages', async () => {
    const message = fc.record({ role: fc.constantFrom('system', 'user', 'assistant', 'tool', 'x'), content: fc.oneof(fc.string({ maxLength: 200 }), fc.array(fc.record({ type: fc.constantFrom('text', 'image_url'), text: fc.string({ maxLength: 50 }) }), { maxLength: 3 }), fc.constant(null)) });
    await fc.assert(fc.asyncProperty(fc.oneof(jsonValue, fc.record({ messages: fc.array(message, { maxLength: 6 }), stream: fc.boolean() })), async (v) => {
      const res = await app.request('/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(v) });
      const text = await res.text();
      expect(res.status, text).toBeLessThan(500);
      if (res.status >= 400) expect((JSON.parse(text) as { error: { message: string } }).error.message.length).toBeGreaterThan(0);
    }), { numRuns: 150 });
  });
});

describe('ingestion of random bytes', () => {
  it('either reads a report or refuses it with UnreadableReportError; never crashes', async () => {
    const name = fc.constantFrom('r.txt', 'r.html', 'r.docx', 'r.htm');
    const bytes = fc.oneof(fc.uint8Array({ maxLength: 4000 }), fc.string({ maxLength: 2000 }).map((s) => new TextEncoder().encode(s)), fc.uint8Array({ maxLength: 500 }).map((b) => Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...b])));
    await fc.assert(fc.asyncProperty(bytes, name, async (b, file) => {
      try {
        const { text, encoding, format } = await readReport(b, file);
        const report = ingestReport({ file, sha256: 'x', format, encoding, text });
        for (const p of report.paragraphs) expect(p.text.length).toBeGreaterThan(0);
      } catch (err) {
        expect(err).toBeInstanceOf(UnreadableReportError);
      }
    }), { numRuns: 300 });
  });
});
