import { afterEach, describe, expect, it } from 'vitest';
import { guardAnswer, guardPrefix } from '../src/answer/guard.js';
import { guardedStream } from '../src/answer/guarded-stream.js';
import { buildPrompt, LlmAnswerer } from '../src/answer/llm.js';
import { answerWithLlm, LLM_WARNINGS, streamWithLlm } from '../src/answer/llm-answer.js';
import type { AnswerEvent } from '../src/answer/stream.js';
import type { AnswerResult } from '../src/answer/types.js';
import { redactSecrets } from '../src/util/redact.js';
import { cite } from './helpers/citations.js';
import { startOpenAIServer, type OpenAIServer, type Reply } from './helpers/openai-server.js';


const P1 = '2021年，全市各级行政复议机关共受理行政复议案件691件，审结率98.9%，纠错率100%。';
const P2 = '开通法律援助热线0731-88889999和13912345678，网站www.example.gov.cn，邮箱fazhi@example.gov.cn，全年发放援助补贴120万元、奖励两万元。';
const CITATIONS = [cite(1, P1), cite(2, P2)];

const EXTRACTIVE: AnswerResult = {
  id: 'answer-1',
  answered: true,
  answer: '示例市：2021年，全市各级行政复议机关共受理行政复议案件691件，审结率98.9%[1]。',
  citations: CITATIONS,
  mode: 'extractive',
  conversationId: 'conversation-1',
  timings: {},
};

describe('the guard: money, phone numbers, URLs and email addresses', () => {
  it('accepts them when the cited paragraph has them, in any common form', () => {
    expect(guardAnswer('援助热线为0731-88889999、13912345678[2]。', CITATIONS)).toEqual({ ok: true });
    expect(guardAnswer('援助热线为(0731)88889999[2]。', CITATIONS)).toEqual({ ok: true });
    expect(guardAnswer('网站是WWW.EXAMPLE.GOV.CN，邮箱fazhi@example.gov.cn[2]。', CITATIONS)).toEqual({ ok: true });
    expect(guardAnswer('网站是http://www.example.gov.cn/。[2]', CITATIONS)).toEqual({ ok: true });
    expect(guardAnswer('发放援助补贴¥120万，奖励两万元[2]。', CITATIONS)).toEqual({ ok: true });
    expect(guardAnswer('推进多元化纠纷解决，共受理691件[1]。', CITATIONS)).toEqual({ ok: true });
  });

  it('rejects a phone number, URL, email or amount that no cited paragraph has', () => {
    const cases: [string, string, string][] = [
      ['如有疑问请拨打13800138000[1]。', 'contact', '13800138000'],
      ['举报电话0731-88880000[2]。', 'contact', '0731-88880000'],
      ['详情见https://evil.example.com/claim[1]。', 'contact', 'https://evil.example.com/claim'],
      ['详情见evil-example.com[2]。', 'contact', 'evil-example.com'],
      ['请发邮件至report@evil.cn[2]。', 'contact', 'report@evil.cn'],
      ['每件补偿两千元[2]。', 'money', '两千元'],
      ['共受理¥691[1]。', 'money', '¥691'],
      ['发放援助补贴120万美元[2]。', 'money', '120万美元'],
    ];
    for (const [answer, check, detail] of cases) {
      const r = guardAnswer(answer, CITATIONS);
      expect(r.ok, answer).toBe(false);
      if (!r.ok) {
        expect(r.check, answer).toBe(check);
        expect(r.reason, answer).toContain(detail);
      }
    }
  });

  it('checks them against the paragraphs the sentence cites', () => {
    const r = guardAnswer('网站是www.example.gov.cn[1]。', CITATIONS);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toBe('URL www.example.gov.cn not in the cited paragraphs [1]');
  });
});

describe('guardPrefix: what a stream may send so far', () => {
  it('accepts, waits or rejects', () => {
    expect(guardPrefix('共受理691件[1]。', CITATIONS)).toEqual({ verdict: 'accept' });
    // no marker yet: a later one may still come
    expect(guardPrefix('共受理行政复议案件691件。', CITATIONS)).toEqual({ verdict: 'wait' });
    // a refusal is never shown, the extractive answer is
    expect(guardPrefix('未找到。', CITATIONS)).toEqual({ verdict: 'wait' });
    // a sentence with its own marker and an invented figure: nothing later can save it
    expect(guardPrefix('共受理700件[1]。', CITATIONS)).toMatchObject({ verdict: 'reject', check: 'figure' });
    expect(guardPrefix('共受理691件[7]。', CITATIONS)).toMatchObject({ verdict: 'reject', check: 'citation' });
    // a sentence without a marker is judged against every cited paragraph, which later markers may widen
    expect(guardPrefix('共受理691件[1]。补贴120万元。', CITATIONS)).toEqual({ verdict: 'wait' });
    expect(guardPrefix('共受理691件[1]。补贴120万元。热线0731-88889999[2]。', CITATIONS)).toEqual({ verdict: 'accept' });
  });
});

