/**
 * The WeCom AI bot (adapters/wecom): the real @wecom/aibot-node-sdk client,
 * pointed by its `wsUrl` option at a fake long-connection server on
 * 127.0.0.1 that speaks the SDK's frames (tests/helpers/wecom-ws.ts), over
 * the real core (a NodeQaService on a copy of the bundled corpus) or, where
 * the answer's content does not matter, the fake service. Late replies go to
 * a response_url on the fake WeCom API (tests/helpers/wecom-api.ts).
 */
import { WSClient } from '@wecom/aibot-node-sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NodeQaService } from '../adapters/node/service.js';
import { createWecomBot, logConnection, sdkLogger, type WecomBot, type WecomBotDeps } from '../adapters/wecom/bot.js';
import { loadWecomBotConfig } from '../adapters/wecom/config.js';
import { TEXT_ONLY_HINT } from '../src/chat/format.js';
import type { ChatService } from '../src/chat/handler.js';
import { sizeOf } from '../src/chat/split.js';
import { FakeQaService } from './helpers/fake-service.js';
import { tempConfig } from './helpers/index.js';
import { startFakeWecomApi, type FakeWecomApi } from './helpers/wecom-api.js';
import { startFakeBotServer, type FakeBotServer, type Frame } from './helpers/wecom-ws.js';

const BOT = { botId: 'aibot-test-0001', secret: 'bot-secret-0123456789' };
const QUESTION = '月亮岛街道2021年共调解矛盾纠纷多少件？';
const TITLE = '月亮岛街道2021年法治政府建设工作情况报告';

type Handled = Parameters<NonNullable<WecomBotDeps['onHandled']>>[1];

interface Harness {
  server: FakeBotServer;
  api: FakeWecomApi;
  client: WSClient;
  bot: WecomBot;
  logs: Record<string, unknown>[];
  clock: { t: number };
  /** Pushes a message and resolves with the outcome once every reply to it went out, and the reply frames. */
  send(body: Record<string, unknown>): Promise<{ outcome: Handled; frames: Frame[] }>;
  close(): Promise<void>;
}

let sequence = 0;

