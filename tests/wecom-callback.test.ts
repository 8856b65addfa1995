/**
 * The WeCom self-built app callback (src/chat/wecom/callback.ts), mounted on
 * a Hono app of its own as the service mounts it, over the real core (a
 * NodeQaService on a copy of the bundled corpus) and a fake WeCom API on
 * 127.0.0.1 (tests/helpers/wecom-api.ts). Requests are made as WeCom makes
 * them, encrypted with @wecom/crypto, WeCom's own package.
 */
import * as oracle from '@wecom/crypto';
import { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NodeQaService } from '../adapters/node/service.js';
import { ConfigError } from '../src/config.js';
import type { ChatService } from '../src/chat/handler.js';
import { TEXT_ONLY_HINT } from '../src/chat/format.js';
import { sizeOf } from '../src/chat/split.js';
import { buildWecomXml } from '../src/chat/wecom/xml.js';
import { wecomCallbackConfigFromEnv, wecomCallbackRoutes, type WecomCallbackConfig, type WecomCallbackOptions } from '../src/chat/wecom/callback.js';
import { tempConfig } from './helpers/index.js';
import { startFakeWecomApi, type FakeWecomApi } from './helpers/wecom-api.js';
import { FakeQaService } from './helpers/fake-service.js';

const CORP_ID = 'ww5823bf96d3bd56c7';
const AGENT_ID = 1000002;
const SECRET = 'app-secret-0123456789';
const TOKEN = 'QDG6eK';
const AES_KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
const QUESTION = '月亮岛街道2021年共调解矛盾纠纷多少件？';
const FOLLOW_UP = '那成功率呢？';

type Delivered = Parameters<NonNullable<WecomCallbackOptions['onHandled']>>[0];

interface Harness {
  app: Hono;
  api: FakeWecomApi;
  logs: Record<string, unknown>[];
  handled: Delivered[];
  clock: { t: number };
  /** Resolves with the outcome once the callback has dealt with the delivery `key`. */
  outcomeOf(key: string): Promise<Delivered['outcome']>;
  close(): Promise<void>;
}

