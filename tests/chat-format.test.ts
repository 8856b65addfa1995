/**
 * The chat module shared by every chat channel (src/chat): reply formatting,
 * splitting to a channel's limit in characters or UTF-8 bytes, the commands
 * and the conversation handler (limits, follow-up ids, streaming, failures,
 * the one log line per answer), over the fake service where the answer's
 * content does not matter.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_QUESTION_CHARS } from '../src/limits.js';
import { parseCommand, stripLeadingMentions } from '../src/chat/commands.js';
import { FAILED, formatAnswer, helpText, sectionPath, sourceLine, TOO_LONG } from '../src/chat/format.js';
import type { Citation } from '../src/schema.js';
import { createChatHandler, type ChatReplier, type ChatService } from '../src/chat/handler.js';
import { PART_PREFIX_ROOM, sizeOf, splitReply, toMessages, WECOM_MARKDOWN_LIMIT, WECOM_TEXT_LIMIT, wechatLimit } from '../src/chat/split.js';
import { ANSWER, CITATIONS, FakeQaService } from './helpers/fake-service.js';

const citation = (n: number, over: Partial<Citation> = {}): Citation => ({ ...CITATIONS[0]!, n, ...over });

describe('formatting a reply', () => {
  it('lists only the sources the answer cites, in the order it cites them, with their pages', () => {
    const citations = [citation(1, { page: 3 }), citation(2, { section: ['二、存在问题'] }), citation(3, { section: [], page: 7, pageEnd: 8 })];
    const text = formatAnswer({ answered: true, answer: '先见[3]，再见[1]。', citations });
    expect(text).toBe('先见[3]，再见[1]。\n\n引用来源：\n[3] 芝山区2020年法治政府建设年度报告 · 第7–8页\n[1] 芝山区2020年法治政府建设年度报告 · 一、主要举措 · 第3页');
    expect(text).not.toContain('[2] ');
    expect(formatAnswer({ answered: true, answer: '引用了不存在的[9]。', citations })).toBe('引用了不存在的[9]。');
    expect(sourceLine(citation(4, { section: [], page: 2, ocr: true }), 'traditional')).toBe('[4] 芝山區2020年法治政府建設年度報告 · 第2頁 · 掃描件');
    // A simplified title keeps its own characters; a traditional one is converted for a simplified reader.
    expect(sourceLine(citation(5, { title: '翥川区翥袷街道2021年法治政府建设情况报告', section: [] }), 'simplified')).toBe('[5] 翥川区翥袷街道2021年法治政府建设情况报告');
    expect(sourceLine(citation(6, { title: '芝山區2020年法治政府建設年度報告', section: [] }), 'simplified')).toBe('[6] 芝山区2020年法治政府建设年度报告');
    expect(formatAnswer({ answered: false, answer: '未找到：没有相关内容。', citations })).toBe('未找到：没有相关内容。');
  });

  it('cuts a long title and section path, in the reader’s script', () => {
    const line = sourceLine(citation(1, { title: '某'.repeat(60), section: ['一、'.padEnd(40, '长'), '二'] }), 'traditional');
    const [, title, section] = /^\[1\] (.+) · (.+)$/u.exec(line)!;
    expect([...title!]).toHaveLength(40);
    expect(title!.endsWith('…')).toBe(true);
    expect([...section!]).toHaveLength(30);
  });

  it('never ends a cut section path on its separator', () => {
    const first = '四、落实“谁执法谁普法”责任制,推动法治宣传落地见效';
    expect(sectionPath([first, '（一）开展宪法宣传'])).toBe(`${first}…`);
    expect(sectionPath(['二、存在问题', '（一）短'])).toBe('二、存在问题 › （一）短');
  });

  it('tells each channel how groups ask, or leaves groups out', () => {
    expect(helpText()).not.toContain('群聊');
    expect(helpText({ group: '@我 提问' })).toContain('· 群聊：@我 提问');
  });
});

describe('splitting to a channel’s limit', () => {
  it('counts WeCom’s limits in UTF-8 bytes: 3 per Chinese character, 4 per emoji', () => {
    expect(sizeOf('法治', 'bytes')).toBe(6);
    expect(sizeOf('法治', 'chars')).toBe(2);
    expect(sizeOf('😀a', 'bytes')).toBe(5);
    const chinese = '依法行政，建设法治政府。'.repeat(100); // 3,600 bytes, 1,200 characters
    expect(toMessages(chinese, wechatLimit(1500))).toEqual([chinese]);
    const parts = toMessages(chinese, WECOM_TEXT_LIMIT);
    expect(parts).toHaveLength(2);
    for (const p of parts) expect(sizeOf(p, 'bytes')).toBeLessThanOrEqual(2048);
    expect(toMessages(chinese, WECOM_MARKDOWN_LIMIT)).toEqual([chinese]);
  });

  it('splits any text into parts within the byte limit that join back into it', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), fc.integer({ min: 4, max: 120 }), (text, max) => {
        const parts = splitReply(text, max, 'bytes');
        expect(parts.join('')).toBe(text);
        for (const p of parts) {
          expect(sizeOf(p, 'bytes')).toBeLessThanOrEqual(max);
          expect(p).not.toMatch(/[\ud800-\udbff]$/u);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('numbers the parts of a long reply, each within the limit with its number', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 2000 }), fc.integer({ min: PART_PREFIX_ROOM + 8, max: 600 }), (text, max) => {
        const messages = toMessages(text, { max, unit: 'bytes' });
        for (const m of messages) expect(sizeOf(m, 'bytes')).toBeLessThanOrEqual(max);
        if (messages.length > 1) expect(messages.map((m, i) => m.slice(`(${i + 1}/${messages.length}) `.length)).join('')).toBe(text);
      }),
      { numRuns: 200 },
    );
  });
});

describe('commands and mentions', () => {
  it('reads the commands in either script, and strips leading @-mentions', () => {
    expect(parseCommand('來源 2。')).toEqual({ command: 'source', n: 2 });
    expect(parseCommand('幫助')).toEqual({ command: 'help' });
    expect(parseCommand('報告列表')).toEqual({ command: 'reports' });
    expect(stripLeadingMentions('@法治问答 址山镇2020年？')).toBe('址山镇2020年？');
    expect(stripLeadingMentions('@法治问答\u2005@小王 帮助')).toBe('帮助');
    expect(stripLeadingMentions('@法治问答')).toBe('');
    expect(stripLeadingMentions('邮箱a@b.cn是多少')).toBe('邮箱a@b.cn是多少');
  });
});

describe('the conversation handler', () => {
  const recorder = () => {
    const sent: string[] = [];
    const streamed: { text: string; final: boolean }[] = [];
    const whole: ChatReplier = { send: async (t) => void sent.push(t) };
    const streaming: ChatReplier = { ...whole, stream: async (text, final) => void streamed.push({ text, final }) };
    return { sent, streamed, whole, streaming };
  };

  it('streams the answer as it comes and ends with the formatted reply; logs one line without the question', async () => {
    const logs: Record<string, unknown>[] = [];
    const service = new FakeQaService({ deltaMs: 1 });
    const chat = createChatHandler({ channel: 'test', service, helpText: 'help', log: (e) => logs.push(e) });
    const r = recorder();
    const outcome = await chat.handle({ chat: 'group', groupId: 'g1', userId: 'u1', text: '芝山区执法公示了多少条？' }, r.streaming);
    expect(outcome).toMatchObject({ kind: 'answer', answered: true });
    expect(r.streamed.map((s) => s.final)).toEqual([false, false, false, true]);
    expect(r.streamed[1]!.text).toBe(ANSWER.slice(0, r.streamed[1]!.text.length)); // the answer so far
    expect(r.streamed.at(-1)!.text).toBe(formatAnswer({ answered: true, answer: ANSWER, citations: CITATIONS }));
    expect(r.sent).toEqual([]);
    expect(logs).toEqual([expect.objectContaining({ msg: 'test answer', chat: 'group', key: 'room:g1:u1', answered: true, citations: 2 })]);
    expect(JSON.stringify(logs)).not.toContain('芝山区执法公示');
    // The core got the conversation id of this person in this group.
    expect(service.asks.at(-1)!.options?.conversationId).toBe(chat.conversationOf('room:g1:u1'));
  });

  it('says it failed, once, when the core fails mid-stream, and logs why', async () => {
    const logs: Record<string, unknown>[] = [];
    const chat = createChatHandler({ channel: 'test', service: new FakeQaService({ fail: 'stream-middle', deltaMs: 1 }), helpText: 'help', log: (e) => logs.push(e) });
    const r = recorder();
    const outcome = await chat.handle({ chat: 'dm', userId: 'u2', text: '问题' }, r.streaming);
    expect(outcome).toEqual({ kind: 'error', error: 'boom mid-stream' });
    expect(r.sent).toEqual([FAILED]);
    expect(logs).toContainEqual(expect.objectContaining({ level: 'error', msg: 'test answer failed', error: 'boom mid-stream' }));
  });

  it('answers an empty message with help and refuses an over-long question', async () => {
    const service: ChatService = new FakeQaService();
    const chat = createChatHandler({ channel: 'test', service, helpText: 'the help' });
    const r = recorder();
    expect(await chat.handle({ chat: 'dm', userId: 'u3', text: '  ' }, r.whole)).toEqual({ kind: 'command', command: 'help' });
    expect(await chat.handle({ chat: 'dm', userId: 'u3', text: '问'.repeat(MAX_QUESTION_CHARS + 1) }, r.whole)).toEqual({ kind: 'too-long' });
    expect(r.sent).toEqual(['the help', TOO_LONG]);
  });

  it('answers one person’s messages in order, and refuses new ones once stopped', async () => {
    const service = new FakeQaService({ deltaMs: 5 });
    const chat = createChatHandler({ channel: 'test', service, helpText: 'h', limits: { ratePerMinute: 0 } });
    const order: string[] = [];
    const replier = (tag: string): ChatReplier => ({ send: async () => void order.push(tag), stream: async (_t, final) => void (final && order.push(tag)) });
    const runs = ['a', 'b', 'c'].map((tag) => chat.handle({ chat: 'dm', userId: 'u4', text: `问题${tag}` }, replier(tag)));
    await chat.stop();
    await Promise.all(runs);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(await chat.handle({ chat: 'dm', userId: 'u4', text: '帮助' }, replier('d'))).toEqual({ kind: 'ignored', reason: 'stopped' });
  });
});
