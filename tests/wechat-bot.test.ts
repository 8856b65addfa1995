/**
 * The WeChat bot, driven through Wechaty's own mock puppet (wechaty-puppet-mock)
 * over the real core: a NodeQaService on a private copy of the corpus. Contacts
 * and rooms are made with the puppet's Mocker; a message is `contact.say(text,
 * mentions).to(bot user | room)`; what the bot sends is caught at the puppet's
 * messageSendText (conversation id, text, mentioned ids).
 */
import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { types, WechatyBuilder, type Message, type Wechaty } from 'wechaty';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import type { AnswerResult } from '../src/answer/types.js';
import { NodeQaService } from '../adapters/node/service.js';
import type { Citation, ReportDocument } from '../src/schema.js';
import { createBot, type Bot, type BotService, type Outcome } from '../adapters/wechat/bot.js';
import { parseCommand, prefixVariants } from '../src/chat/commands.js';
import { ConfigError } from '../adapters/node/config.js';
import { botConfigFrom, loadWechatConfig, puppetOptionsFor, type BotConfig } from '../adapters/wechat/config.js';
import { citedNumbers, FAILED, formatAnswer, formatReportList, formatSource, RATE_LIMITED, RESET_DONE, sourceLine, TEXT_ONLY_HINT, truncate } from '../src/chat/format.js';
import { createHttpService, HttpServiceError } from '../src/chat/http-service.js';
import { numberParts, sentences, splitReply, toMessages, WECHAT_HARD_LIMIT, wechatLimit } from '../src/chat/split.js';
import { WindowLimiter } from '../src/chat/state.js';
import { superviseWechaty, type SupervisedWechaty } from '../adapters/wechat/supervise.js';
import { tempConfig } from './helpers/index.js';

type ContactMock = mock.ContactMock;
type RoomMock = mock.RoomMock;

const QUESTION = '月亮岛街道2021年共调解矛盾纠纷多少件？';
const FOLLOW_UP = '那成功率呢？';
/** FOLLOW_UP's answer about 月亮岛街道, the place QUESTION names. */
const IN_CONTEXT = '98.9%';
const TITLE = '月亮岛街道2021年法治政府建设工作情况报告';
const SOURCE_LINE = `[1] ${TITLE} · 一、推进法治政府建设的主要措施及成效 › 4.规范调解行为…`;
const BOT_NAME = '法治助手';

interface Sent {
  to: string;
  text: string;
  mentions: string[];
}

interface Harness {
  wechaty: Wechaty;
  puppet: PuppetMock;
  mocker: mock.Mocker;
  bot: Bot;
  user: ContactMock;
  sent: Sent[];
  clock: { t: number };
  /** Sends a message through the mock puppet and resolves once the bot has dealt with it, with what it sent meanwhile. */
  ask(from: ContactMock, text: string, to: ContactMock | RoomMock, mentions?: ContactMock[]): Promise<{ outcome: Outcome; replies: Sent[] }>;
  /** The same for a non-text message of the given type. */
  send(from: ContactMock, type: types.Message, to: ContactMock | RoomMock): Promise<{ outcome: Outcome; replies: Sent[] }>;
  close(): Promise<void>;
}

async function harness(service: BotService, config: Partial<BotConfig>, log?: (entry: Record<string, unknown>) => void): Promise<Harness> {
  const mocker = new mock.Mocker();
  const puppet = new PuppetMock({ mocker });
  const wechaty = WechatyBuilder.build({ puppet });

  const sent: Sent[] = [];
  const original = puppet.messageSendText.bind(puppet);
  // Wechaty passes the mentioned ids as a third argument the mock's signature leaves out.
  (puppet as unknown as { messageSendText: (id: string, text: string, mentions?: string[]) => Promise<void> }).messageSendText = async (id, text, mentions) => {
    sent.push({ to: id, text, mentions: mentions ?? [] });
    return original(id, text);
  };

  const waiters: { match: (m: Message) => boolean; resolve: (o: Outcome) => void }[] = [];
  const clock = { t: 1_700_000_000_000 };
  const bot = createBot({
    wechaty,
    service,
    config,
    ...(log ? { log } : {}),
    now: () => clock.t,
    onHandled: (message, outcome) => {
      const i = waiters.findIndex((w) => w.match(message));
      if (i >= 0) waiters.splice(i, 1)[0]!.resolve(outcome);
    },
  });

  await wechaty.start();
  const user = mocker.createContact({ name: BOT_NAME });
  const loggedIn = new Promise((resolve) => wechaty.once('login', resolve));
  mocker.login(user);
  await loggedIn; // wechaty.ready() never resolves with the mock puppet; 'login' does come

  const handled = (match: (m: Message) => boolean) =>
    new Promise<Outcome>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the bot did not handle the message in time')), 30_000);
      waiters.push({ match, resolve: (o) => { clearTimeout(timer); resolve(o); } });
    });

  return {
    wechaty,
    puppet,
    mocker,
    bot,
    user,
    sent,
    clock,
    async ask(from, text, to, mentions = []) {
      const before = sent.length;
      const done = handled((m) => m.talker().id === from.id && m.type() === types.Message.Text && m.text() === text);
      from.say(text, mentions).to(to);
      const outcome = await done;
      return { outcome, replies: sent.slice(before) };
    },
    async send(from, type, to) {
      const before = sent.length;
      const id = `raw-${Math.random().toString(36).slice(2)}`;
      const done = handled((m) => m.id === id);
      const target = to instanceof mocker.RoomMock ? { roomId: to.id, mentionIdList: [] } : { listenerId: to.id };
      mocker.MessageMock.create({ id, talkerId: from.id, timestamp: Date.now(), type, ...target });
      puppet.emit('message', { messageId: id });
      const outcome = await done;
      return { outcome, replies: sent.slice(before) };
    },
    async close() {
      await bot.stop();
      await wechaty.stop();
    },
  };
}

