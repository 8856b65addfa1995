import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../src/answer/answer.js';
import { ConversationStore } from '../src/answer/conversation.js';
import { questionType } from '../src/answer/question.js';
import { measureSides, polarity, priorYearFigure } from '../src/answer/compose.js';
import { figuresOf, statesNone } from '../src/answer/figures.js';
import { enumeratedItems } from '../src/answer/sentences.js';
import { expandQuery } from '../src/retrieve/thesaurus.js';
import { memoryRetriever } from './helpers/memory-index.js';

// Five fictional reports of one county: its government, its 司法局, a 镇, a 街道 and a 开发区 (one line, signed inline).
const retriever = memoryRetriever(fileURLToPath(new URL('./fixtures/answer-types', import.meta.url)));
const ask = (q: string, conversations?: ConversationStore, conversationId?: string) =>
  answerQuestion(retriever, q, conversationId ? { conversationId } : {}, { conversations });

describe('question shapes', () => {
  it.each([
    ['石桥镇2023年调解了多少件矛盾纠纷？', 'numeric'],
    ['青禾县司法局的法律顾问是哪家律所？', 'who'],
    ['柳岸街道2023年发生过较大生产安全事故吗？', 'yesno'],
    ['青禾县哪个街道调解矛盾纠纷最多？', 'superlative'],
    ['石桥镇和柳岸街道一共开展了多少场普法活动？', 'arithmetic'],
    ['石桥镇调解的婚姻家庭纠纷和邻里纠纷一共多少件？', 'arithmetic'],
    ['柳岸街道这份报告的落款日期是哪天？', 'meta'],
    ['石桥镇属于哪个省？', 'meta'],
    ['柳岸街道还有哪些短板？', 'section'],
    ['青禾县人民政府存在的主要问题是什么？', 'section'],
    ['青禾县司法局下步打算是什么？', 'section'],
    ['石桥镇一共拆除了多少处违法建设？', 'numeric'],
  ])('%s → %s', (q, type) => {
    expect(questionType(q, false).type === type || questionType(q, true).type === type).toBe(true);
  });

  it('reads a target apart from an achievement', () => {
    expect(questionType('覆盖率的目标是多少？').aim).toBe('target');
    expect(questionType('覆盖率2023年实际达到了多少？').aim).toBe('achieved');
  });
});

describe('answers by type (lexical only, as in a Worker)', () => {
  it('a figure, cited', async () => {
    const r = await ask('石桥镇2023年调解了多少件矛盾纠纷？');
    expect(r.answer).toContain('236');
    expect(r.citations[0]?.text).toContain('236件');
  });

  it('who: the firm and the lawyers named in the cited paragraph', async () => {
    const r = await ask('青禾县司法局的法律顾问是哪家律师事务所？');
    expect(r.answer).toContain('明理律师事务所');
    expect(r.answer).toContain('周立言');
  });

  it('a target, and the achievement beside it', async () => {
    expect((await ask('青禾县“法律明白人”培养覆盖率的目标是多少？')).answer).toContain('95%');
    const done = await ask('青禾县2023年“法律明白人”培养覆盖率实际达到了多少？');
    expect(done.answer).toContain('92%');
    expect(done.answer).not.toContain('95%');
  });

  it('yes/no: a negative fact answers no', async () => {
    const r = await ask('柳岸街道2023年有没有发生较大及以上生产安全事故？');
    expect(r.answer).toMatch(/^没有/u);
    expect(r.answer).toContain('未发生较大及以上生产安全事故');
  });

  it('superlative across the townships of a county: the winner with its figure, each compared paragraph cited', async () => {
    const r = await ask('青禾县哪个街道或乡镇2023年调解矛盾纠纷最多？');
    expect(r.answer).toMatch(/^柳岸街道最多：318件\[\d\]/u);
    expect(r.answer).toContain('236件');
    expect(r.citations.slice(0, 2).map((c) => c.locality).sort()).toEqual(['柳岸街道', '石桥镇']);
  });

  it('a sum across reports, computed and shown', async () => {
    const r = await ask('石桥镇和柳岸街道2023年一共开展了多少场普法活动？');
    expect(r.answer).toContain('46 + 38 = 84场');
    expect(r.answer).toMatch(/\[1\][\s\S]*\[2\]/u);
  });

  it('a sum within one report, from the two figures named', async () => {
    expect((await ask('石桥镇2023年调解的婚姻家庭纠纷和邻里纠纷一共多少件？')).answer).toContain('23 + 19 = 42件');
  });

  it('a difference within one report', async () => {
    expect((await ask('青禾县2023年办理的人大代表建议和政协提案相差多少件？')).answer).toContain('173 − 146 = 27件');
  });

  it('report facts from the metadata, cited to the line that states them', async () => {
    const date = await ask('柳岸街道这份报告的落款日期是哪天？');
    expect(date.answer).toContain('2024年1月18日');
    expect(date.citations[0]?.text).toContain('2024年1月18日');
    const province = await ask('青禾县司法局属于哪个省？');
    expect(province.answer).toContain('江澄省');
    expect(province.citations[0]?.text).toContain('江澄省');
    const issuer = await ask('青禾经开区这份2023年度报告是哪个单位发布的？');
    expect(issuer.answer).toContain('青禾经济技术开发区管理委员会');
  });

  it('section questions in other words', async () => {
    expect((await ask('柳岸街道还有哪些短板？')).answer).toContain('执法队伍专业化');
    expect((await ask('青禾县司法局下步打算是什么？')).answer).toContain('轮训1200人次');
  });
});