async function harness(service: ChatService, extra: Partial<WecomCallbackOptions> = {}, members?: string[]): Promise<Harness> {
  const api = await startFakeWecomApi({ corpId: CORP_ID, secret: SECRET, agentId: AGENT_ID, ...(members ? { members } : {}) });
  const config: WecomCallbackConfig = wecomCallbackConfigFromEnv({
    WECOM_CORP_ID: CORP_ID,
    WECOM_AGENT_ID: String(AGENT_ID),
    WECOM_SECRET: SECRET,
    WECOM_TOKEN: TOKEN,
    WECOM_ENCODING_AES_KEY: AES_KEY,
    WECOM_API_BASE: api.url,
  })!;
  const logs: Record<string, unknown>[] = [];
  const handled: Delivered[] = [];
  const waiters = new Map<string, (o: Delivered['outcome']) => void>();
  const clock = { t: 1_700_000_000_000 };
  const app = new Hono();
  app.route('/', wecomCallbackRoutes(service, {
    config,
    log: (e) => logs.push(e),
    now: () => clock.t,
    retryDelaysMs: [20, 40, 80],
    onHandled: (d) => {
      handled.push(d);
      waiters.get(d.key)?.(d.outcome);
    },
    ...extra,
  }));
  return {
    app,
    api,
    logs,
    handled,
    clock,
    outcomeOf(key) {
      const done = handled.find((d) => d.key === key);
      if (done) return Promise.resolve(done.outcome);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${key} was not handled in time`)), 30_000);
        waiters.set(key, (o) => {
          clearTimeout(timer);
          resolve(o);
        });
      });
    },
    close: () => api.close(),
  };
}

let sequence = 0;
const nextMsgId = () => String(7_000_000_000_000_000 + ++sequence);

/** A message as WeCom posts it: the XML encrypted for the corp, signed with the Token. */
function delivery(fields: Record<string, string | number>, over: { corpId?: string; signature?: string } = {}) {
  sequence++;
  const timestamp = String(1_700_000_000 + sequence);
  const nonce = `n${sequence}`;
  const inner = buildWecomXml({ ToUserName: CORP_ID, CreateTime: 1_700_000_000 + sequence, AgentID: AGENT_ID, ...fields });
  const encrypted = oracle.encrypt(AES_KEY, inner, over.corpId ?? CORP_ID);
  const signature = over.signature ?? oracle.getSignature(TOKEN, timestamp, nonce, encrypted);
  const body = buildWecomXml({ ToUserName: CORP_ID, AgentID: AGENT_ID, Encrypt: encrypted });
  return { url: `/wecom/callback?${new URLSearchParams({ msg_signature: signature, timestamp, nonce })}`, body };
}

function textMessage(from: string, content: string, msgId = nextMsgId()) {
  return { key: `msg:${msgId}`, ...delivery({ FromUserName: from, MsgType: 'text', Content: content, MsgId: msgId }) };
}

const post = (app: Hono, d: { url: string; body: string }) => app.request(d.url, { method: 'POST', body: d.body, headers: { 'content-type': 'text/xml' } });

describe('the WeCom app callback over the real core and a fake WeCom API', () => {
  let core: NodeQaService;
  let h: Harness;
  const asks: { question: string; conversationId: string | undefined }[] = [];

  beforeAll(async () => {
    core = new NodeQaService(await tempConfig());
    await core.start();
    h = await harness({
      answer: (question, options) => {
        asks.push({ question, conversationId: options?.conversationId });
        return core.answer(question, options);
      },
      documents: () => core.documents(),
    });
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => {
    h.clock.t += 61_000;
  });

  it('answers WeCom’s URL check with the decrypted echostr, and refuses a bad one', async () => {
    const echo = oracle.encrypt(AES_KEY, '1616140317555161061', CORP_ID);
    const query = (signature: string, echostr = echo) => `/wecom/callback?${new URLSearchParams({ msg_signature: signature, timestamp: '1409659589', nonce: '263014780', echostr })}`;
    const good = await h.app.request(query(oracle.getSignature(TOKEN, '1409659589', '263014780', echo)));
    expect(good.status).toBe(200);
    expect(await good.text()).toBe('1616140317555161061');

    const forged = await h.app.request(query('0'.repeat(40)));
    expect(forged.status).toBe(401);
    const other = oracle.encrypt(AES_KEY, '42', 'ww_other_corp');
    const wrongCorp = await h.app.request(query(oracle.getSignature(TOKEN, '1409659589', '263014780', other), other));
    expect(wrongCorp.status).toBe(403);
    expect((await h.app.request('/wecom/callback?echostr=abc')).status).toBe(400);
  });

  it('replies at once with an empty 200 and sends the cited answer through message/send', async () => {
    const before = h.api.sent.length;
    const m = textMessage('zhangsan', QUESTION);
    const res = await post(h.app, m);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect(await h.outcomeOf(m.key)).toMatchObject({ kind: 'answer', answered: true });
    const [sent] = (await h.api.waitForSent(before + 1)).slice(before);
    expect(sent).toMatchObject({ touser: 'zhangsan', agentid: AGENT_ID, msgtype: 'text' });
    expect(sent!.content).toMatch(/691[^\n]*\[1\]/u);
    expect(sent!.content).toContain('\n\n引用来源：\n[1] 月亮岛街道2021年法治政府建设工作情况报告 · 一、推进法治政府建设的主要措施及成效');
    const line = h.logs.find((l) => l.msg === 'wecom answer');
    expect(line).toMatchObject({ chat: 'dm', key: 'dm:zhangsan', answered: true });
    expect(JSON.stringify(h.logs)).not.toContain(QUESTION); // never the question
  });

  it('keeps one conversation per member for follow-ups, and 来源 1 gives the cited paragraph', async () => {
    const first = textMessage('lisi', QUESTION);
    await post(h.app, first);
    const opened = await h.outcomeOf(first.key);
    const follow = textMessage('lisi', FOLLOW_UP);
    await post(h.app, follow);
    expect(await h.outcomeOf(follow.key)).toMatchObject({ kind: 'answer', conversationId: (opened as { conversationId: string }).conversationId });
    const other = textMessage('lisi-2', FOLLOW_UP);
    await post(h.app, other);
    await h.outcomeOf(other.key);
    const ids = asks.slice(-3).map((a) => a.conversationId);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);

    const again = textMessage('zhangsan', QUESTION);
    await post(h.app, again);
    await h.outcomeOf(again.key);
    const before = h.api.sent.length;
    const source = textMessage('zhangsan', '来源 1');
    await post(h.app, source);
    expect(await h.outcomeOf(source.key)).toEqual({ kind: 'command', command: 'source' });
    const [sent] = (await h.api.waitForSent(before + 1)).slice(before);
    expect(sent!.content).toContain('月亮島街道2021年法治政府建設工作情況報告');
    expect(sent!.content).toContain('成功率98.9%');
  });

  it('answers a message delivered three times once', async () => {
    const before = h.api.sent.length;
    const m = textMessage('wangwu', QUESTION);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(h.app, m)).status);
    expect(statuses).toEqual([200, 200, 200]);
    await h.outcomeOf(m.key);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.api.sent.slice(before).filter((s) => s.touser === 'wangwu')).toHaveLength(1);
    expect(h.handled.filter((d) => d.key === m.key)).toHaveLength(1);
  });

  it('refuses a bad signature, a wrong corp id and a body that is not WeCom’s, sending nothing', async () => {
    const before = h.api.calls.length;
    const forged = textMessage('zhaoliu', QUESTION);
    const bad = await post(h.app, { ...forged, url: forged.url.replace(/msg_signature=[0-9a-f]+/u, `msg_signature=${'a'.repeat(40)}`) });
    expect(bad.status).toBe(401);
    const wrongCorp = delivery({ FromUserName: 'zhaoliu', MsgType: 'text', Content: QUESTION, MsgId: nextMsgId() }, { corpId: 'ww_someone_else' });
    expect((await post(h.app, wrongCorp)).status).toBe(403);
    expect((await post(h.app, { url: forged.url, body: 'not xml' })).status).toBe(400);
    expect((await post(h.app, { url: forged.url, body: '<xml><ToUserName>x</ToUserName></xml>' })).status).toBe(400);
    expect((await post(h.app, { url: '/wecom/callback', body: forged.body })).status).toBe(400);
    expect((await post(h.app, { url: forged.url, body: `<xml><Encrypt>${'A'.repeat(70_000)}</Encrypt></xml>` })).status).toBe(413);
    await new Promise((r) => setTimeout(r, 100));
    expect(h.api.calls.length).toBe(before);
    expect(h.handled.some((d) => d.key === forged.key)).toBe(false);
  });

  it('hints "text only" for an image and greets once on entering the app', async () => {
    const before = h.api.sent.length;
    const image = delivery({ FromUserName: 'sunqi', MsgType: 'image', PicUrl: 'https://example.invalid/a.jpg', MediaId: 'm1', MsgId: nextMsgId() });
    await post(h.app, image);
    await h.api.waitForSent(before + 1);
    expect(h.api.sent.at(-1)).toMatchObject({ touser: 'sunqi', content: TEXT_ONLY_HINT });

    const enter = () => delivery({ FromUserName: 'sunqi', MsgType: 'event', Event: 'enter_agent', EventKey: '' });
    await post(h.app, enter());
    await h.api.waitForSent(before + 2);
    expect(h.api.sent.at(-1)!.content).toContain('来源 1');
    await post(h.app, enter());
    await new Promise((r) => setTimeout(r, 200));
    expect(h.api.sent.length).toBe(before + 2);
    expect(h.handled.at(-1)!.outcome).toMatchObject({ kind: 'ignored' });
  });

  it('gets a new token when WeCom says it expired, and keeps one token otherwise', async () => {
    const tokens = h.api.tokens.length;
    const a = textMessage('zhouba', '帮助');
    await post(h.app, a);
    await h.outcomeOf(a.key);
    expect(h.api.tokens.length).toBe(tokens); // cached from the earlier tests

    h.api.expireToken();
    const before = h.api.sent.length;
    const b = textMessage('zhouba', '报告列表');
    await post(h.app, b);
    expect(await h.outcomeOf(b.key)).toEqual({ kind: 'command', command: 'reports' });
    expect(h.api.tokens.length).toBe(tokens + 1);
    expect(h.api.sent.slice(before)).toHaveLength(1);
    expect(h.api.sent.at(-1)!.token).toBe(h.api.tokens.at(-1));
    expect(h.api.calls.slice(-3).map((c) => [c.path, c.errcode])).toEqual([
      ['/cgi-bin/message/send', 42001],
      ['/cgi-bin/gettoken', 0],
      ['/cgi-bin/message/send', 0],
    ]);
  });

  it('retries a busy or failing API with growing pauses, logs it, and carries on', async () => {
    const before = h.api.sent.length;
    h.api.failSends({ errcode: -1, errmsg: 'system busy' }, { status: 502 }, { errcode: 45009, errmsg: 'api freq out of limit' });
    const m = textMessage('wujiu', '帮助');
    await post(h.app, m);
    expect(await h.outcomeOf(m.key)).toEqual({ kind: 'command', command: 'help' });
    expect(h.api.sent.slice(before)).toHaveLength(1);
    const retries = h.logs.filter((l) => l.msg === 'wecom api retry').slice(-3);
    expect(retries.map((l) => [l.errcode, l.attempt, l.delayMs])).toEqual([[-1, 1, 20], [-502, 2, 40], [45009, 3, 80]]);

    // Past the retries: logged, the member told nothing more can be done, and the next message works.
    h.api.failSends(...Array.from({ length: 8 }, () => ({ errcode: -1 })));
    const lost = textMessage('wujiu', '帮助');
    await post(h.app, lost);
    expect(await h.outcomeOf(lost.key)).toMatchObject({ kind: 'error' });
    expect(h.logs.filter((l) => l.msg === 'wecom api failed').at(-1)).toMatchObject({ level: 'error', path: '/cgi-bin/message/send', errcode: -1, attempts: 4 });
    for (const l of h.logs) expect(JSON.stringify(l)).not.toMatch(/tok-|app-secret/u);
    const after = textMessage('wujiu', '帮助');
    h.clock.t += 61_000;
    await post(h.app, after);
    expect(await h.outcomeOf(after.key)).toEqual({ kind: 'command', command: 'help' });
  });
});

describe('the WeCom app callback, answer content aside', () => {
  it('splits a reply longer than 2,048 bytes into numbered messages that join back into it', async () => {
    const long = '开展法治宣传教育活动，覆盖全体居民和辖区单位。'.repeat(60) + '[1]';
    const service = new FakeQaService();
    const answer = service.answer.bind(service);
    service.answer = async (q, o) => ({ ...(await answer(q, o)), answer: long });
    const h = await harness(service);
    try {
      const m = textMessage('qianshi', '问一个长问题');
      await post(h.app, m);
      await h.outcomeOf(m.key);
      const sent = h.api.sent;
      expect(sent.length).toBeGreaterThanOrEqual(3);
      const bodies = sent.map((s, i) => {
        expect(sizeOf(s.content, 'bytes')).toBeLessThanOrEqual(2048);
        const prefix = `(${i + 1}/${sent.length}) `;
        expect(s.content.startsWith(prefix)).toBe(true);
        return s.content.slice(prefix.length);
      });
      expect(bodies.join('')).toContain(long);
      expect(bodies.join('')).toMatch(/引用来源：\n\[1\] 芝山区2020年法治政府建设年度报告 · 一、主要举措$/u);
    } finally {
      await h.close();
    }
  });

  it('logs a member WeCom will not deliver to, never crashing', async () => {
    const h = await harness(new FakeQaService(), {}, ['someone-else']);
    try {
      const m = textMessage('outsider', '帮助');
      await post(h.app, m);
      expect(await h.outcomeOf(m.key)).toMatchObject({ kind: 'error' });
      expect(h.logs).toContainEqual(expect.objectContaining({ msg: 'wecom api failed', errcode: 81013, attempts: 1 }));
    } finally {
      await h.close();
    }
  });

  it('hands the background answer to the Worker’s waitUntil when there is one', async () => {
    const tasks: Promise<unknown>[] = [];
    const h = await harness(new FakeQaService());
    try {
      const m = textMessage('worker-user', '帮助');
      const res = await h.app.fetch(new Request(`http://localhost${m.url}`, { method: 'POST', body: m.body }), {}, {
        waitUntil: (p: Promise<unknown>) => void tasks.push(p),
        passThroughOnException: () => undefined,
        props: {},
      });
      expect(res.status).toBe(200);
      expect(tasks).toHaveLength(1);
      await tasks[0];
      expect(h.api.sent).toHaveLength(1);
    } finally {
      await h.close();
    }
  });

  it('uses the background hook outside the Worker', async () => {
    const tasks: Promise<void>[] = [];
    const h = await harness(new FakeQaService(), { background: (t) => void tasks.push(t) });
    try {
      const m = textMessage('node-user', '帮助');
      await post(h.app, m);
      expect(tasks).toHaveLength(1);
      await tasks[0];
      expect(h.api.sent.map((s) => s.touser)).toEqual(['node-user']);
    } finally {
      await h.close();
    }
  });
});