/** The text of a group reply without its leading @-mention of the asker. */
const unmention = (text: string) => text.replace(/^@\S+\s/u, '');

describe('the WeChat bot over the real core, through the mock puppet', () => {
  let core: NodeQaService;
  let h: Harness;
  const questions: string[] = [];
  let alice: ContactMock, bob: ContactMock, carol: ContactMock, dave: ContactMock, erin: ContactMock, official: ContactMock;
  let members: ContactMock[];
  let room: RoomMock, busyRoom: RoomMock;

  beforeAll(async () => {
    core = new NodeQaService(await tempConfig());
    await core.start();
    const recording: BotService = {
      answer: (question, options) => {
        questions.push(question);
        return core.answer(question, options);
      },
      documents: () => core.documents(),
    };
    h = await harness(recording, { roomRatePerMinute: 8 });
    const person = (name: string) => h.mocker.createContact({ name });
    [alice, bob, carol, dave, erin] = ['Alice', 'Bob', 'Carol', 'Dave', 'Erin'].map(person) as [ContactMock, ContactMock, ContactMock, ContactMock, ContactMock];
    official = h.mocker.createContact({ name: '某某公众号', type: types.Contact.Official });
    members = ['Frank', 'Gina', 'Hank'].map(person);
    room = h.mocker.createRoom({ topic: '法治工作群', memberIdList: [h.user.id, alice.id, bob.id, carol.id, dave.id] });
    busyRoom = h.mocker.createRoom({ topic: '热闹的群', memberIdList: [h.user.id, ...members.map((m) => m.id)] });
  });

  afterAll(async () => {
    await h?.close();
  });

  beforeEach(() => {
    h.clock.t += 61_000; // every test starts in fresh rate-limit windows
  });

  it('answers a private question with the figure and a short source line', async () => {
    const { outcome, replies } = await h.ask(alice, QUESTION, h.user);
    expect(outcome).toMatchObject({ kind: 'answer', answered: true });
    expect(replies).toHaveLength(1);
    const [reply] = replies;
    expect(reply!.to).toBe(alice.id);
    expect(reply!.mentions).toEqual([]);
    expect(reply!.text).toContain('691');
    expect(reply!.text).toMatch(/691[^\n]*\[1\]/u);
    const [answer, sources] = reply!.text.split('\n\n');
    expect(answer).not.toMatch(/[*#`]/u); // plain text, no markdown
    expect(sources!.split('\n').slice(0, 2)).toEqual(['引用来源：', SOURCE_LINE]);
  });

  it('ignores a group message that neither mentions it nor starts with the prefix', async () => {
    const { outcome, replies } = await h.ask(bob, QUESTION, room);
    expect(outcome).toEqual({ kind: 'ignored', reason: 'not-addressed' });
    expect(replies).toEqual([]);
  });

  it('answers a group question that @-mentions it, replying to the room with the asker mentioned', async () => {
    const { outcome, replies } = await h.ask(bob, `@${BOT_NAME}\u2005${QUESTION}`, room, [h.user]);
    expect(outcome).toMatchObject({ kind: 'answer', answered: true });
    expect(questions.at(-1)).toBe(QUESTION); // the mention is not part of the question
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ to: room.id, mentions: [bob.id] });
    expect(replies[0]!.text.startsWith('@Bob ')).toBe(true);
    expect(replies[0]!.text).toContain('691');
    expect(replies[0]!.text).toContain(SOURCE_LINE);
  });

  it('answers a group question that starts with 问： or 问:', async () => {
    for (const prefix of ['问：', '问:']) {
      const { outcome, replies } = await h.ask(carol, `${prefix}${QUESTION}`, room);
      expect(outcome).toMatchObject({ kind: 'answer', answered: true });
      expect(questions.at(-1)).toBe(QUESTION);
      expect(replies).toHaveLength(1);
      expect(replies[0]).toMatchObject({ to: room.id, mentions: [carol.id] });
      expect(replies[0]!.text).toMatch(/^@Carol .*691/u);
    }
  });

  it('recognises a mention by its current name after the bot is renamed', async () => {
    const renamed = '法规小助手';
    h.mocker.contactPayload(h.user.id, { ...h.user.payload, name: renamed });
    await h.wechaty.currentUser.name(renamed);
    expect(h.wechaty.currentUser.name()).toBe(renamed);
    try {
      // A mention the puppet resolved to the bot's id, under the new name.
      let r = await h.ask(bob, `@${renamed}\u2005${QUESTION}`, room, [h.user]);
      expect(r.outcome).toMatchObject({ kind: 'answer', answered: true });
      expect(questions.at(-1)).toBe(QUESTION);
      expect(r.replies[0]).toMatchObject({ to: room.id, mentions: [bob.id] });
      expect(r.replies[0]!.text).toContain('691');

      // A mention only in the text (puppets that send no mention list): found by the current name.
      r = await h.ask(dave, `@${renamed}\u2005${QUESTION}`, room);
      expect(r.outcome).toMatchObject({ kind: 'answer', answered: true });
      expect(questions.at(-1)).toBe(QUESTION);
      expect(r.replies[0]).toMatchObject({ to: room.id, mentions: [dave.id] });

      // The old name in the text no longer addresses the bot.
      r = await h.ask(dave, `@${BOT_NAME}\u2005${QUESTION}`, room);
      expect(r.outcome).toEqual({ kind: 'ignored', reason: 'not-addressed' });
      expect(r.replies).toEqual([]);
    } finally {
      h.mocker.contactPayload(h.user.id, { ...h.user.payload, name: BOT_NAME });
      await h.wechaty.currentUser.name(BOT_NAME);
    }
  });

  it('sends the whole paragraph of citation 1 of the last answer on 来源 1', async () => {
    const none = await h.ask(erin, '来源 1', h.user);
    expect(none.replies).toHaveLength(1);
    expect(none.replies[0]!.text).toContain('还没有可查看来源的回答');

    await h.ask(erin, QUESTION, h.user);
    for (const command of ['来源 1', '来源1']) {
      const { outcome, replies } = await h.ask(erin, command, h.user);
      expect(outcome).toEqual({ kind: 'command', command: 'source' });
      expect(replies).toHaveLength(1);
      const text = replies[0]!.text;
      expect(text).toContain('691');
      expect(text).toContain('月亮島街道2021年法治政府建設工作情況報告'); // the report's own title
      expect(text).toContain('一、推進法治政府建設的主要措施及成效 › 4.規范調解行為,用法治理念化解社會矛盾'); // the whole section path
      expect(text).toContain('成功率98.9%'); // the whole paragraph, not the quoted sentence alone
    }
    const missing = await h.ask(erin, '来源 99', h.user);
    expect(missing.replies[0]!.text).toContain('没有第99条来源');
  });

  it('keeps the place between turns, and forgets it on 重置', async () => {
    await h.ask(alice, QUESTION, h.user);
    const key = `dm:${alice.id}`;
    const before = h.bot.conversationOf(key);
    expect(before).toBeDefined();

    const follow = await h.ask(alice, FOLLOW_UP, h.user);
    expect(follow.outcome).toMatchObject({ kind: 'answer', answered: true, conversationId: before });
    expect(follow.replies[0]!.text).toContain(IN_CONTEXT);
    expect(follow.replies[0]!.text).toContain(`[1] ${TITLE}`);

    const reset = await h.ask(alice, '重置', h.user);
    expect(reset.outcome).toEqual({ kind: 'command', command: 'reset' });
    expect(reset.replies.map((r) => r.text)).toEqual([RESET_DONE]);
    expect(h.bot.conversationOf(key)).not.toBe(before);

    const after = await h.ask(alice, FOLLOW_UP, h.user);
    expect(after.outcome).toMatchObject({ kind: 'answer', conversationId: h.bot.conversationOf(key) });
    // the reply of someone who never asked before: the place asked about before the reset is forgotten
    const fresh = await h.ask(h.mocker.createContact({ name: 'Fay' }), FOLLOW_UP, h.user);
    expect(after.replies[0]!.text).toBe(fresh.replies[0]!.text);
  });

  it('keeps a separate context for each person in a group', async () => {
    const newcomer = h.mocker.createContact({ name: 'Kim' });
    await h.ask(carol, `问：${QUESTION}`, room);
    const other = await h.ask(newcomer, `问：${FOLLOW_UP}`, room);
    expect(other.replies[0]).toMatchObject({ to: room.id, mentions: [newcomer.id] });
    // as anyone answers it who asked nothing before: Carol's place is hers alone
    const fresh = await h.ask(h.mocker.createContact({ name: 'Gil' }), FOLLOW_UP, h.user);
    expect(unmention(other.replies[0]!.text)).toBe(fresh.replies[0]!.text);
    const own = await h.ask(carol, `问：${FOLLOW_UP}`, room);
    expect(own.replies[0]).toMatchObject({ to: room.id, mentions: [carol.id] });
    expect(own.replies[0]!.text).toContain(IN_CONTEXT);
    expect(h.bot.conversationOf(`room:${room.id}:${carol.id}`)).toBeDefined();
    expect(h.bot.conversationOf(`room:${room.id}:${carol.id}`)).not.toBe(h.bot.conversationOf(`dm:${carol.id}`));
  });

  it('answers the commands 帮助 and 报告列表, in a group too when addressed', async () => {
    const help = await h.ask(bob, '帮助', h.user);
    expect(help.outcome).toEqual({ kind: 'command', command: 'help' });
    expect(help.replies[0]!.text).toContain('来源 1');
    expect(help.replies[0]!.text).toContain('问：');

    const list = await h.ask(bob, '报告列表', h.user);
    expect(list.outcome).toEqual({ kind: 'command', command: 'reports' });
    expect(list.replies[0]!.text).toContain('现有报告（5 份）');
    expect(list.replies[0]!.text).toMatch(/月亮岛街道 2021年 · 月亮島街道2021年法治政府建設工作情況報告/u);

    const inGroup = await h.ask(bob, `@${BOT_NAME}\u2005报告列表`, room, [h.user]);
    expect(inGroup.outcome).toEqual({ kind: 'command', command: 'reports' });
    expect(inGroup.replies[0]).toMatchObject({ to: room.id, mentions: [bob.id] });
    const prefixed = await h.ask(bob, '问：帮助', room);
    expect(prefixed.outcome).toEqual({ kind: 'command', command: 'help' });
    const bare = await h.ask(bob, '帮助', room);
    expect(bare.outcome).toEqual({ kind: 'ignored', reason: 'not-addressed' });
  });

  it('limits each person, says so once per window, and recovers after it', async () => {
    for (let i = 0; i < 6; i++) {
      const { outcome } = await h.ask(erin, '帮助', h.user);
      expect(outcome).toEqual({ kind: 'command', command: 'help' });
    }
    const limited = await h.ask(erin, QUESTION, h.user);
    expect(limited.outcome).toEqual({ kind: 'limited', key: `person:${erin.id}`, notified: true });
    expect(limited.replies.map((r) => r.text)).toEqual([RATE_LIMITED]); // no answer to the limited message
    const again = await h.ask(erin, QUESTION, h.user);
    expect(again.outcome).toEqual({ kind: 'limited', key: `person:${erin.id}`, notified: false });
    expect(again.replies).toEqual([]);

    h.clock.t += 60_000;
    const recovered = await h.ask(erin, QUESTION, h.user);
    expect(recovered.outcome).toMatchObject({ kind: 'answer', answered: true });
    expect(recovered.replies[0]!.text).toContain('691');
  });

  it('limits each group, so a loop of messages cannot flood it', async () => {
    for (let i = 0; i < 8; i++) {
      const { outcome } = await h.ask(members[i % 3]!, '问：帮助', busyRoom);
      expect(outcome).toEqual({ kind: 'command', command: 'help' });
    }
    const limited = await h.ask(members[0]!, '问：帮助', busyRoom);
    expect(limited.outcome).toEqual({ kind: 'limited', key: `room:${busyRoom.id}`, notified: true });
    expect(limited.replies).toHaveLength(1);
    expect(limited.replies[0]).toMatchObject({ to: busyRoom.id, mentions: [members[0]!.id] });
    expect(unmention(limited.replies[0]!.text)).toBe(RATE_LIMITED);
    for (const m of members) {
      const { outcome, replies } = await h.ask(m, '问：帮助', busyRoom);
      expect(outcome).toMatchObject({ kind: 'limited', notified: false });
      expect(replies).toEqual([]);
    }
    h.clock.t += 60_000;
    expect((await h.ask(members[1]!, '问：帮助', busyRoom)).outcome).toEqual({ kind: 'command', command: 'help' });
  });

  it('ignores its own messages and official accounts', async () => {
    // Every reply the bot sends comes back to it through the mock puppet as well.
    const own = await h.ask(h.user, QUESTION, alice);
    expect(own.outcome).toEqual({ kind: 'ignored', reason: 'self' });
    expect(own.replies).toEqual([]);
    const ownInGroup = await h.ask(h.user, `问：${QUESTION}`, room);
    expect(ownInGroup.outcome).toEqual({ kind: 'ignored', reason: 'self' });
    expect(ownInGroup.replies).toEqual([]);
    const fromOfficial = await h.ask(official, QUESTION, h.user);
    expect(fromOfficial.outcome).toEqual({ kind: 'ignored', reason: 'official' });
    expect(fromOfficial.replies).toEqual([]);
  });

  it('hints that it reads text only when sent an image or voice in private, and stays quiet in groups', async () => {
    for (const type of [types.Message.Image, types.Message.Audio]) {
      const { outcome, replies } = await h.send(dave, type, h.user);
      expect(outcome).toEqual({ kind: 'hint' });
      expect(replies).toEqual([{ to: dave.id, text: TEXT_ONLY_HINT, mentions: [] }]);
    }
    const inGroup = await h.send(dave, types.Message.Image, room);
    expect(inGroup.outcome).toEqual({ kind: 'ignored', reason: 'not-addressed' });
    expect(inGroup.replies).toEqual([]);
    const link = await h.send(dave, types.Message.Url, h.user);
    expect(link.outcome).toEqual({ kind: 'ignored', reason: 'unsupported' });
  });

  it('says it cannot answer when the core fails, and logs the error', async () => {
    const logs: Record<string, unknown>[] = [];
    const failing = await harness({
      answer: async () => { throw new Error('index not ready'); },
      documents: async () => { throw new Error('HTTP 503'); },
    }, {}, (e) => logs.push(e));
    try {
      const asker = failing.mocker.createContact({ name: 'Lee' });
      for (const text of [QUESTION, '报告列表']) {
        const { outcome, replies } = await failing.ask(asker, text, failing.user);
        expect(outcome).toMatchObject({ kind: 'error' });
        expect(replies.map((r) => r.text)).toEqual([FAILED]);
      }
      expect(logs.filter((l) => l.msg === 'wechat answer failed').map((l) => l.error)).toEqual(['index not ready', 'HTTP 503']);
    } finally {
      await failing.close();
    }
  });

  it('splits a long answer into numbered parts, sent in order', async () => {
    const small = await harness({ answer: (q, o) => core.answer(q, o), documents: () => core.documents() }, { maxChars: 60 });
    try {
      const asker = small.mocker.createContact({ name: 'Ivy' });
      const whole = formatAnswer(await core.answer(QUESTION), 'simplified');
      expect(whole.length).toBeGreaterThan(120);
      const { outcome, replies } = await small.ask(asker, QUESTION, small.user);
      expect(outcome).toMatchObject({ kind: 'answer', answered: true });
      expect(replies.length).toBeGreaterThanOrEqual(3);
      const bodies = replies.map((r, i) => {
        expect(r.to).toBe(asker.id);
        expect(r.text.length).toBeLessThanOrEqual(60);
        const m = /^\((\d+)\/(\d+)\) /u.exec(r.text);
        expect(m, r.text).not.toBeNull();
        expect(Number(m![1])).toBe(i + 1);
        expect(Number(m![2])).toBe(replies.length);
        return r.text.slice(m![0].length);
      });
      expect(bodies.join('')).toBe(whole);
    } finally {
      await small.close();
    }
  });
});