async function harness(service: ChatService, extra: Partial<WecomBotDeps> = {}): Promise<Harness> {
  const server = await startFakeBotServer(BOT);
  const api = await startFakeWecomApi({ corpId: 'ww1', secret: 's', agentId: 1 });
  const logs: Record<string, unknown>[] = [];
  const log = (e: Record<string, unknown>) => void logs.push(e);
  const client = new WSClient({ ...BOT, wsUrl: server.url, reconnectInterval: 20, maxReconnectAttempts: -1, logger: sdkLogger(log) });
  logConnection(client, log);
  const waiters = new Map<string, (o: Handled) => void>();
  const clock = { t: 1_700_000_000_000 };
  const bot = createWecomBot({
    client,
    service,
    log,
    now: () => clock.t,
    onHandled: (msgid, outcome) => waiters.get(msgid)?.(outcome),
    ...extra,
  });
  client.connect();
  await server.waitForLogin(1);
  return {
    server,
    api,
    client,
    bot,
    logs,
    clock,
    async send(body) {
      const msgid = String(body.msgid);
      const done = new Promise<Handled>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${msgid} not handled in time`)), 30_000);
        waiters.set(msgid, (o) => {
          clearTimeout(timer);
          waiters.delete(msgid);
          resolve(o);
        });
      });
      const reqId = server.push(body);
      const outcome = await done;
      return { outcome, frames: server.repliesTo(reqId) };
    },
    async close() {
      await bot.stop();
      client.disconnect();
      await server.close();
      await api.close();
    },
  };
}

const text = (from: string, content: string, over: Record<string, unknown> = {}) => ({
  msgid: `msg-${++sequence}`,
  aibotid: BOT.botId,
  chattype: 'single',
  from: { userid: from },
  msgtype: 'text',
  text: { content },
  ...over,
});

const streamOf = (f: Frame) => (f.body as { stream: { id: string; content: string; finish: boolean } }).stream;

describe('the WeCom AI bot over the real core, through the SDK and a fake long connection', () => {
  let core: NodeQaService;
  let h: Harness;
  const asks: string[] = [];

  beforeAll(async () => {
    core = new NodeQaService(await tempConfig());
    await core.start();
    h = await harness({
      answer: (q, o) => core.answer(q, o),
      answerStream: (q, o) => {
        asks.push(q);
        return core.answerStream(q, o);
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

  it('subscribes with its bot id and secret', () => {
    expect(h.server.received[0]).toMatchObject({ cmd: 'aibot_subscribe', body: { bot_id: BOT.botId, secret: BOT.secret } });
  });

  it('streams a private answer onto one stream, ending with the cited sources', async () => {
    const { outcome, frames } = await h.send(text('zhangsan', QUESTION));
    expect(outcome).toMatchObject({ kind: 'answer', answered: true });
    expect(frames.length).toBeGreaterThanOrEqual(1);
    expect(frames.every((f) => f.cmd === 'aibot_respond_msg' && (f.body as { msgtype: string }).msgtype === 'stream')).toBe(true);
    const streams = frames.map(streamOf);
    expect(new Set(streams.map((s) => s.id)).size).toBe(1);
    expect(streams.map((s) => s.finish)).toEqual([...streams.slice(1).map(() => false), true]);
    const last = streams.at(-1)!;
    expect(last.content).toMatch(/691[^\n]*\[1\]/u);
    expect(last.content).toContain(`\n\n引用来源：\n[1] ${TITLE} · 一、推进法治政府建设的主要措施及成效`);
    expect(h.logs).toContainEqual(expect.objectContaining({ msg: 'wecom-bot answer', chat: 'dm', key: 'dm:zhangsan', answered: true }));
    expect(JSON.stringify(h.logs)).not.toContain(QUESTION);
  });

  it('answers a group message that @-mentions it, without the mention in the question', async () => {
    const { outcome, frames } = await h.send(text('lisi', `@法治问答 ${QUESTION}`, { chattype: 'group', chatid: 'wrk-group-1' }));
    expect(outcome).toMatchObject({ kind: 'answer', answered: true });
    expect(asks.at(-1)).toBe(QUESTION);
    expect(streamOf(frames.at(-1)!).content).toContain('691');
    expect(h.bot.conversationOf('room:wrk-group-1:lisi')).toBeDefined();
    expect(h.bot.conversationOf('room:wrk-group-1:lisi')).not.toBe(h.bot.conversationOf('dm:lisi'));
  });

  it('answers a message delivered twice once', async () => {
    const message = text('wangwu', '帮助');
    const first = await h.send(message);
    expect(first.outcome).toEqual({ kind: 'command', command: 'help' });
    const again = await h.send(message);
    expect(again.outcome).toEqual({ kind: 'duplicate' });
    expect(again.frames).toEqual([]);
  });

  it('runs the commands: 来源 1 after an answer, 报告列表', async () => {
    await h.send(text('zhaoliu', QUESTION));
    const source = await h.send(text('zhaoliu', '来源 1'));
    expect(source.outcome).toEqual({ kind: 'command', command: 'source' });
    expect(streamOf(source.frames.at(-1)!).content).toContain('成功率98.9%');
    const list = await h.send(text('zhaoliu', '报告列表'));
    expect(streamOf(list.frames.at(-1)!)).toMatchObject({ finish: true, content: expect.stringContaining('现有报告（5 份）') });
  });

  it('hints "text only" for an image, and welcomes someone entering the chat', async () => {
    const image = await h.send({ msgid: `msg-${++sequence}`, aibotid: BOT.botId, chattype: 'single', from: { userid: 'sunqi' }, msgtype: 'image', image: { url: 'https://example.invalid/x' } });
    expect(image.outcome).toEqual({ kind: 'hint' });
    expect(streamOf(image.frames.at(-1)!)).toMatchObject({ finish: true, content: TEXT_ONLY_HINT });

    const reqId = h.server.pushEvent({ msgid: `ev-${++sequence}`, create_time: 1, aibotid: BOT.botId, chattype: 'single', from: { userid: 'sunqi' }, msgtype: 'event', event: { eventtype: 'enter_chat' } });
    const welcome = await h.server.waitFor((f) => f.headers.req_id === reqId);
    expect(welcome).toMatchObject({ cmd: 'aibot_respond_welcome_msg', body: { msgtype: 'text', text: { content: expect.stringContaining('来源 1') } } });
  });

  it('limits a busy group, saying so once', async () => {
    const limited = await harness({ answer: (q, o) => core.answer(q, o), documents: () => core.documents() }, { limits: { groupRatePerMinute: 2 } });
    try {
      const group = { chattype: 'group', chatid: 'busy' };
      for (const who of ['a', 'b']) expect((await limited.send(text(who, '@法治问答 帮助', group))).outcome).toEqual({ kind: 'command', command: 'help' });
      const over = await limited.send(text('c', '@法治问答 帮助', group));
      expect(over.outcome).toEqual({ kind: 'limited', key: 'room:busy', notified: true });
      expect(streamOf(over.frames.at(-1)!).content).toBe('提问太频繁，请稍后再试。');
      expect((await limited.send(text('d', '@法治问答 帮助', group))).outcome).toEqual({ kind: 'limited', key: 'room:busy', notified: false });
    } finally {
      await limited.close();
    }
  });
});

describe('the WeCom AI bot, answer content aside', () => {
  it('sends a late reply to response_url when WeCom refuses the stream', async () => {
    const h = await harness(new FakeQaService({ deltaMs: 1 }));
    try {
      h.server.ackWith(846608); // the stream's first frame refused: WeCom will take no more on it
      const message = text('qianshi', '芝山区的执法公示', { response_url: `${h.api.url}/aibot/response/r1` });
      const { outcome } = await h.send(message);
      expect(outcome).toMatchObject({ kind: 'answer', answered: true });
      expect(h.api.responses).toEqual([{ id: 'r1', body: { msgtype: 'markdown', markdown: { content: expect.stringContaining('引用来源：\n[1] 芝山区2020年法治政府建设年度报告') } } }]);
      expect(h.logs).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'wecom-bot stream failed', msgid: message.msgid }));
      expect(h.logs).toContainEqual(expect.objectContaining({ msg: 'wecom-bot late reply', msgid: message.msgid }));
    } finally {
      await h.close();
    }
  });

  it('sends a late reply when the answer comes after the stream window', async () => {
    const fake = new FakeQaService();
    const clock = { t: 0 };
    const slow: ChatService = {
      answer: async (q, o) => {
        clock.t += 5_000; // the core took longer than the window
        return fake.answer(q, o);
      },
      documents: () => fake.documents(),
    };
    const h = await harness(slow, { streamWindowMs: 1_000, now: () => clock.t });
    try {
      const { frames } = await h.send(text('sunba', '问题', { response_url: `${h.api.url}/aibot/response/r2` }));
      expect(frames).toEqual([]);
      expect(h.api.responses.map((r) => r.id)).toEqual(['r2']);
    } finally {
      await h.close();
    }
  });

  it('logs, and never crashes, when neither the stream nor response_url takes the reply', async () => {
    const h = await harness(new FakeQaService({ deltaMs: 1 }));
    try {
      h.server.ackWith(846608);
      const { outcome } = await h.send(text('zhoujiu', '问题')); // and no response_url
      expect(outcome).toMatchObject({ kind: 'error' });
      expect(h.logs).toContainEqual(expect.objectContaining({ level: 'error', msg: 'wecom-bot answer failed', error: expect.stringContaining('no response_url') }));
      expect((await h.send(text('zhoujiu', '帮助'))).outcome).toEqual({ kind: 'command', command: 'help' });
    } finally {
      await h.close();
    }
  });

  it('splits a reply over the stream limit: the first part streamed, the rest pushed as markdown', async () => {
    const long = `${'依法行政，严格规范公正文明执法，全年开展执法检查，覆盖辖区全部重点单位。'.repeat(260)}[1]`;
    const service = new FakeQaService({ deltaMs: 1 });
    const stream = service.answerStream.bind(service);
    service.answerStream = (q, o) =>
      (async function* () {
        for await (const e of stream(q, o)) yield e.type === 'done' ? { ...e, result: { ...e.result, answer: long } } : e;
      })();
    const h = await harness(service);
    try {
      expect(sizeOf(long, 'bytes')).toBeGreaterThan(20480);
      const { frames } = await h.send(text('wushi', '长问题'));
      const final = streamOf(frames.find((f) => f.cmd === 'aibot_respond_msg' && streamOf(f).finish)!);
      const pushed = await h.server.waitFor((f) => f.cmd === 'aibot_send_msg' && String((f.body as { markdown: { content: string } }).markdown.content).includes('引用来源'));
      const parts = [final.content, ...h.server.received.filter((f) => f.cmd === 'aibot_send_msg').map((f) => (f.body as { markdown: { content: string } }).markdown.content)];
      expect(pushed.body).toMatchObject({ chatid: 'wushi', msgtype: 'markdown' });
      const bodies = parts.map((p, i) => {
        expect(sizeOf(p, 'bytes')).toBeLessThanOrEqual(4096);
        expect(p.startsWith(`(${i + 1}/${parts.length}) `)).toBe(true);
        return p.slice(`(${i + 1}/${parts.length}) `.length);
      });
      expect(bodies.join('')).toContain(long);
    } finally {
      await h.close();
    }
  });

  it('logs one line per reconnect attempt while the server is away', async () => {
    const h = await harness(new FakeQaService());
    try {
      const before = h.logs.length;
      await h.server.close();
      await expect.poll(() => h.logs.slice(before).filter((l) => l.msg === 'wecom-bot reconnecting').length, { timeout: 10_000 }).toBeGreaterThanOrEqual(4);
      const shown = h.logs.slice(before).filter((l) => l.level !== 'debug');
      const attempts = shown.filter((l) => l.msg === 'wecom-bot reconnecting');
      expect(shown.filter((l) => l.msg !== 'wecom-bot reconnecting').map((l) => l.msg)).toEqual(['wecom-bot disconnected']);
      expect(attempts.map((l) => l.attempt)).toEqual(attempts.map((_, i) => i + 1));
      expect(attempts.at(-1)).toMatchObject({ error: expect.stringMatching(/ECONNREFUSED/u) });
    } finally {
      await h.bot.stop();
      h.client.disconnect();
      await h.api.close();
    }
  });

  it('names a refused Bot ID or Secret on each attempt, then gives up and says so', async () => {
    const server = await startFakeBotServer(BOT);
    const logs: Record<string, unknown>[] = [];
    const client = new WSClient({ botId: BOT.botId, secret: 'wrong-secret-xyz', wsUrl: server.url, reconnectInterval: 10, maxAuthFailureAttempts: 2, logger: sdkLogger((e) => void logs.push(e)) });
    const reasons: string[] = [];
    logConnection(client, (e) => void logs.push(e), (reason) => reasons.push(reason));
    try {
      client.connect();
      await expect.poll(() => reasons, { timeout: 10_000 }).toHaveLength(1);
      const shown = logs.filter((l) => l.level !== 'debug');
      expect(shown.map((l) => l.msg)).toEqual(['wecom-bot reconnecting', 'wecom-bot reconnecting', 'wecom-bot gave up']);
      expect(shown[1]).toMatchObject({ error: expect.stringContaining('invalid bot_id or secret') });
      expect(reasons[0]).toMatch(/WECOM_BOT_ID and WECOM_BOT_SECRET/u);
      expect(server.logins).toBe(0);
      expect(JSON.stringify(logs)).not.toContain('wrong-secret-xyz');
    } finally {
      client.disconnect();
      await server.close();
    }
  });

  it('reconnects after the connection drops and keeps answering', async () => {
    const h = await harness(new FakeQaService());
    try {
      h.server.drop();
      await h.server.waitForLogin(2);
      expect((await h.send(text('zhengshi', '帮助'))).outcome).toEqual({ kind: 'command', command: 'help' });
      expect(h.logs.filter((l) => l.msg === 'wecom-bot connected')).toHaveLength(2);
    } finally {
      await h.close();
    }
  });
});

describe('WeCom bot configuration', () => {
  it('requires the bot id and secret, and takes a ws(s) URL', () => {
    expect(loadWecomBotConfig({ WECOM_BOT_ID: 'b', WECOM_BOT_SECRET: 's' })).toMatchObject({ WECOM_BOT_ID: 'b', WECOM_RATE_PER_MINUTE: 6, WECOM_GROUP_RATE_PER_MINUTE: 20 });
    expect(loadWecomBotConfig({ WECOM_BOT_ID: 'b', WECOM_BOT_SECRET: 's', WECOM_BOT_WS_URL: 'ws://127.0.0.1:9' }).WECOM_BOT_WS_URL).toBe('ws://127.0.0.1:9');
    expect(() => loadWecomBotConfig({})).toThrow(/WECOM_BOT_ID[\s\S]*WECOM_BOT_SECRET/u);
    expect(() => loadWecomBotConfig({ WECOM_BOT_ID: 'b', WECOM_BOT_SECRET: 's', WECOM_BOT_WS_URL: 'http://x' })).toThrow(/WECOM_BOT_WS_URL/u);
  });
});