describe('WeCom callback configuration', () => {
  const all = { WECOM_CORP_ID: CORP_ID, WECOM_AGENT_ID: '1000002', WECOM_SECRET: SECRET, WECOM_TOKEN: TOKEN, WECOM_ENCODING_AES_KEY: AES_KEY };

  it('is off when none of the five is set, and on with defaults when all are', () => {
    expect(wecomCallbackConfigFromEnv({})).toBeUndefined();
    expect(wecomCallbackConfigFromEnv({ WECOM_CORP_ID: '', WECOM_CALLBACK_PATH: '/x' })).toBeUndefined();
    expect(wecomCallbackConfigFromEnv(all)).toEqual({
      corpId: CORP_ID,
      agentId: 1000002,
      secret: SECRET,
      token: TOKEN,
      encodingAesKey: AES_KEY,
      path: '/wecom/callback',
      apiBase: 'https://qyapi.weixin.qq.com',
    });
    expect(wecomCallbackConfigFromEnv({ ...all, WECOM_CALLBACK_PATH: '/hooks/wecom', WECOM_API_BASE: 'http://127.0.0.1:9' })).toMatchObject({ path: '/hooks/wecom', apiBase: 'http://127.0.0.1:9' });
  });

  it('names what is missing or wrong', () => {
    expect(() => wecomCallbackConfigFromEnv({ WECOM_CORP_ID: CORP_ID, WECOM_TOKEN: TOKEN })).toThrow(ConfigError);
    expect(() => wecomCallbackConfigFromEnv({ WECOM_CORP_ID: CORP_ID, WECOM_TOKEN: TOKEN })).toThrow(/WECOM_AGENT_ID: required[\s\S]*WECOM_SECRET: required[\s\S]*WECOM_ENCODING_AES_KEY: required/u);
    expect(() => wecomCallbackConfigFromEnv({ ...all, WECOM_ENCODING_AES_KEY: 'too-short' })).toThrow(/WECOM_ENCODING_AES_KEY: must be the 43-character/u);
    expect(() => wecomCallbackConfigFromEnv({ ...all, WECOM_AGENT_ID: 'abc' })).toThrow(/WECOM_AGENT_ID/u);
    expect(() => wecomCallbackConfigFromEnv({ ...all, WECOM_CALLBACK_PATH: 'no-slash' })).toThrow(/WECOM_CALLBACK_PATH/u);
    expect(() => wecomCallbackConfigFromEnv({ ...all, WECOM_API_BASE: 'not a url' })).toThrow(/WECOM_API_BASE/u);
  });
});