describe('format', () => {
  const citation = (n: number, over: Partial<Citation> = {}): Citation => ({
    n,
    id: `p${n}`,
    docId: 'yueliangdao-2021',
    title: '月亮島街道2021年法治政府建設工作情況報告',
    locality: '月亮岛街道',
    year: 2021,
    section: ['一、推進法治政府建設的主要措施及成效', '4.規范調解行為,用法治理念化解社會矛盾'],
    text: '2021年以來,共調解矛盾糾紛691件。',
    simplified: '2021年以来,共调解矛盾纠纷691件。',
    score: 0.1,
    ...over,
  });
  const result = (answer: string, citations: Citation[], answered = true): Pick<AnswerResult, 'answered' | 'answer' | 'citations'> => ({ answered, answer, citations });

  it('gives a source as its title, a cut section path and its page, in the reader’s script', () => {
    expect(sourceLine(citation(1))).toBe(SOURCE_LINE);
    expect(sourceLine(citation(1), 'traditional')).toBe('[1] 月亮島街道2021年法治政府建設工作情況報告 · 一、推進法治政府建設的主要措施及成效 › 4.規範調解行為…');
    expect(sourceLine(citation(2, { section: [], title: '址山镇报告' }))).toBe('[2] 址山镇报告');
    expect(sourceLine(citation(3, { section: ['二、存在问题'] }))).toBe(`[3] ${TITLE} · 二、存在问题`);
    expect(sourceLine({ ...citation(4, { section: ['二、存在问题'] }), page: 3 })).toBe(`[4] ${TITLE} · 二、存在问题 · 第3页`);
    expect(formatSource({ ...citation(4), page: 3 })).toContain('页码：第3页');
    expect(truncate('一二三', 3)).toBe('一二三');
    expect(truncate('一二三四', 3)).toBe('一二…');
  });

  it('puts only the sources the answer cites under 引用来源 after a blank line; a refusal goes out alone', () => {
    const citations = [citation(1), citation(2, { section: ['二、存在问题'] }), citation(3, { section: [] })];
    expect(formatAnswer(result('共调解691件[1]，另见[3]。', citations))).toBe(`共调解691件[1]，另见[3]。\n\n引用来源：\n${SOURCE_LINE}\n[3] ${TITLE}`);
    expect(formatAnswer(result('另见[3]，共调解691件[1]。', citations), 'traditional').split('\n').slice(2, 4)).toEqual(['引用來源：', '[3] 月亮島街道2021年法治政府建設工作情況報告']);
    expect(formatAnswer(result('没有编号的回答。', citations))).toBe('没有编号的回答。');
    expect(formatAnswer(result('未找到：现有报告中没有找到能回答这个问题的内容。', [], false))).toBe('未找到：现有报告中没有找到能回答这个问题的内容。');
    expect(citedNumbers('a[2]b[1]c[2][10]')).toEqual([2, 1, 10]);
  });

  it('gives a source in full with its title and section, and lists the reports', () => {
    const text = formatSource(citation(1));
    expect(text).toContain('月亮島街道2021年法治政府建設工作情況報告');
    expect(text).toContain('一、推進法治政府建設的主要措施及成效 › 4.規范調解行為,用法治理念化解社會矛盾');
    expect(text).toContain('691件');
    const docs = [
      { locality: '址山镇', year: 2020, title: '址山镇2020年法治政府建设情况报告' },
      { locality: '古美路街道', year: null, title: '古美路街道报告' },
    ] satisfies Pick<ReportDocument, 'locality' | 'year' | 'title'>[];
    const list = formatReportList(docs);
    expect(list).toContain('现有报告（2 份）');
    expect(list).toContain('址山镇 2020年 · 址山镇2020年法治政府建设情况报告');
    expect(list).toContain('古美路街道 年份不详 · 古美路街道报告');
  });

  it('cuts into sentences that join back into the text', () => {
    const text = '第一句。第二句！“第三句？”第四\n第五句';
    expect(sentences(text)).toEqual(['第一句。', '第二句！', '“第三句？”', '第四\n', '第五句']);
    expect(sentences(text).join('')).toBe(text);
  });

  it('splits at sentence ends, within the limit, losing nothing', () => {
    const text = `${'开展法治宣传活动三十六场。'.repeat(20)}\n\n[1] 月亮岛街道2021年报告\n[2] 址山镇2020年报告`;
    const parts = splitReply(text, 50);
    expect(parts.join('')).toBe(text);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(50);
    // every part but the last ends at a sentence end
    for (const p of parts.slice(0, -1)) expect(p).toMatch(/[。！？\n]$/u);
  });

  it('cuts a sentence longer than the limit at a comma, never inside a [n] marker or a surrogate pair', () => {
    const long = `${'依法行政，'.repeat(30)}完成[12]。`;
    const parts = splitReply(long, 23);
    expect(parts.join('')).toBe(long);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(23);
    expect(parts[0]!.endsWith('，')).toBe(true);
    const marked = `${'甲'.repeat(9)}[12]${'乙'.repeat(9)}`;
    for (const max of [10, 11, 12]) {
      const cut = splitReply(marked, max);
      expect(cut.join('')).toBe(marked);
      expect(cut.some((p) => p.includes('[12]'))).toBe(true);
    }
    const emoji = '😀'.repeat(10);
    const pieces = splitReply(emoji, 5);
    expect(pieces.join('')).toBe(emoji);
    for (const p of pieces) expect(p).not.toMatch(/[\ud800-\udbff]$/u);
  });

  it('numbers the parts of a long reply and keeps each well under WeChat’s limit', () => {
    expect(toMessages('短回答。', wechatLimit(1500))).toEqual(['短回答。']);
    expect(numberParts(['甲。', '乙。'])).toEqual(['(1/2) 甲。', '(2/2) 乙。']);
    const text = '这是一个相当长的句子，用来检查分段。'.repeat(400);
    const messages = toMessages(text, wechatLimit(1500));
    expect(messages.length).toBeGreaterThan(4);
    messages.forEach((m, i) => {
      expect(m.startsWith(`(${i + 1}/${messages.length}) `)).toBe(true);
      expect(m.length).toBeLessThanOrEqual(1500);
      expect(m.length).toBeLessThan(WECHAT_HARD_LIMIT);
    });
    expect(messages.map((m) => m.replace(/^\(\d+\/\d+\) /u, '')).join('')).toBe(text);
    // a configured limit above WeChat's is held under it
    for (const m of toMessages(text, wechatLimit(5000))) expect(m.length).toBeLessThan(WECHAT_HARD_LIMIT);
  });
});

