import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion, streamAnswer } from '../src/answer/answer.js';
import { LlmAnswerer } from '../src/answer/llm.js';
import type { AnswerEvent } from '../src/answer/stream.js';
import { openNodeIndex, type NodeIndexHandle } from '../adapters/node/service.js';
import { tempConfig } from './helpers/index.js';
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
    const r = await answerQuestion(handle.retriever, Q, {}, { llm: llm() });
    expect(r.mode).toBe('extractive');
    expect(r.answer).toContain('691');
    expect(r.warnings?.join()).toMatch(/700/);
  });

  it('rejects a citation of a paragraph it was not given', async () => {
    next = '共调解矛盾纠纷691件[9]。';
    const r = await answerQuestion(handle.retriever, Q, {}, { llm: llm() });
    expect(r.mode).toBe('extractive');
    expect(r.warnings?.join()).toMatch(/\[9\]|9/);
  });

  it('falls back when the endpoint fails or times out', async () => {
    next = { status: 500, body: { error: { message: 'boom' } } };
    const failed = await answerQuestion(handle.retriever, Q, {}, { llm: llm() });
    expect(failed.mode).toBe('extractive');
    expect(failed.warnings?.join()).toMatch(/500/);
    next = { delayMs: 1500, text: '691件[1]' };
    const slow = await answerQuestion(handle.retriever, Q, {}, { llm: new LlmAnswerer({ baseURL: server.url, model: 'm', timeoutMs: 300 }) });
    expect(slow.mode).toBe('extractive');
    expect(slow.warnings?.join()).toMatch(/timed out/);
  });

  it('never asks the LLM when the reports do not answer', async () => {
    const before = server.requests.length;
    const r = await answerQuestion(handle.retriever, '怎么办理护照？', {}, { llm: llm() });
    expect(r.answered).toBe(false);
    expect(server.requests.length).toBe(before);
  });

  it('streams the LLM tokens, citations first, the guarded result last', async () => {
    next = '月亮岛街道2021年共调解矛盾纠纷691件[1]。';
    const events: AnswerEvent[] = [];
    for await (const e of streamAnswer(handle.retriever, Q, {}, { llm: llm() })) events.push(e);
    expect(events[0]?.type).toBe('citations');
    const deltas = events.filter((e) => e.type === 'delta');
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.map((e) => (e.type === 'delta' ? e.text : '')).join('')).toBe(next);
    const done = events.at(-1);
    expect(done?.type === 'done' && done.result.mode).toBe('llm');
  });

  it('a streamed answer that fails the guard ends with the extractive result', async () => {
    next = '共调解矛盾纠纷12345件[1]。';
    const events: AnswerEvent[] = [];
    for await (const e of streamAnswer(handle.retriever, Q, {}, { llm: llm() })) events.push(e);
    const done = events.at(-1);
    expect(done?.type === 'done' && done.result.mode).toBe('extractive');
    expect(done?.type === 'done' && done.result.answer).toContain('691');
  });

  it('instructions planted in a paragraph are data: the guard still holds the figures', async () => {
    next = '100万[1]';
    const r = await answerQuestion(handle.retriever, Q, {}, { llm: llm() });
    expect(r.mode).toBe('extractive');
    const system = JSON.stringify(server.requests.at(-1));
    expect(system).toMatch(/数据|data/);
  });
});