describe('guardedStream', () => {
  async function collect(chunks: string[]) {
    async function* deltas() {
      yield* chunks;
    }
    const out: string[] = [];
    const stream = guardedStream(deltas(), CITATIONS);
    for (let step = await stream.next(); ; step = await stream.next()) {
      if (step.done) return { out, outcome: step.value };
      out.push(step.value);
    }
  }

  it('waits for a marker that follows the full stop before judging the sentence', async () => {
    // 120万元 is only in [2], which the first sentence cites after its full stop, in pieces
    const { out, outcome } = await collect(['发放援助补贴120万元[1]。', '［', '2', '] 共受理691件[1]。']);
    expect(outcome).toEqual({ kind: 'accepted', sent: '发放援助补贴120万元[1]。［2] 共受理691件[1]。' });
    expect(out).toEqual(['发放援助补贴120万元[1]。［2] ', '共受理691件[1]。']);
  });

  it('stops reading the model at the first sentence nothing can save', async () => {
    let read = 0;
    async function* deltas() {
      for (const chunk of ['共受理691件[1]。', '另有700件[1]。', '纠错率100%[1]。', '审结率98.9%[1]。']) {
        read++;
        yield chunk;
      }
    }
    const out: string[] = [];
    const stream = guardedStream(deltas(), CITATIONS);
    let step = await stream.next();
    for (; !step.done; step = await stream.next()) out.push(step.value);
    expect(out).toEqual(['共受理691件[1]。']);
    expect(step.value).toMatchObject({ kind: 'rejected', sent: '共受理691件[1]。', check: 'figure' });
    // the third piece shows the second sentence whole; the fourth is never asked for
    expect(read).toBe(3);
  });
});

describe('buildPrompt: [n]-like text in a report', () => {
  it('is neutralised before the model sees it, in every width', () => {
    const planted = cite(1, '详见附件[3]和［２］、【4】及[1,2]。共受理691件。');
    const { user } = buildPrompt('问题', [planted, cite(2, P2)], 'simplified');
    const body = /<paragraph n="1"[^>]*>\n([\s\S]*?)\n<\/paragraph>/.exec(user)?.[1] ?? '';
    expect(body).toBe('详见附件〔3〕和〔２〕、〔4〕及〔1,2〕。共受理691件。');
    expect(buildPrompt('问题', [cite(1, '报告[1]')], 'simplified').user).not.toMatch(/报告\[1\]/);
  });
});

describe('redactSecrets', () => {
  it('masks keys, tokens, credentials in URLs and, for upstream text, internal addresses', () => {
    const text =
      'Incorrect API key provided: sk-proj-abcdef1234567890. Authorization: Bearer abc.def.ghi123 ' +
      'see https://admin:hunter22@llm.internal.example/v1?api_key=topsecret&x=1 from 10.2.3.4 and 192.168.1.20 via [fd12:3456::1] key=my-own-key-123';
    const out = redactSecrets(text, { known: ['my-own-key-123'], internalAddresses: true });
    for (const secret of ['sk-proj-abcdef1234567890', 'abc.def.ghi123', 'hunter22', 'topsecret', '10.2.3.4', '192.168.1.20', 'fd12:3456::1', 'my-own-key-123']) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('https://[redacted]@llm.internal.example/v1?api_key=[redacted]&x=1');
    expect(out).toContain('[internal-ip]');
    expect(redactSecrets('from 10.2.3.4')).toBe('from 10.2.3.4');
    expect(redactSecrets('共受理691件，审结率98.9%')).toBe('共受理691件，审结率98.9%');
  });
});