describe('commands, prefixes and configuration', () => {
  it('parses the commands, trimmed, with or without a space before the number', () => {
    expect(parseCommand(' 帮助 ')).toEqual({ command: 'help' });
    expect(parseCommand('来源 1')).toEqual({ command: 'source', n: 1 });
    expect(parseCommand('来源1')).toEqual({ command: 'source', n: 1 });
    expect(parseCommand('来源 ２')).toEqual({ command: 'source', n: 2 });
    expect(parseCommand('报告列表')).toEqual({ command: 'reports' });
    expect(parseCommand('重置')).toEqual({ command: 'reset' });
    expect(parseCommand('帮助我查一下址山镇的普法活动')).toBeNull();
    expect(parseCommand('来源是什么')).toBeNull();
    expect(prefixVariants('问：')).toEqual(['问：', '问:']);
    expect(prefixVariants('@法治')).toEqual(['@法治']);
  });

  it('validates the environment, naming the variable at fault', () => {
    const defaults = loadWechatConfig({});
    expect(defaults).toMatchObject({ WECHATY_PUPPET: 'wechaty-puppet-wechat4u', WECHAT_GROUP_PREFIX: '问：', WECHAT_MAX_CHARS: 1500, WECHAT_RATE_PER_MINUTE: 6, WECHAT_ROOM_RATE_PER_MINUTE: 20 });
    expect(botConfigFrom(defaults)).toEqual({ groupPrefix: '问：', maxChars: 1500, ratePerMinute: 6, roomRatePerMinute: 20, maxConversations: 5000 });
    expect(puppetOptionsFor(defaults)).toEqual({});
    const service = loadWechatConfig({ WECHATY_PUPPET: 'wechaty-puppet-service', WECHATY_PUPPET_SERVICE_TOKEN: 'puppet_workpro_abc', API_BASE_URL: 'http://127.0.0.1:8787' });
    expect(puppetOptionsFor(service)).toEqual({ token: 'puppet_workpro_abc' });
    expect(() => loadWechatConfig({ WECHATY_PUPPET: 'wechaty-puppet-service' })).toThrow(/WECHATY_PUPPET_SERVICE_TOKEN: required/u);
    expect(() => loadWechatConfig({ WECHAT_MAX_CHARS: '5000' })).toThrow(ConfigError);
    expect(() => loadWechatConfig({ WECHAT_MAX_CHARS: '5000' })).toThrow(/WECHAT_MAX_CHARS/u);
    expect(() => loadWechatConfig({ WECHATY_PUPPET: 'rm -rf /' })).toThrow(/WECHATY_PUPPET/u);
    expect(() => loadWechatConfig({ API_BASE_URL: 'not a url' })).toThrow(/API_BASE_URL/u);
    expect(loadWechatConfig({ WECHAT_GROUP_PREFIX: '' }).WECHAT_GROUP_PREFIX).toBe('问：');
  });

  it('counts rate windows on the injected clock', () => {
    let t = 0;
    const limiter = new WindowLimiter(() => t);
    const hit = () => limiter.hit([{ key: 'p', limit: 2 }, { key: 'r', limit: 3 }]);
    expect([hit(), hit()]).toEqual([{ allowed: true }, { allowed: true }]);
    expect(hit()).toEqual({ allowed: false, key: 'p', notify: true });
    expect(hit()).toEqual({ allowed: false, key: 'p', notify: false });
    expect(limiter.hit([{ key: 'q', limit: 5 }, { key: 'r', limit: 3 }])).toEqual({ allowed: true });
    expect(limiter.hit([{ key: 'q', limit: 5 }, { key: 'r', limit: 3 }])).toEqual({ allowed: false, key: 'r', notify: true });
    t += 60_000;
    expect(hit()).toEqual({ allowed: true });
    expect(limiter.hit([{ key: 'x', limit: 0 }])).toEqual({ allowed: true }); // 0: no limit
  });
});

