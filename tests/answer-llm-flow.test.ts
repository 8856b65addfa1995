import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion, streamAnswer } from '../src/answer/answer.js';
import { LlmAnswerer } from '../src/answer/llm.js';
import { LLM_WARNINGS } from '../src/answer/llm-answer.js';
import type { AnswerEvent } from '../src/answer/stream.js';
import { openNodeIndex, type NodeIndexHandle } from '../adapters/node/service.js';
import { tempConfig } from './helpers/index.js';
import { QaEngine } from '../src/engine.js';
import { parseSse, type ParsedSseEvent } from '../src/http/sse.js';
import { startOpenAIServer, type OpenAIServer, type Reply } from './helpers/openai-server.js';

let handle: NodeIndexHandle;
let server: OpenAIServer;
let next: Reply = '';

beforeAll(async () => {
  handle = await openNodeIndex(await tempConfig());
  server = await startOpenAIServer(() => next);
});
afterAll(() => server.close());

const llm = () => new LlmAnswerer({ baseURL: server.url, model: 'test-model', timeoutMs: 2000 });
const logs: Record<string, unknown>[] = [];
const log = (entry: Record<string, unknown>) => logs.push(entry);
const logged = () => JSON.stringify(logs.splice(0));

async function streamed(question: string) {
  const events: AnswerEvent[] = [];
  for await (const e of streamAnswer(handle.retriever, question, {}, { llm: llm(), log })) events.push(e);
  const done = events.at(-1);
  if (done?.type !== 'done') throw new Error('no done event');
  return { events, text: events.map((e) => (e.type === 'delta' ? e.text : '')).join(''), result: done.result };
}
const Q = '月亮岛街道2021年共调解矛盾纠纷多少件？';

describe('LLM answers, guarded', () => {
  it('uses a grounded LLM answer that cites given paragraphs', async () => {
    next = '月亮岛街道2021年共调解矛盾纠纷691件，成功率98.9%[1]。';
    const r = await answerQuestion(handle.retriever, Q, {}, { llm: llm() });
    expect(r.mode).toBe('llm');
    expect(r.answer).toBe(next);
    expect(r.warnings).toBeUndefined();
    const prompt = JSON.stringify(server.requests.at(-1));
    expect(prompt).toContain('691');
    expect(prompt).toContain('月亮岛街道2021年共调解矛盾纠纷多少件');
  });

  it('rejects an invented figure and falls back to the extractive answer', async () => {
    next = '月亮岛街道2021年共调解矛盾纠纷700件[1]。';
    const r = await answerQuestion(handle.retriever, Q, {}, { llm: llm(), log });
    expect(r.mode).toBe('extractive');
    expect(r.answer).toContain('691');
    // clients get the check that failed, the log the figure
    expect(r.warnings).toEqual([LLM_WARNINGS.rejected('figure')]);
    expect(r.warnings?.join()).not.toContain('700');
    expect(logged()).toContain('figure 700件 not in the cited paragraphs');
  });

  it('rejects a citation of a paragraph it was not given', async () => {
    next = '共调解矛盾纠纷691件[9]。';
    const r = await answerQuestion(handle.retriever, Q, {}, { llm: llm(), log });
    expect(r.mode).toBe('extractive');
    expect(r.warnings).toEqual([LLM_WARNINGS.rejected('citation')]);
    expect(logged()).toContain('citation [9]');
  });

  it('falls back when the endpoint fails or times out', async () => {
    next = { status: 500, body: { error: { message: 'boom at 10.1.2.3' } } };
    const failed = await answerQuestion(handle.retriever, Q, {}, { llm: llm(), log });
    expect(failed.mode).toBe('extractive');
    expect(failed.warnings).toEqual([LLM_WARNINGS.unavailable]);
    const failure = logged();
    expect(failure).toContain('HTTP 500: boom at [internal-ip]');
    expect(failure).not.toContain('10.1.2.3');
    next = { delayMs: 1500, text: '691件[1]' };
    const slow = await answerQuestion(handle.retriever, Q, {}, { llm: new LlmAnswerer({ baseURL: server.url, model: 'm', timeoutMs: 300 }), log });
    expect(slow.mode).toBe('extractive');
    expect(slow.warnings).toEqual([LLM_WARNINGS.unavailable]);
    expect(logged()).toMatch(/timed out/);
  });

  it('never asks the LLM when the reports do not answer', async () => {
    const before = server.requests.length;
    const r = await answerQuestion(handle.retriever, '怎么办理护照？', {}, { llm: llm() });
    expect(r.answered).toBe(false);
    expect(server.requests.length).toBe(before);
  });

  it('streams the LLM answer sentence by sentence, citations first, the guarded result last', async () => {
    next = '月亮岛街道2021年共调解矛盾纠纷691件[1]。成功率98.9%[1]。';
    const { events, text, result } = await streamed(Q);
    expect(events[0]?.type).toBe('citations');
    expect(events.filter((e) => e.type === 'delta').length).toBeGreaterThan(1);
    expect(text).toBe(next);
    expect(result.mode).toBe('llm');
    expect(result.answer).toBe(next);
  });

  it('a streamed answer that fails the guard ends with the extractive result, and no client ever holds the figure', async () => {
    next = '共调解矛盾纠纷12345件[1]。';
    const first = await streamed(Q);
    expect(first.result.mode).toBe('extractive');
    expect(first.result.answer).toContain('691');
    expect(first.text).not.toContain('12345');
    expect(first.text).toBe(first.result.answer);

    // the invented figures come after a good sentence: that sentence is kept, the rest is the extractive answer
    next = '月亮岛街道2021年共调解矛盾纠纷691件[1]。成功率99.9%，另有1234件[1]。';
    const second = await streamed(Q);
    expect(second.text).not.toMatch(/99\.9|1234/);
    expect(second.text.startsWith('月亮岛街道2021年共调解矛盾纠纷691件[1]。\n')).toBe(true);
    expect(second.text).toBe(second.result.answer);
    expect(second.result.warnings).toEqual([LLM_WARNINGS.rejected('figure')]);
    expect(logged()).toContain('99.9%');
  });

  it('the same through POST /api/ask/stream: the SSE deltas never carry the figure', async () => {
    next = '月亮岛街道2021年共调解矛盾纠纷691件[1]。成功率99.9%[1]。';
    // imported here so that the answer tests above do not depend on the whole HTTP app
    const { createApp } = await import('../src/http/app.js');
    const app = createApp({
      service: new QaEngine(handle.retriever, { llm: llm(), log }),
      config: { corsOrigins: '*', rateLimitPerMinute: 0, maxUploadBytes: 1024 },
    });
    const res = await app.request('/api/ask/stream', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ question: Q }) });
    expect(res.status).toBe(200);
    const events: ParsedSseEvent[] = [];
    for await (const event of parseSse(res.body!)) events.push(event);
    const text = events.filter((e) => e.event === 'delta').map((e) => (JSON.parse(e.data) as { text: string }).text).join('');
    const done = JSON.parse(events.find((e) => e.event === 'done')?.data ?? '{}') as { answer?: string; warnings?: string[] };
    expect(text).not.toContain('99.9');
    expect(text).toBe(done.answer);
    expect(done.warnings).toEqual([LLM_WARNINGS.rejected('figure')]);
  });

  it('instructions planted in a paragraph are data: the guard still holds the figures', async () => {
    next = '100万[1]';
    const r = await answerQuestion(handle.retriever, Q, {}, { llm: llm() });
    expect(r.mode).toBe('extractive');
    const system = JSON.stringify(server.requests.at(-1));
    expect(system).toMatch(/数据|data/);
  });
});