describe('the LLM path against an OpenAI-compatible server', () => {
  let server: OpenAIServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function run(reply: Reply, options: { apiKey?: string } = {}) {
    server = await startOpenAIServer(() => reply);
    const logs: Record<string, unknown>[] = [];
    const llm = new LlmAnswerer({ baseURL: server.url, model: 'test-model', timeoutMs: 2000, ...options });
    const events: AnswerEvent[] = [];
    for await (const e of streamWithLlm(llm, '示例市2021年受理了多少行政复议案件？', EXTRACTIVE, (entry) => logs.push(entry))) events.push(e);
    const deltas = events.flatMap((e) => (e.type === 'delta' ? [e.text] : []));
    const done = events.at(-1);
    if (done?.type !== 'done') throw new Error('no done event');
    return { deltas, streamed: deltas.join(''), result: done.result, logs, llm };
  }

  it('streams an accepted answer sentence by sentence; the deltas are the answer', async () => {
    const answer = '示例市2021年受理行政复议案件691件[1]。审结率98.9%，纠错率100%。[1]援助热线0731-88889999[2]。';
    const { deltas, streamed, result, logs } = await run(answer);
    expect(deltas.length).toBeGreaterThanOrEqual(3);
    expect(streamed).toBe(answer);
    expect(result).toMatchObject({ mode: 'llm', answer });
    expect(result.warnings).toBeUndefined();
    expect(logs).toEqual([]);
  });

  it('an invented figure never reaches the deltas: the accepted sentences, then the extractive answer', async () => {
    const { streamed, result, logs } = await run('示例市2021年受理行政复议案件691件[1]。审结率99.9%，另有1234件[1]。纠错率100%[1]。');
    expect(streamed).not.toMatch(/99\.9|1234/);
    expect(streamed).toBe(`示例市2021年受理行政复议案件691件[1]。\n${EXTRACTIVE.answer}`);
    expect(result.answer).toBe(streamed);
    expect(result.warnings).toEqual([LLM_WARNINGS.rejected('figure')]);
    expect(JSON.stringify(result)).not.toContain('99.9');
    expect(logs).toEqual([expect.objectContaining({ level: 'warn', msg: 'LLM answer rejected', check: 'figure', answerId: 'answer-1' })]);
    expect(String(logs[0]?.reason)).toContain('99.9%');
  });

  it('a first sentence that fails sends no model text at all', async () => {
    const { streamed, result } = await run('共受理行政复议案件700件[1]。审结率98.9%[1]。');
    expect(streamed).toBe(EXTRACTIVE.answer);
    expect(result).toMatchObject({ mode: 'extractive', answer: EXTRACTIVE.answer });
  });

  it('a planted URL, email, phone number or amount is held back too', async () => {
    for (const planted of ['详见https://evil.example.com/claim[1]。', '请联系report@evil.cn[1]。', '请拨打13800138000[1]。', '每件补偿两千元[1]。']) {
      const { streamed, result } = await run(`共受理691件[1]。${planted}`);
      expect(streamed, planted).toBe(`共受理691件[1]。\n${EXTRACTIVE.answer}`);
      expect(result.warnings?.[0], planted).toMatch(/^the model's answer failed the (contact-details|amount) check/);
      await server?.close();
      server = undefined;
    }
  });

  it('a refusal is not streamed; the extractive answer is', async () => {
    const { streamed, result } = await run('未找到。');
    expect(streamed).toBe(EXTRACTIVE.answer);
    expect(result.warnings).toEqual([LLM_WARNINGS.refused]);
  });

  it('an upstream error body reaches the log masked and never the client', async () => {
    const key = 'sk-live-0123456789abcdef';
    const body = {
      error: {
        message: `Incorrect API key ${key} for https://ops:pa55word@10.20.30.40:8443/v1?token=internal-token from 172.16.5.9`,
        type: 'invalid_request_error',
      },
    };
    for (const mode of ['stream', 'whole'] as const) {
      const { result, logs, llm } =
        mode === 'stream'
          ? await run({ status: 401, body }, { apiKey: key })
          : await (async () => {
              server = await startOpenAIServer(() => ({ status: 401, body }));
              const logs: Record<string, unknown>[] = [];
              const llm = new LlmAnswerer({ baseURL: server.url, model: 'test-model', apiKey: key });
              return { result: await answerWithLlm(llm, '问题', EXTRACTIVE, (entry) => logs.push(entry)), logs, llm };
            })();
      expect(result.warnings, mode).toEqual([LLM_WARNINGS.unavailable]);
      expect(result.answer, mode).toBe(EXTRACTIVE.answer);
      const client = JSON.stringify(result);
      for (const secret of [key, 'pa55word', 'internal-token', '10.20.30.40', '172.16.5.9', '401', 'Incorrect']) expect(client, mode).not.toContain(secret);
      expect(logs, mode).toHaveLength(1);
      const line = JSON.stringify(logs[0]);
      expect(line, mode).toContain('HTTP 401');
      expect(line, mode).toContain('Incorrect API key [redacted]');
      expect(line, mode).toContain(llm.modelId);
      for (const secret of [key, 'pa55word', 'internal-token', '10.20.30.40', '172.16.5.9']) expect(line, mode).not.toContain(secret);
      await server?.close();
      server = undefined;
    }
  });
});