describe('the HTTP client', () => {
  const answer: AnswerResult = {
    id: 'a1',
    answered: true,
    answer: '共调解矛盾纠纷691件[1]。',
    citations: [],
    mode: 'extractive',
    conversationId: 'c1',
    timings: { total: 3 },
  };

  it('asks POST /api/ask and lists GET /api/documents', async () => {
    const calls: { url: string; method: string; body: unknown }[] = [];
    const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
      const url = String(input);
      calls.push({ url, method: init?.method ?? 'GET', body: init?.body ? JSON.parse(String(init.body)) : undefined });
      if (url.endsWith('/api/ask')) return Response.json(answer);
      return Response.json({ documents: [], total: 0 });
    }) as typeof globalThis.fetch;
    const service = createHttpService({ baseUrl: 'http://api.test/', fetch });
    expect(await service.answer(QUESTION, { conversationId: 'c1' })).toEqual(answer);
    expect(await service.documents()).toEqual([]);
    expect(calls).toEqual([
      { url: 'http://api.test/api/ask', method: 'POST', body: { question: QUESTION, conversationId: 'c1' } },
      { url: 'http://api.test/api/documents', method: 'GET', body: undefined },
    ]);
  });

  it('turns the API’s error body into an error', async () => {
    const fetch = (async () => Response.json({ error: { code: 'not_ready', message: 'index loading' } }, { status: 503 })) as typeof globalThis.fetch;
    const service = createHttpService({ baseUrl: 'http://api.test', fetch });
    await expect(service.answer(QUESTION)).rejects.toMatchObject({ name: 'HttpServiceError', status: 503, code: 'not_ready' });
    const garbled = createHttpService({ baseUrl: 'http://api.test', fetch: (async () => Response.json({ nope: true })) as typeof globalThis.fetch });
    await expect(garbled.answer(QUESTION)).rejects.toBeInstanceOf(HttpServiceError);
  });
});

