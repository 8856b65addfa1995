import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../src/answer/answer.js';
import { ConversationStore } from '../src/answer/conversation.js';
import { questionType } from '../src/answer/question.js';
import { joinsPlaces, measureSides, polarity, priorYearFigure } from '../src/answer/compose.js';
import { figuresOf, statesNone } from '../src/answer/figures.js';
import { enumeratedItems } from '../src/answer/sentences.js';
import { charCoverage } from '../src/answer/characters.js';
import { answers, halfThere, listedKind, negatedKind, type Evidence } from '../src/answer/extract.js';
import { DEFAULT_TUNING } from '../src/answer/tuning.js';
import { issuerAliases } from '../src/place/places.js';
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

  it('"比上年增加了多少" with no change stated in the text: the difference of the table\'s two years, shown', async () => {
    const r = await askGeneral('松禾县2023年公证办证比上年增加了多少件？');
    expect(r.answer).toContain('7412 − 6930 = 482件');
  });

  it('a difference joining places, not measures, is not computed from one report\'s two figures', () => {
    expect(joinsPlaces('琮阳市全市和汀兰街道2023年调解的矛盾纠纷件数相差多少？', ['琮阳市', '汀兰街道'])).toBe(true);
    expect(joinsPlaces('鹭汀县2022年办理的人大代表建议和政协提案合计多少件？', ['鹭汀县'])).toBe(false);
  });

  it('a part named by what it is not: the whole minus the part', () => {
    expect(questionType('办理的许可事项中不是网上办理的有多少件？').operation).toBe('difference');
    expect(questionType('执法队里没有执法资格的人员有几人？').operation).toBe('difference');
    expect(questionType('鹭汀县2022年对多少家企业第一次轻微违规没有罚款？').type).toBe('numeric');
    expect(measureSides('办理的许可事项中不是网上办理的有多少件？', [])).toEqual(['办理许可事项', '网上办理']);
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

// A city police bureau's district branch ("岚州市公安局玉溪分局"), its province named only in passing.
const paraphraseRetriever = memoryRetriever(fileURLToPath(new URL('./fixtures/answer-paraphrase', import.meta.url)));
const askBranch = (q: string) => answerQuestion(paraphraseRetriever, q);

describe('evidence that survives paraphrase', () => {
  const evidence = (over: Partial<Evidence>): Evidence => {
    const [hit] = paraphraseRetriever.paragraphsOf(paraphraseRetriever.documents[0]!.id).map((paragraph) => ({ paragraph, document: paraphraseRetriever.documents[0]!, score: 1, lexical: null, dense: 0.7 }));
    return { hit: hit!, quote: '', quoteSimplified: '', strength: 0.08, key: false, keyInParagraph: false, chars: 0.6, belowClosest: 0, shaped: true, figureless: false, otherKind: false, holdsPost: true, holder: false, unwritten: 0, ...over };
  };

  it('an official\'s words share the report\'s characters where they share no words', () => {
    const even = () => 1;
    expect(charCoverage(['罚款', '收'], '收缴罚没款31.4万元', even)).toBe(1);
    expect(charCoverage(['种', '棵树'], '收缴罚没款31.4万元', even)).toBe(0);
  });

  it('weak lexical evidence answers in the paragraph closest in meaning, holding most of the question\'s characters and the figure asked', () => {
    expect(answers(evidence({}), DEFAULT_TUNING)).toBe(true);
    expect(answers(evidence({ belowClosest: 0.1 }), DEFAULT_TUNING)).toBe(false);
    expect(answers(evidence({ chars: 0.1 }), DEFAULT_TUNING)).toBe(false);
    expect(answers(evidence({ shaped: false }), DEFAULT_TUNING)).toBe(false);
    // Without a dense signal (a Worker without Vectorize) the lexical rule alone decides.
    expect(answers(evidence({ hit: { ...evidence({}).hit, dense: null }, belowClosest: Infinity }), DEFAULT_TUNING)).toBe(false);
  });

  it('a sentence without a count does not answer "多少", however many words it shares', () => {
    expect(answers(evidence({ strength: 0.9, key: true, figureless: true }), DEFAULT_TUNING)).toBe(false);
  });

  it('a paragraph far in meaning is no evidence, whatever words it shares ("中秋节放几天假" against folk festivals)', () => {
    const far = evidence({ strength: 0.9, key: true });
    expect(answers(far, DEFAULT_TUNING)).toBe(true);
    expect(answers({ ...far, hit: { ...far.hit, dense: 0.37 } }, DEFAULT_TUNING)).toBe(false);
    // Without a dense signal the lexical rule alone decides.
    expect(answers({ ...far, hit: { ...far.hit, dense: null } }, DEFAULT_TUNING)).toBe(true);
  });

  it('a sentence counting another kind of the thing asked does not answer ("生产安全事故3起" for "交通事故")', () => {
    expect(halfThere('交通事故', '全县发生生产安全事故3起、死亡3人')).toBe(true);
    expect(halfThere('生产总值', '全县发生生产安全事故3起')).toBe(true);
    // A synonym sharing a character is the same thing ("法治考试" for "法律考试"); a word wholly absent is a paraphrase's.
    expect(halfThere('法律考试', '组织法治理论考试，平均分88.6分')).toBe(false);
    expect(halfThere('交通事故', '全年接听来电2.3万通')).toBe(false);
    expect(answers(evidence({ strength: 0.3, otherKind: true }), DEFAULT_TUNING)).toBe(false);
    expect(negatedKind('税收收入', '全年组织非税收入4.73亿元')).toBe(true);
    expect(negatedKind('税收收入', '税收收入完成12.6亿元，非税收入4.73亿元')).toBe(false);
  });

  it('everyday words read as the reports\' terms', () => {
    expect(expandQuery('给请不起律师的群众免费代理了多少件案子')).toContain('法律援助');
    expect(expandQuery('帮打工的人讨回了多少工钱')).toContain('农民工');
    expect(expandQuery('新开张了多少家公司和个体户')).toContain('市场主体');
    expect(expandQuery('饭馆的煤气隐患查了多少家')).toContain('燃气');
  });

  it('question shapes in everyday words', () => {
    expect(questionType('镇里开了几回会专门研究法治？').type).toBe('numeric');
    expect(questionType('在村里新设了多少个法律服务室？').aim).toBe('achieved');
    expect(questionType('排查的矛盾纠纷中有几起没调解成功？')).toMatchObject({ type: 'arithmetic', operation: 'difference' });
    expect(questionType('这份报告是哪天在网站上发布的？')).toMatchObject({ type: 'meta', meta: 'published' });
  });
});

describe('answer shapes on a district police branch\'s report', () => {
  it('a branch of a city bureau goes by its own name', async () => {
    expect(issuerAliases('岚州市公安局玉溪分局', '岚州市')).toContain('玉溪分局');
    expect((await askBranch('玉溪分局2023年受理治安案件多少起？')).answer).toContain('1862');
  });

  it('"有几起没调解成功": the whole minus the part, computed and shown', async () => {
    expect((await askBranch('玉溪分局2023年排查的矛盾纠纷中有几起没调解成功？')).answer).toContain('412 − 397 = 15起');
  });

  it('a figure asked of a province only mentioned above the reports is refused', async () => {
    const r = await askBranch('嵩川省2023年受理了多少起治安案件？');
    expect(r.answered).toBe(false);
    expect(r.answer).toContain('本级');
  });

  it('nor is its ranking or work, though where it stands is told by the reports below it', async () => {
    const r = await askBranch('嵩川省2023年法治政府建设考核在全国排名第几？');
    expect(r.answered).toBe(false);
    expect(r.answer).toContain('本级');
    expect((await askBranch('岚州市属于哪个省？')).answer).toContain('嵩川省');
  });

  it('yes/no on a plan: no "是的" from what is only planned', async () => {
    const r = await askBranch('玉溪分局的派出所是不是都配了专职法制员？');
    expect(r.answer).not.toMatch(/^是的/u);
    expect(polarity('计划年内为所有派出所配齐专职法制员，实现派出所专职法制员全覆盖。', ['派出所', '法制员'])).toBeNull();
  });

  it('yes/no on a plan: the sentence that settles what was done answers instead ("仍有3个未配备" → 没有)', async () => {
    const r = await askBranch('玉溪分局的派出所是不是都配了专职法制员？');
    expect(r.answer).toMatch(/^没有/u);
    expect(r.answer).toContain('仍有3个未配备');
    expect(polarity('全局9个派出所中仍有3个未配备专职法制员。', ['派出所', '法制员'], '派出所是不是都配了专职法制员')).toBe('no');
    // Not asked of all: "some are not" settles nothing against "配了吗".
    expect(polarity('全局9个派出所中仍有3个未配备专职法制员。', ['派出所', '法制员'], '派出所配了专职法制员吗')).not.toBe('no');
  });

  it('"案件主要包括哪几类": the items of that thing ("其中盗窃案件…"), not several things of one item', async () => {
    const r = await askBranch('玉溪分局2023年查处的案件有哪几类？');
    expect(r.answer).toContain('盗窃案件143起');
    expect(r.answer).not.toContain('侵犯知识产权');
    expect(listedKind('查处的案件主要包括哪几类？')).toBe('案件');
  });

  it('"哪几类": the sentence that names several', async () => {
    const r = await askBranch('玉溪分局2023年调解的纠纷主要有哪几类？');
    expect(r.answer).toContain('邻里纠纷');
    expect(r.answer).toContain('婚姻家庭纠纷');
  });
});
