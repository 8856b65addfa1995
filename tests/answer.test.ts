import { beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion } from '../src/answer/answer.js';
import { ConversationStore } from '../src/answer/conversation.js';
import { questionType } from '../src/answer/question.js';
import { AnswerResultSchema } from '../src/answer/types.js';
import { openNodeIndex, type NodeIndexHandle } from '../adapters/node/service.js';
import { tempConfig } from './helpers/index.js';

let handle: NodeIndexHandle;
const ask = (q: string, opts: Parameters<typeof answerQuestion>[2] = {}, conversations?: ConversationStore) =>
  answerQuestion(handle.retriever, q, opts, { conversations });

beforeAll(async () => {
  handle = await openNodeIndex(await tempConfig());
});

describe('question types', () => {
  it.each([
    ['月亮岛街道2021年共调解矛盾纠纷多少件？', 'numeric'],
    ['古美路街道配备了几名公职律师？', 'numeric'],
    ['址山镇挂牌成立的四大专业调解室分别是什么？', 'list'],
    ['古美路街道有没有被人告上法庭？', 'yesno'],
    ['址山镇的政府法律顾问来自哪家律师事务所？', 'who'],
    ['郭家沱街道存在哪些问题？', 'section'],
    ['西营门街下一步有什么打算？', 'section'],
  ])('%s → %s', (q, type) => {
    expect(questionType(q).type).toBe(type);
  });
});

describe('extractive answers on the real corpus', () => {
  it('a figure question gets the clause with the figure, short, with a citation that holds it', async () => {
    const r = await ask('月亮岛街道2021年共调解矛盾纠纷多少件？');
    expect(AnswerResultSchema.parse(r).answered).toBe(true);
    expect(r.answer).toContain('691');
    expect(r.answer.length).toBeLessThanOrEqual(160);
    expect(r.answer).toMatch(/\[1\]/);
    expect(r.citations[0]?.text).toContain('691');
    expect(r.citations[0]?.quote).toContain('691');
    expect(r.citations[0]?.locality).toBe('月亮岛街道');
    expect(r.mode).toBe('extractive');
  });

  it('a list question gets the enumerated items', async () => {
    const r = await ask('址山镇挂牌成立的四大专业调解室分别是什么？');
    for (const item of ['道路交通事故', '劳资纠纷', '医患', '涉侨']) expect(r.answer).toContain(item);
  });

  it('a yes/no question gets yes or no with the evidence', async () => {
    const r = await ask('古美路街道有没有被人告上法庭或者被申请行政复议？');
    expect(r.answer).toMatch(/^没有/);
    expect(r.answer).toContain('未发生行政复议');
  });

  it('a who question gets the body', async () => {
    expect((await ask('址山镇的政府法律顾问来自哪家律师事务所？')).answer).toContain('大卫律师事务所');
  });

  it('a problems question lists the items of that section, each cited', async () => {
    const r = await ask('西营门街在法治政府建设中存在哪些问题和不足？');
    expect(r.answer).toContain('调解员队伍存在不稳定');
    expect(r.answer).toContain('[3]');
    expect(r.citations.slice(0, 3).every((c) => c.section[0]?.includes('问题'))).toBe(true);
  });

  it('a plans question lists the plan section', async () => {
    const r = await ask('址山镇2021年法治政府建设工作计划有哪些内容？');
    expect(r.answer).toContain('示范创建');
  });

  it('a question across reports is answered per report, each with its own citation', async () => {
    const r = await ask('哪些街镇的人民调解成功率达到了100%？');
    expect(r.answer).toContain('址山');
    expect(r.answer).toContain('郭家沱');
    expect(r.answer).not.toContain('西营门');
    expect(r.answer).toMatch(/\[1\][\s\S]*\[2\]/);
  });

  it('answers a traditional question in traditional script, citations in the report\'s own text', async () => {
    const r = await ask('郭家沱街道的法律顧問審查了多少份文件？');
    expect(r.answer).toContain('30余份');
    expect(r.answer).toContain('顧問');
    expect(r.citations[0]?.text).toContain('法律顧問');
    expect(r.citations[0]?.simplified).toContain('法律顾问');
  });

  it('answers a simplified question about a traditional report in simplified script', async () => {
    const r = await ask('月亮岛街道行政机关负责人出庭应诉率是多少？');
    expect(r.answer).toContain('100%');
    expect(r.answer).toContain('负责人出庭率');
  });
});

describe('refusals', () => {
  it('a place no report covers, naming the reports that exist', async () => {
    const r = await ask('北京市海淀区2023年法治政府建设情况如何？');
    expect(r.answered).toBe(false);
    expect(r.answer).toContain('语料中没有北京市海淀区的报告');
    expect(r.answer).toContain('月亮岛街道');
    expect(r.citations).toEqual([]);
  });

  it('a year the named place has no report for', async () => {
    const r = await ask('月亮岛街道2023年调解了多少件纠纷？');
    expect(r.answered).toBe(false);
    expect(r.answer).toContain('2023');
  });

  it('an off-topic question', async () => {
    expect((await ask('怎么办理护照？')).answered).toBe(false);
  });

  it('says why it answered or refused: the reason, the question type and the evidence strength', async () => {
    const answered = await ask('月亮岛街道2021年共调解矛盾纠纷多少件？');
    expect(answered.diagnostics).toMatchObject({ reason: 'answered', questionType: 'numeric' });
    expect(answered.diagnostics?.evidence).toBeGreaterThan(0);
    expect((await ask('北京市海淀区2023年法治政府建设情况如何？')).diagnostics).toEqual({ reason: 'unknown_place' });
    expect((await ask('月亮岛街道2023年调解了多少件纠纷？')).diagnostics).toEqual({ reason: 'uncovered_year' });
    const weak = await ask('月亮岛街道2021年的财政收入是多少？');
    expect(weak.diagnostics?.reason).toBe('no_evidence');
  });

  it('a figure the report does not give', async () => {
    expect((await ask('月亮岛街道2021年的财政收入是多少？')).answered).toBe(false);
  });
});

describe('follow-up questions', () => {
  it('keep the place of the previous question', async () => {
    const conversations = new ConversationStore();
    const first = await ask('月亮岛街道2021年共调解矛盾纠纷多少件？', {}, conversations);
    const next = await ask('那成功率呢？', { conversationId: first.conversationId }, conversations);
    expect(next.answered).toBe(true);
    expect(next.answer).toContain('98.9%');
    expect(next.citations[0]?.locality).toBe('月亮岛街道');
  });

  it('are per conversation and bounded', async () => {
    const conversations = new ConversationStore({ maxConversations: 2, maxTurns: 3 });
    await ask('月亮岛街道2021年共调解矛盾纠纷多少件？', { conversationId: 'a' }, conversations);
    const other = await ask('那成功率呢？', { conversationId: 'b' }, conversations);
    expect(other.citations.every((c) => c.locality === '月亮岛街道')).toBe(false);
    for (const id of ['c', 'd', 'e']) await ask('古美路街道配备了几名公职律师？', { conversationId: id }, conversations);
    expect(conversations.size).toBeLessThanOrEqual(2);
    for (let i = 0; i < 5; i++) await ask('古美路街道配备了几名公职律师？', { conversationId: 'e' }, conversations);
    expect(conversations.history('e').length).toBeLessThanOrEqual(3);
  });
});