describe('reconnecting', () => {
  class FakeWechaty extends EventEmitter {
    isLoggedIn = false;
    starts = 0;
    stops = 0;
    failStart = false;
    async start() {
      this.starts++;
      if (this.failStart) throw new Error('network down');
    }
    async stop() {
      this.stops++;
    }
  }

  it('restarts after a logout or an error while logged out, backing off until a login', async () => {
    const wechaty = new FakeWechaty();
    const timers: { fn: () => void; ms: number }[] = [];
    const logs: Record<string, unknown>[] = [];
    const supervisor = superviseWechaty({
      wechaty: wechaty as unknown as SupervisedWechaty,
      log: (e) => logs.push(e),
      delaysMs: [10, 20, 40],
      setTimer: (fn, ms) => {
        const t = { fn, ms };
        timers.push(t);
        return () => timers.splice(timers.indexOf(t), 1);
      },
    });
    const fire = async () => {
      timers.shift()!.fn();
      await new Promise((r) => setImmediate(r));
    };
    const user = { id: 'u', name: () => BOT_NAME };

    wechaty.emit('logout', user, 'kicked');
    wechaty.emit('logout', user, 'again'); // coalesced with the pending restart
    expect(timers.map((t) => t.ms)).toEqual([10]);
    wechaty.failStart = true;
    await fire();
    expect([wechaty.stops, wechaty.starts]).toEqual([1, 1]);
    expect(timers.map((t) => t.ms)).toEqual([20]); // the failed restart tries again, later
    await fire();
    expect(timers.map((t) => t.ms)).toEqual([40]);
    wechaty.failStart = false;
    await fire();
    expect(supervisor.restarts).toBe(3);
    expect(supervisor.pending).toBe(false);

    wechaty.isLoggedIn = true;
    wechaty.emit('login', user);
    wechaty.emit('error', new Error('send failed')); // logged in: logged only
    expect(timers).toEqual([]);
    wechaty.isLoggedIn = false;
    const before = logs.length;
    // Offline, the puppet retries its requests and raises an error for each: one line per reconnect attempt, not one per error.
    for (let i = 0; i < 200; i++) wechaty.emit('error', new Error('getaddrinfo ENOTFOUND login.wx.qq.com'));
    expect(timers.map((t) => t.ms)).toEqual([10]); // the login reset the back-off
    const shown = logs.slice(before).filter((l) => l.level !== 'debug');
    expect(shown).toEqual([expect.objectContaining({ level: 'warn', msg: 'wechat reconnect scheduled', reason: 'error', attempt: 1, error: 'getaddrinfo ENOTFOUND login.wx.qq.com' })]);

    await supervisor.stop();
    expect(timers).toEqual([]);
    wechaty.emit('logout', user);
    expect(timers).toEqual([]);
    expect(logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['wechat logout', 'wechat reconnect scheduled', 'wechat restarted', 'wechat login', 'wechat error']));
    expect(logs).toContainEqual(expect.objectContaining({ msg: 'wechat reconnect scheduled', reason: 'restart failed', error: 'network down' }));
    for (const l of logs) expect(() => JSON.stringify(l)).not.toThrow();
  });

  it('brings a mock-puppet bot back after a logout', async () => {
    const mocker = new mock.Mocker();
    const puppet = new PuppetMock({ mocker });
    const wechaty = WechatyBuilder.build({ puppet });
    const logs: Record<string, unknown>[] = [];
    const supervisor = superviseWechaty({ wechaty, log: (e) => logs.push(e), delaysMs: [5] });
    await wechaty.start();
    const user = mocker.createContact({ name: BOT_NAME });
    let login = new Promise((r) => wechaty.once('login', r));
    mocker.login(user);
    await login;

    await puppet.logout();
    await expect.poll(() => supervisor.restarts, { timeout: 5_000 }).toBe(1);
    await expect.poll(() => supervisor.pending, { timeout: 5_000 }).toBe(false);
    login = new Promise((r) => wechaty.once('login', r));
    mocker.login(user); // the mock's "scan"
    await login;
    expect(wechaty.isLoggedIn).toBe(true);
    expect(logs.map((l) => l.msg)).toEqual(['wechat login', 'wechat logout', 'wechat reconnect scheduled', 'wechat restarted', 'wechat login']);
    await supervisor.stop();
  });
});