describe('places at every level', () => {
  it('a county finds its departments\' reports', async () => {
    const r = await ask('青禾县2023年办理了多少件法律援助案件？');
    expect(r.answer).toContain('312');
  });

  it('an abbreviated zone and a one-line report', async () => {
    expect((await ask('青禾经开区为多少家企业做了法治体检？')).answer).toContain('68');
  });

  it('"全区"/"全县" are not places; an unknown place under a known county is refused', async () => {
    expect(retriever.analyze('2023年全县调解了多少件矛盾纠纷？').unknownPlaces).toEqual([]);
    const r = await ask('青禾县白鹭乡2023年调解了多少件矛盾纠纷？');
    expect(r.answered).toBe(false);
    expect(r.answer).toContain('白鹭乡');
  });

  it('a follow-up gets the previous places and year as data', async () => {
    const conversations = new ConversationStore();
    const first = await ask('石桥镇2023年调解了多少件矛盾纠纷？', conversations, 'c1');
    expect(first.answered).toBe(true);
    const a = retriever.analyze('那普法活动呢？', undefined, { placeDocIds: ['shiqiao-zhen-2023'], year: 2023 });
    expect(a.followUp).toBe(true);
    expect(a.allowedDocIds).toEqual(['shiqiao-zhen-2023']);
    const next = await ask('那普法活动开展了多少场？', conversations, 'c1');
    expect(next.answer).toContain('46');
  });
});

describe('bodies no report is from', () => {
  it('a department of a known county that issued no report is refused, not answered from another body', async () => {
    const r = await ask('青禾县公安局的法律顾问是哪家律师事务所？');
    expect(r.answered).toBe(false);
    expect(r.answer).toContain('青禾县公安局');
    expect((await ask('青禾县司法局的法律顾问是哪家律师事务所？')).answered).toBe(true);
  });
});

// One fictional county report written the ways reports are: "我县", "一是…二是…", 较上年/同比, "零上访", 无一例,
// a plan and its result in one sentence, a total with "其中", items announced by a colon, a table with bars.
const general = memoryRetriever(fileURLToPath(new URL('./fixtures/answer-general', import.meta.url)));
const askGeneral = (q: string) => answerQuestion(general, q, {}, {});

describe('general readings of report phrasing', () => {
  it('a zero stated in words answers yes/no with 没有, and a figure question with the statement', async () => {
    expect((await askGeneral('松禾县有没有人上访？')).answer).toMatch(/^没有。.*零上访/u);
    expect((await askGeneral('松禾县2023年行政诉讼败诉了几件？')).answer).toContain('无一例行政诉讼败诉');
    expect(statesNone('全年无一例行政诉讼败诉案件')).toBe(true);
    expect(statesNone('实现“零上访”目标')).toBe(true);
    expect(statesNone('办理未成年人法律援助案件12件')).toBe(false);
    expect(statesNone('查处无证经营案件8件')).toBe(false);
    expect(statesNone('开展“零距离”法律服务')).toBe(false);
    expect(statesNone('对违法建设坚持零容忍')).toBe(false);
  });

  it('a question asking about the absence itself is answered yes by it', () => {
    expect(polarity('全年未发生行政诉讼败诉案件。', ['败诉'], '是否实现了行政诉讼零败诉')).toBe('yes');
    expect(polarity('全年未发生行政诉讼败诉案件。', ['败诉'], '有没有发生行政诉讼败诉')).toBe('no');
  });

  it('a plan governs the figures listed after it; 主要/将近 are no plan words', () => {
    const [investment, road] = figuresOf('计划完成交通固定资产投资9.5亿元，新改建农村公路130公里');
    expect(investment?.target).toBe(true);
    expect(road?.target).toBe(true);
    const [planned, done] = figuresOf('计划新改建农村公路120公里，实际完成136.4公里');
    expect([planned?.target, done?.target]).toEqual([true, false]);
    expect(figuresOf('主要负责人出庭应诉12次')[0]?.target).toBe(false);
    expect(figuresOf('全年调解将近300件')[0]?.target).toBe(false);
    expect(figuresOf('将128名执法人员纳入培训')[0]?.target).toBe(false);
    expect(figuresOf('2024年将开展普法活动20场')[0]?.target).toBe(true);
  });

  it('what was done is not answered from a plan', async () => {
    expect((await askGeneral('松禾县2024年实际完成交通固定资产投资多少？')).answered).toBe(false);
  });

  it('achieved against planned: the difference of the result and the plan of one sentence', async () => {
    expect((await askGeneral('松禾县新改建农村公路实际比计划多完成了多少公里？')).answer).toContain('136.4 − 120 = 16.4公里');
  });

  it('the year before, from a figure and the change stated beside it', async () => {
    expect((await askGeneral('松禾县2022年受理了多少件矛盾纠纷？')).answer).toContain('1583 + 117 = 1700件');
    expect(priorYearFigure('收到行政复议申请87件，较上年增加9件', '收到行政复议申请', 0.3)?.value).toBe(78);
    expect(priorYearFigure('执法人员培训1260人次，同比增长12.5%', '执法人员培训', 0.3)).toBeNull();
  });

  it('"比上年多了多少" is read in the report\'s own change words', async () => {
    expect((await askGeneral('松禾县规范性文件审核比上年多了多少件？')).answer).toContain('较上年增加7件');
  });

  it('items announced by a colon, and items enumerated in a paragraph', async () => {
    const measures = await askGeneral('松禾县采取了哪三项措施？');
    for (const item of ['压实领导责任', '健全制度机制', '强化执法监督']) expect(measures.answer).toContain(item);
    expect(enumeratedItems('一是基层法治力量依然薄弱；二是普法形式较为单一。')).toEqual(['一是基层法治力量依然薄弱', '二是普法形式较为单一']);
    const problems = await askGeneral('松禾县存在哪些问题？');
    expect(problems.answer).toContain('一是基层法治力量依然薄弱');
    expect(problems.answer).not.toMatch(/：二、存在的问题/u);
  });

  it('a table written with bars on both sides and a rule row', async () => {
    expect((await askGeneral('松禾县2022年公证办证多少件？')).answer).toContain('6930');
  });

  it('a part named by what it is not: the whole minus the part', () => {
    expect(questionType('办理的许可事项中不是网上办理的有多少件？').operation).toBe('difference');
    expect(questionType('执法队里没有执法资格的人员有几人？').operation).toBe('difference');
    expect(questionType('鹭汀县2022年对多少家企业第一次轻微违规没有罚款？').type).toBe('numeric');
    expect(measureSides('办理的许可事项中不是网上办理的有多少件？', [])).toEqual(['办理许可事项中', '网上办理']);
  });

  it('report facts asked in more ways', () => {
    expect(questionType('榆荫街道属于哪个市哪个区？')).toMatchObject({ type: 'meta', meta: 'above' });
    expect(questionType('这份报告是以哪个单位名义报送的？')).toMatchObject({ type: 'meta', meta: 'issuer' });
  });

  it('a single character of a colloquial word inside an official one is left alone', () => {
    expect(expandQuery('交通运输局局长是谁')).not.toContain('败诉');
    expect(expandQuery('官司打输了吗')).toContain('败诉');
  });

  it('a known place\'s stem with another suffix is another place', async () => {
    const r = await askGeneral('松禾区2023年受理了多少件矛盾纠纷？');
    expect(r.answered).toBe(false);
    expect(r.answer).toContain('松禾区');
  });
});
