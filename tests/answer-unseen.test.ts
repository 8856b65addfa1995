/**
 * Readings learnt from reports and questions written blind (dev batches w27–w28), pinned on fictional reports of
 * their own: a district government's report with a table of its towns (翥川区), its 司法局's, a 街道's whose name holds a
 * character conversion reads as a variant (翥袷), and a development zone's; later batches (w33–w56) in the last blocks.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../src/answer/answer.js';
import { reportList } from '../src/answer/extractive.js';
import { compute, measureOf, measureSides, pairInReport, sentenceParts, shownChange } from '../src/answer/compose.js';
import { answers, bestSentences, otherRate, outweighedByOtherKind, type Evidence } from '../src/answer/extract.js';
import { charWeights } from '../src/answer/characters.js';
import { figuresOf, labelMatch, otherContrasted, unitAnswers, unitContradicts } from '../src/answer/figures.js';
import { askedRole, conditionFigure, contentTerms, partAsked, questionType, questionUnit, unwrittenWeight } from '../src/answer/question.js';
import { DEFAULT_TUNING } from '../src/answer/tuning.js';
import { addressedTo } from '../src/ingest/describe.js';
import { ingestReport } from '../src/ingest/report.js';
import { ownSpelling } from '../src/ingest/script.js';
import { placeMentions } from '../src/place/places.js';
import { expandQuery } from '../src/retrieve/thesaurus.js';
import { memoryRetriever } from './helpers/memory-index.js';

const retriever = memoryRetriever(fileURLToPath(new URL('./fixtures/answer-unseen', import.meta.url)));
const ask = (q: string) => answerQuestion(retriever, q, {}, {});

describe('figures and units', () => {
  it('reads case files, books, graves and the like as units, and points before 个', () => {
    expect(figuresOf('抽查案卷420卷，收缴非法出版物3120册，整治坟墓1860座').map((f) => f.unit)).toEqual(['卷', '册', '座']);
    expect(figuresOf('参保率97.3%，较上年提高0.6个百分点').map((f) => f.text)).toEqual(['97.3%', '0.6个百分点']);
    expect(figuresOf('联合12部门开展检查').map((f) => f.text)).toEqual([]);
  });

  it('asks a unit by 份数 and money by 挽回的损失 or 钱…多少', () => {
    expect(questionUnit('哪个的法律顾问审查合同份数最多')).toBe('份');
    expect(questionUnit('法律援助为群众挽回了多少经济损失')).toBe('元');
    expect(questionUnit('从医院药店那里一共把钱要回来多少')).toBe('元');
  });
});

describe('the part of a whole left undone', () => {
  const parts = sentenceParts(retriever.paragraphs.filter((p) => p.text.includes('抽查案卷420卷')).map((paragraph) => ({ paragraph, document: retriever.documents.find((d) => d.id === paragraph.docId)!, score: 1, lexical: 1, dense: null })));
  const undone = (sides: [string, string]) => pairInReport(parts, sides.join(''), sides, [], false, { undone: true, together: DEFAULT_TUNING.sidesTogether }).map((m) => m.figure.text);

  it('is the whole less the figure right after it, the part named in the question\'s own words', async () => {
    expect(undone(['抽查执法案卷', '评上优秀'])).toEqual(['420卷', '336卷']);
    expect(undone(['调解涉企纠纷', '调成'])).toEqual(['94件', '81件']);
    expect(undone(['调解涉企纠纷', '结案'])).toEqual([]);
    expect((await ask('翥川区2023年抽查的执法案卷里有多少卷没有评为优秀？')).answer).toContain('420 − 336 = 84卷');
  });

  it('A 减去 B is their difference, and 收支相抵 income less spending', async () => {
    expect((await ask('翥川区2023年城乡居民医保基金收入减去支出，结余多少？')).answer).toContain('5.92 − 5.47 = 0.45亿元');
    expect((await ask('翥川区2023年城乡居民医保基金收支相抵结余多少？')).answer).toContain('5.92 − 5.47 = 0.45亿元');
  });
});

describe('what a sentence does not say', () => {
  it('a loss asked is money, not the cases of the sentence', async () => {
    const r = await ask('翥川区司法局2021年法律援助为群众挽回了多少经济损失？');
    expect(r.answered).toBe(false);
  });

  it('a part of a whole is named by at least half its own pairs ("程序违法" is not "确认违法")', async () => {
    expect(partAsked('行政复议被纠错的案件中，有多少件是因为程序违法')).toBe('程序 序违 违法');
    expect((await ask('翥川区司法局2021年行政复议被纠错的案件中，有多少件是因为程序违法？')).answered).toBe(false);
  });

  it('a sentence of a sibling kind under the heading of the kind asked does not answer it', async () => {
    const r = await ask('翥川区2023年审结了几件行政复议案件？');
    expect(r.answer).not.toContain('33件');
  });
});

describe('places below a report\'s own', () => {
  it('a town with no report of its own is its row of the district\'s table, never the district\'s figure', async () => {
    expect((await ask('翥川区戡岭镇2023年调解成功了多少件纠纷？')).answer).toContain('1297');
    const other = await ask('翥川区戬岭镇2023年调解成功了多少件纠纷？');
    expect(other.answer).not.toContain('8596');
  });
});

describe('who and which body', () => {
  it('a firm asked as 律所 is found inside the firm\'s full name', async () => {
    const r = await ask('翥川区请的常年法律顾问是哪家律所的哪位律师？');
    expect(r.answer).toContain('葛舒桐');
  });

  it('a post\'s named holder answers even where the paragraph is far in meaning from the question', () => {
    const hit = { paragraph: retriever.paragraphs[0]!, document: retriever.documents[0]!, score: 1, lexical: 1, dense: 0.44 };
    const e: Evidence = { hit, quote: '', quoteSimplified: '', strength: 1.3, key: true, chars: 1, belowClosest: 0, shaped: true, figureless: false, otherKind: false, holdsPost: true, holder: true, unwritten: 0 };
    expect(answers(e, DEFAULT_TUNING)).toBe(true);
    expect(answers({ ...e, holder: false }, DEFAULT_TUNING)).toBe(false);
  });

  it('a district named is its government\'s report, not its department\'s', async () => {
    const r = await ask('翥川区属于哪个省？');
    expect(r.answer).toContain('鹮岫省');
  });
});

describe('lists and comparisons', () => {
  it('a list of what was done is not taken from the problems', async () => {
    const r = await ask('翥川区2023年在提升领导干部运用法治思维的能力方面有哪些举措？');
    expect(r.answer).not.toContain('有待提升');
  });

  it('"作出的两项…是什么" asks what the things counted are', async () => {
    expect(questionType('翥川区2023年作出的两项重大行政决策是什么', false).type).toBe('list');
    expect(questionType('翥川区2023年作出了哪两项重大行政决策', false).type).toBe('list');
  });

  it('a section is asked in more phrasings ("建设中有哪些问题", "下一年…的重点是什么")', () => {
    expect(questionType('翥川区2023年法治建设中有哪些问题', false)).toMatchObject({ type: 'section', section: 'problems' });
    expect(questionType('翥川区下一年法治工作的重点是什么', false)).toMatchObject({ type: 'section', section: 'plans' });
  });

  it('a comparison\'s measure leaves out the places\' brackets, their count and the joins between them', () => {
    expect(measureOf('翥袷街道（2021年）、翥川区（2023年）和翥东开发区三家，各自报告年度里法律顾问审查合同最多的是哪家?', ['翥袷街道', '翥川区', '翥东开发区'])).toBe('法律顾问审查合同');
  });

  it('a body\'s name for itself is no part of a figure\'s label ("审查街道合同" is "审查合同")', () => {
    expect(labelMatch('审查合同', '全年审查镇政府合同')).toBe(1);
  });

  it('a figure is matched by its sentence where its clause says less ("…为常年法律顾问，全年审查街道合同及协议86份")', async () => {
    const r = await ask('翥袷街道、翥川区和翥东开发区，哪个的法律顾问审查合同份数最多？');
    expect(r.answer).toMatch(/^翥东经济开发区最多：158份/u);
    expect(r.answer).toContain('86份');
    expect(r.answer).toContain('58份');
  });

  it('a report whose figure\'s label names little of the measure gives the figure of the sentence that answers it alone', async () => {
    // "开展“法治进楼栋”“百姓说法堂”活动47场" names no 普法宣传: the sentence answers "翥袷街道开展了多少场普法活动", with one 场 figure.
    const r = await ask('翥袷街道和翥东开发区哪家普法活动搞得最多？');
    expect(r.answer).toMatch(/^翥袷街道最多：47场\[\d\]（翥东经济开发区29场\[\d\]）/u);
    expect((await ask('翥东开发区和翥袷街道哪个普法宣传活动更多？')).answer).toMatch(/^翥袷街道更多：47场/u);
  });
});

describe('tables', () => {
  it('read years as columns beside a column of their change ("项目 | 2022年 | 2023年 | 增减")', async () => {
    expect((await ask('翥川区2022年和2023年两年合计开展了多少场普法活动？')).answer).toContain('51 + 58 = 109场');
  });

  it('find a year\'s cell by the measure in the reports\' words ("行政官司输了": 行政诉讼 败诉)', async () => {
    expect((await ask('翥川区2023年行政官司输了几件？')).answer).toContain('2023年行政诉讼败诉2件');
  });
});

describe('the year before', () => {
  it('a rate and its change in points give the rate of the year before', async () => {
    expect((await ask('翥川区2022年基本医疗保险参保率是多少？')).answer).toContain('97.3 − 0.6 = 96.7%');
  });
});

describe('everyday words', () => {
  it('are read in the reports\' terms', async () => {
    expect(expandQuery('帮厂里的工人要回了多少工钱')).toContain('职工');
    expect(expandQuery('外出打工的人')).not.toContain('职工');
    expect((await ask('翥川区2023年把乱埋的坟整治了多少座？')).answer).toContain('1860座');
  });
});

describe('who issued a report', () => {
  it('is the name it is signed with, where the title writes places above before that name', () => {
    const text = ['鹮岫翥川翥南经济开发区管理委员会2023年度法治政府建设情况报告', '2023年，翥南经济开发区管委会坚持依法行政。', '一、主要工作', '全年审查合同95份。', '翥南经济开发区管理委员会', '2024年1月10日'].join('\n');
    const { document } = ingestReport({ file: 'a.txt', sha256: '', format: 'text', encoding: 'utf-8', text });
    expect(document.issuer).toBe('翥南经济开发区管理委员会');
    expect(document.locality).toBe('翥南经济开发区');
  });

  it('reads a title written on two lines, the issuer above "关于…的报告"', () => {
    const text = ['翥北经济开发区管理委员会', '关于2023年度法治政府建设工作情况的报告', '', '榫源市人民政府：', '2023年，翥北经济开发区管委会坚持依法行政，全年审查合同95份。'].join('\n');
    const { document } = ingestReport({ file: 'a.txt', sha256: '', format: 'text', encoding: 'utf-8', text });
    expect(document.title).toBe('翥北经济开发区管理委员会关于2023年度法治政府建设工作情况的报告');
    expect(document.region).toBe('榫源市');
  });

  it('reads whom a report is addressed to from a line naming several bodies or a labelled one', () => {
    expect(addressedTo('榫源市退役军人事务局、翥川区委全面依法治区委员会办公室：')).toEqual(['榫源市退役军人事务局', '翥川区委全面依法治区委员会办公室']);
    expect(addressedTo('报送单位：翥川区民政局　报送对象：翥川区全面依法治区委员会办公室')).toEqual(['翥川区全面依法治区委员会办公室']);
    expect(addressedTo('全年审查合同95份：')).toEqual([]);
  });
});

describe('a simplified report\'s own characters', () => {
  it('keep a name conversion would change ("翥袷", not 翥夹)', async () => {
    expect(ownSpelling('翥夹街道', ['翥川区翥袷街道2021年法治政府建设情况报告'])).toBe('翥袷街道');
    const r = await ask('翥袷街道2021年调解成功了多少件矛盾纠纷？');
    expect(r.answer).toContain('305件');
    expect(r.answer).toContain('翥袷');
    expect(r.answer).not.toContain('翥夹');
  });
});

describe('blind batches w33–w34', () => {
  it('firms, people and sessions are counts of different things; 家次 counts visits, not the firms visited', () => {
    expect(unitContradicts('人次', '家')).toBe(true);
    expect(unitContradicts('家', '期')).toBe(true);
    expect(unitContradicts('场', '期')).toBe(false);
    expect(unitAnswers('家', '家次')).toBe(false);
    expect(unitAnswers('家次', '家次')).toBe(true);
    expect(unitAnswers('人', '人次')).toBe(true);
  });

  it('"比例有多高" asks a rate; a share ("…引发的占比") is another rate than the one asked', () => {
    expect(questionUnit('盉坪县2019年单位一把手亲自上法庭的比例有多高？')).toBe('%');
    expect(otherRate('劳动合同签订', '劳资纠纷中因未签订劳动合同引发的占比达到37%')).toBe(true);
    expect(otherRate('劳动合同签订', '劳动合同签订率达到97%')).toBe(false);
  });

  it('an honour ("民主法治示范村"), a question about places ("有没有村") and an activity in quotes name no place', () => {
    expect(placeMentions('瞿泖镇有没有村被评为省级民主法治示范村').map((m) => m.name)).toEqual(['瞿泖镇']);
    expect(placeMentions('荻坂镇所有村（社区）都聘请了法律顾问吗').map((m) => m.name)).toEqual(['荻坂镇']);
    expect(placeMentions('雉塘镇2021年开展了多少场“法律进村”活动').map((m) => m.name)).toEqual(['雉塘镇']);
  });

  it('a place written right after another is within it: another place\'s town of that name is not it', async () => {
    // 戬岭镇 is named only in 翥川区's report; "翥东开发区戬岭镇" is a town the reports do not cover.
    expect((await ask('翥东开发区戬岭镇2023年调解了多少件纠纷？')).answer).toMatch(/^语料中没有戬岭镇的报告/u);
  });

  it('a yes or no the report\'s sentences answer both ways is quoted both ways, without a yes or no', async () => {
    // "街道作为被申请人的行政复议案件2件" beside "未引发行政复议或诉讼" (of 依申请公开): neither settles it alone.
    const r = await ask('翥袷街道2021年有没有被人申请过行政复议？');
    expect(r.answer).not.toMatch(/^(是的|没有)/u);
    expect(r.answer).toContain('行政复议案件2件');
    expect(r.answer).toContain('未引发行政复议');
  });

  it('of two changes shown in one sentence, the one whose label the measure names is worked out', () => {
    const change = shownChange('城市低保标准由每人每月820元提高到860元，农村低保标准由每人每年7200元提高到7800元', '农村低保标准每人每年比原来提高', '元');
    expect([change?.from.value, change?.to.value]).toEqual([7200, 7800]);
  });

  it('who issued a report and when it was signed, asked together, is the signature\'s body and date', async () => {
    expect(questionType('翥东开发区那份报告是谁出具、哪天落款的', false)).toMatchObject({ type: 'meta', meta: 'signed' });
    const r = await ask('翥东开发区那份法治政府建设报告是谁出具、哪天落款的？');
    expect(r.answer).toContain('翥东经济开发区管理委员会');
    expect(r.answer).toContain('2024年1月10日');
  });

  it('a part asked after 里 is a part of the whole ("法律援助案件里刑事案件"), unless it is a clause in other words', () => {
    expect(partAsked('牦原区2022年法律援助案件里刑事案件有多少件')).toBe('刑事 事案');
    expect(partAsked('牒源县林业局2024年罚没款里光罚款是多少')).toBe('光罚 罚款');
    expect(partAsked('磡嵋区2021年去办离婚、冷静期里又反悔撤回的有多少对')).toBeNull();
    expect(partAsked('县里调解了多少件纠纷')).toBeNull();
  });

  it('a rate never counts anything; a proportion is named as a rate is', () => {
    expect(unitContradicts('%', '个')).toBe(true);
    expect(unitContradicts('%', '%')).toBe(false);
    expect(otherRate('医保参保', '职工医保政策范围内住院费用报销比例达到83.5%')).toBe(true);
  });

  it('"还有啥毛病" and "…建设的不足" ask the problems section', () => {
    expect(questionType('斨溪镇法治工作还有啥毛病', false)).toMatchObject({ type: 'section', section: 'problems' });
    expect(questionType('扃门经开区法治建设的不足', false)).toMatchObject({ type: 'section', section: 'problems' });
    expect(questionType('钤埭街道去企业查安全，查出来多少处毛病', false).type).toBe('numeric');
  });

  it('a later year in a report\'s plans is a target, not what was done that year', async () => {
    // 翥川区's 2023 report: "二是计划2024年办理法律援助案件1500件以上".
    expect((await ask('翥川区2024年法律援助案件有多少件？')).answer).not.toContain('1500');
    expect((await ask('翥川区2024年法律援助案件的目标是多少件？')).answer).toContain('1500');
  });

  it('a list asked is the things counted and then named, not a list of something else beside them', async () => {
    expect(questionType('牒源县林业局2024年两项重大决策是啥', false).type).toBe('list');
    const r = await ask('翥东开发区2023年做了哪些重大行政决策？');
    expect(r.answer).toContain('翥东物流园规划调整');
    expect(r.answer).not.toContain('五项程序');
  });

  it('a change asked in per cent is worked out of the earlier year\'s figure', async () => {
    const r = await ask('翥川区2023年普法活动比2022年增长了百分之几？');
    expect(r.answer).toContain('(58 − 51) ÷ 51 = 13.7%');
    expect((await ask('翥川区2023年普法活动比2022年多了多少场？')).answer).toContain('58 − 51 = 7场');
  });

  it('a target asked of the year after a report\'s is its plan for that year, not its own year\'s target', async () => {
    const r = await ask('翥东开发区2024年打算开展多少场企业法律培训？');
    expect(r.answer).toContain('30场');
    expect(r.answer).not.toContain('20场');
  });

  it('places named one by one are all compared, whatever the question calls them ("两家单位")', async () => {
    expect((await ask('翥袷街道、翥东开发区两家单位，哪家审查的合同最多？')).answer).toMatch(/^翥东经济开发区最多：158份\[\d\]（翥袷街道86份/u);
  });
});

describe('blind batches w43–w50', () => {
  it('a word of the thing counted that the corpus uses and this report never writes is not stood in for by a sentence close in meaning', () => {
    const unwritten = (q: string, file: string) => {
      const analysis = retriever.analyze(q);
      const document = retriever.documents.find((d) => d.id === file)!;
      const hits = retriever.paragraphsOf(document.id).map((paragraph) => ({ paragraph, document, score: 1, lexical: 1, dense: 0.7 }));
      const [best] = bestSentences(hits, {
        type: 'numeric', terms: contentTerms(analysis, retriever.placeWords(), retriever.terms, DEFAULT_TUNING.alternatives), search: analysis.search,
        lexical: retriever.terms, chars: charWeights(retriever), aim: questionType(analysis.search).aim,
        reportWrites: (docId, word) => retriever.paragraphsOf(docId).some((p) => p.simplified.includes(word)),
      });
      return best!;
    };
    // 法律援助 is in three of the fixtures' paragraphs, none of 翥袷街道's: its 312 disputes are not legal-aid cases.
    const aid = unwritten('翥袷街道2021年办理了多少件法律援助案件？', 'zhujia-jiedao-2021');
    expect(aid.unwritten).toBe(3);
    expect(answers(aid, { ...DEFAULT_TUNING, reportsWord: 3 })).toBe(false);
    // A report that writes the word, and a target asked, are not held to it.
    expect(unwritten('翥川区2023年办理了多少件法律援助案件？', 'zhuchuan-qu-2023').unwritten).toBe(0);
    expect(unwritten('翥袷街道2022年计划办理多少件法律援助案件？', 'zhujia-jiedao-2021').unwritten).toBe(0);
  });

  it('copies are not people, and times not people: "审查了多少份合同" is not answered by "由7名律师组成"', () => {
    expect(unitContradicts('名', '份')).toBe(true);
    expect(unitContradicts('次', '人次')).toBe(true);
    expect(unitContradicts('份', '件')).toBe(false);
    expect(unitContradicts('次', '场')).toBe(false);
    expect(unitContradicts('次', '件')).toBe(false);
    expect(unitContradicts('场', '件')).toBe(true);
    expect(unitContradicts('份', '场')).toBe(true);
    // A count in 万 keeps its unit: "11.4万份" is copies, not people ("多少人次参加").
    expect(figuresOf('发放宣传资料11.4万份，受益群众1.2万人').map((f) => f.unit)).toEqual(['万份', '万人']);
    expect(unitContradicts('万份', '人次')).toBe(true);
  });

  it('a figure the question states is read with its term, not with the words that ask whether or the year before it', async () => {
    expect(conditionFigure('翥川区2023年行政机关负责人出庭应诉率有没有达到100%？')).toEqual({ term: '诉率', figure: '100%' });
    expect(conditionFigure('翥东开发区2023年确认的42项行政权力分为哪几类？')).toEqual({ term: '确认', figure: '42项' });
    expect((await ask('翥川区2023年行政机关负责人出庭应诉率有没有达到100%？')).answer).toMatch(/^是的。.*出庭应诉率100%/u);
    const kinds = (await ask('翥东开发区2023年确认的42项行政权力分为哪几类？')).answer;
    for (const kind of ['行政处罚30项', '行政检查8项', '行政确认4项']) expect(kinds).toContain(kind);
  });

  it('"组长由谁担任" asks the 组长, and a holder with his own post before his name holds it', async () => {
    expect((await ask('翥东开发区法治政府建设领导小组组长由谁担任？')).answer).toContain('韩书屿');
    expect((await ask('翥东开发区领导小组办公室主任由谁兼任？')).answer).toContain('柏青岚');
  });

  it('the part left undone is the figure after its whole in one sentence, its label whole', async () => {
    // Not "受理政府信息公开申请9件", whose label names 受理 alone, in the sentence before.
    expect((await ask('翥东开发区2023年收到的行政复议申请里有几件没有受理？')).answer).toBe('管委会行政复议办公室全年收到行政复议申请18件[1]，受理16件[1]：18 − 16 = 2件。');
  });

  it('a year asked of a report\'s facts is that year\'s report, not a later one that mentions the year', async () => {
    expect((await ask('翥川区2022年度法治政府建设报告是哪天落款的？')).answer).toMatch(/^语料中没有翥川区2022年的报告。现有报告：翥川区（2023年）/u);
    expect((await ask('翥川区2023年度法治政府建设报告是哪天落款的？')).answer).toContain('2024年1月26日');
  });

  it('a town written right after its county is a place even named like a kind of area; "到社区" is none', () => {
    expect(placeMentions('飞鼬县鼬城镇2021年调解成功了多少件').map((m) => m.name)).toEqual(['飞鼬县鼬城镇']);
    expect(placeMentions('\u3000鼬城镇2021年调解成功了多少件', '\u3000').map((m) => m.name)).toEqual(['鼬城镇']);
    expect(placeMentions('推进小城镇建设').map((m) => m.name)).toEqual([]);
    expect(placeMentions('2024年到社区给居民讲卫生法律').map((m) => m.name)).toEqual([]);
  });

  it('a count and a rate add to nothing; a sum the report states is quoted when its sides are not stated apart', async () => {
    const paragraph = retriever.paragraphs[0]!;
    const part = { hit: { paragraph, document: retriever.documents.find((d) => d.id === paragraph.docId)!, score: 1, lexical: 1, dense: null }, text: '', simplified: '' };
    const measured = (text: string) => figuresOf(text).map((figure) => ({ part, figure }));
    expect(compute(measured('评查案卷110卷，优秀率87.3%'), 'difference')).toBeNull();
    expect(compute(measured('评查案卷110卷，评为优秀的96卷'), 'difference')?.text).toBe('110 − 96 = 14卷');
    expect((await ask('翥东开发区2023年发放企业纾困补助及各类奖励资金合计多少？')).answer).toContain('合计326.5万元');
  });

  it('a report that does not say its province is answered by the report of a place below it that does, cited there', async () => {
    const answer = await ask('翥阳县是哪个省的？');
    expect(answer.answer).toBe('翥阳县：鹮岫省（据桥翥镇2022年的报告）[1]。');
    expect(answer.citations[0]?.docId).toBe('zhuyang-qiaotou-2022');
  });

  it('things counted and then named after 即 are a list, however they are joined', async () => {
    const analysis = retriever.analyze('翥阳县2022年作出了哪些重大行政决策？');
    const document = retriever.documents.find((d) => d.id === 'zhuyang-xian-2022')!;
    const hits = retriever.paragraphsOf(document.id).map((paragraph) => ({ paragraph, document, score: 1, lexical: 1, dense: 0.7 }));
    const [best] = bestSentences(hits, {
      type: 'list', terms: contentTerms(analysis, retriever.placeWords(), retriever.terms, DEFAULT_TUNING.alternatives), search: analysis.search,
      lexical: retriever.terms, chars: charWeights(retriever),
    });
    expect(best?.quote).toContain('即县城污水处理厂扩建项目和城区公交线路优化方案');
    expect(best?.shaped).toBe(true);
    expect((await ask('翥阳县2022年作出了哪些重大行政决策？')).answer).toContain('即县城污水处理厂扩建项目和城区公交线路优化方案');
  });
});

describe('blind batches w53–w64', () => {
  it('places in brackets after the signing body are the report\'s province and city; the body signs without them', async () => {
    const document = retriever.documents.find((d) => d.id === 'zhuxi-zhen-2024')!;
    expect(document.chain).toEqual(['鹮岫省', '榫源市', '翥岭县']);
    expect(document.issuer).toBe('翥溪镇人民政府');
    expect((await ask('翥溪镇在哪个省哪个市？')).answer).toContain('鹮岫省榫源市');
  });

  it('"报给哪个上级政府" asks the addressee', async () => {
    expect(questionType('翥溪镇2024年的报告是报给哪个上级政府的？').meta).toBe('addressee');
    expect((await ask('翥溪镇2024年的报告是报给哪个上级政府的？')).answer).toBe('翥溪镇2024年的报告：翥岭县人民政府[1]。');
  });

  it('a table\'s bare cells are counted in the unit asked, never in money or a rate', async () => {
    expect((await ask('翥溪镇2024年行政复议纠错件数比2023年多了几件？')).answer).toContain('5 − 2 = 3件');
    const paragraph = retriever.paragraphs[0]!;
    const part = { hit: { paragraph, document: retriever.documents.find((d) => d.id === paragraph.docId)!, score: 1, lexical: 1, dense: null }, text: '', simplified: '' };
    const bare = [5, 2].map((value) => ({ part, figure: { ...figuresOf('5件')[0]!, value, unit: '', text: String(value) } }));
    expect(compute(bare, 'difference', '元')?.text).toBe('5 − 2 = 3');
    expect(compute(bare, 'difference', '%')?.text).toBe('5 − 2 = 3');
  });

  it('whether a target was met is settled by the sentence that says so, not by a figure achieved beside it', async () => {
    const answer = await ask('翥溪镇2024年矛盾纠纷调解成功率完成年初目标了吗？');
    expect(answer.answer).toMatch(/^没有。/u);
    expect(answer.answer).toContain('但未完成年初目标');
  });

  it('a post named in a word that ends in 任 is not held ("综治中心主任经济责任审计")', async () => {
    const q = '翥溪镇综治中心主任是谁？';
    const analysis = retriever.analyze(q);
    const document = retriever.documents.find((d) => d.id === 'zhuxi-zhen-2024')!;
    const audit = retriever.paragraphsOf(document.id).filter((p) => p.text.includes('经济责任审计')).map((paragraph) => ({ paragraph, document, score: 1, lexical: 1, dense: 0.7 }));
    const [best] = bestSentences(audit, {
      type: 'who', terms: contentTerms(analysis, retriever.placeWords(), retriever.terms, DEFAULT_TUNING.alternatives), search: analysis.search,
      lexical: retriever.terms, chars: charWeights(retriever), role: askedRole(analysis.search),
    });
    expect(best?.quote).toContain('经济责任审计');
    expect(best?.holdsPost).toBe(false);
    expect((await ask(q)).answer).toContain('蒲映川');
  });

  it('"未发生较大以上生产安全事故" does not say how many died, nor that none happened', async () => {
    expect((await ask('翥溪镇2024年生产安全事故死亡了几个人？')).answer).toMatch(/^未找到/u);
    expect((await ask('翥溪镇2024年有没有发生生产安全事故？')).answer).not.toMatch(/^没有/u);
    expect((await ask('翥溪镇2024年有没有发生较大以上生产安全事故？')).answer).toMatch(/^没有。/u);
  });

  it('a province and city whose requirements the opening carries out after "和" are above the report\'s place', () => {
    const text = '稂川市退役军人事务局2019年法治政府建设工作情况报告\n\n2019年，我局在稂川市委、市政府和穠城市退役军人事务局的领导下，认真贯彻落实党中央关于退役军人工作的决策部署和河北省、穠城市关于法治政府建设的工作要求，坚持依法行政。现将有关情况报告如下。\n\n一、主要工作\n\n全年接待来访退役军人326人次。';
    const { document } = ingestReport({ file: 'a.txt', sha256: '', format: 'text', encoding: 'utf-8', text });
    expect(document.chain).toEqual(['河北省', '秾城市']);
  });

  it('a holder named before "严格履行", and "写给哪个单位" asks the addressee', async () => {
    expect((await ask('翥溪镇镇长是谁？')).answer).toContain('晏临川');
    expect(questionType('翥溪镇的法治政府建设报告是写给哪个单位的？').meta).toBe('addressee');
  });

  it('a question naming no place, year or report, much of whose words no report writes, is about something else', async () => {
    const unwritten = (q: string) => unwrittenWeight(contentTerms(retriever.analyze(q), retriever.placeWords(), retriever.terms, DEFAULT_TUNING.alternatives), retriever.terms);
    expect(unwritten('今天中午食堂吃什么？')).toBeGreaterThan(DEFAULT_TUNING.unwrittenShare);
    expect(unwritten('调解成功了多少件矛盾纠纷？')).toBe(0);
    expect((await ask('今天中午食堂吃什么？')).answer).toMatch(/^未找到/u);
  });

  it('a table\'s columns headed 上年 and 本年度 are the years before and of the report', async () => {
    expect((await ask('翥溪镇2024年接收来信来访多少件？')).answer).toContain('118');
    expect((await ask('翥溪镇2024年化解信访积案比上年多了几件？')).answer).toContain('11 − 7 = 4件');
  });

  it('"有几个不合格" is the whole less those that passed, unless it is one of several asked', async () => {
    expect((await ask('翥溪镇2024年参加考核的村级人民调解委员会中有几个不合格？')).answer).toContain('12 − 10 = 2个');
    expect(questionType('社会组织年检中合格、基本合格、不合格的各有多少家？').type).not.toBe('arithmetic');
  });

  it('a title that writes its province and city without their suffixes before the name signed: the name signed is the place', () => {
    const text = '鹮岫榫源翥坪经济开发区管理委员会2025年度法治政府建设情况报告\n\n榫源市人民政府：\n\n2025年，翥坪经济开发区管理委员会认真落实鹮岫省、榫源市关于法治政府建设的决策部署。现将有关情况报告如下。\n\n一、主要工作\n\n全年审查合同63份。\n\n翥坪经济开发区管理委员会\n\n2026年1月20日';
    const { document } = ingestReport({ file: 'a.txt', sha256: '', format: 'text', encoding: 'utf-8', text });
    expect(document.locality).toBe('翥坪经济开发区');
    expect(document.issuer).toBe('翥坪经济开发区管理委员会');
    expect(document.chain).toEqual(['鹮岫省', '榫源市']);
  });

  it('a signing body and its date run into one line are the signature, not a paragraph', () => {
    const text = '辂川县人民政府关于2023年度法治政府建设情况的报告\n\n一、主要工作\n\n全年办理行政复议案件26件。\n\n辂川县人民政府2024年2月6日';
    const { document, paragraphs } = ingestReport({ file: 'a.txt', sha256: '', format: 'text', encoding: 'utf-8', text });
    expect(document.signedAt).toBe('2024年2月6日');
    expect(document.signedBy).toBe('辂川县人民政府');
    expect(paragraphs.map((p) => p.text)).not.toContainEqual(expect.stringContaining('2024年2月6日'));
  });

  it('a compound word of the thing counted ("总收入") is the reports\' word as much as its head ("收入") is', () => {
    const q = '翥溪镇2024年法律服务总收入是多少？';
    const analysis = retriever.analyze(q);
    const document = retriever.documents.find((d) => d.id === 'zhuxi-zhen-2024')!;
    const hits = retriever.paragraphsOf(document.id).filter((p) => p.text.includes('到村开展法律服务')).map((paragraph) => ({ paragraph, document, score: 1, lexical: 1, dense: 0.7 }));
    // the fixtures write 收入 once; a corpus where twelve paragraphs write it
    const lexical = { tokens: (t: string) => retriever.terms.tokens(t), idf: (t: string) => retriever.terms.idf(t), documentFrequency: (t: string) => (t === 'b:收入' ? 12 : retriever.terms.documentFrequency(t)) };
    const [best] = bestSentences(hits, {
      type: 'numeric', terms: contentTerms(analysis, retriever.placeWords(), lexical, DEFAULT_TUNING.alternatives), search: analysis.search,
      lexical, chars: charWeights(retriever), aim: questionType(analysis.search).aim,
      reportWrites: (docId, word) => retriever.paragraphsOf(docId).some((p) => p.simplified.includes(word)),
    });
    expect(best?.quote).toContain('法律服务72次');
    expect(best?.unwritten).toBe(12);
    expect(answers(best!, DEFAULT_TUNING)).toBe(false);
  });

  it('a body of a kind that issues reports is not answered for by another department that mentions it; the refusal offers the place\'s reports', async () => {
    expect((await ask('翥岭县司法局2023年开展了多少场法律进社区活动？')).answer).toBe('语料中没有翥岭县司法局的报告。现有报告：翥岭县民政局（2023年）、翥溪镇（2024年）。');
    expect((await ask('翥岭县民政局2023年开展了多少场法律进社区活动？')).answer).toContain('12场');
    const many = Array.from({ length: 14 }, (_, i) => ({ ...retriever.documents[0]!, id: `d${i}`, locality: `第${i}镇`, year: 2020 }));
    expect(reportList(many, (d) => d.locality)).toBe(`${many.slice(0, 12).map((d) => `${d.locality}（2020年）`).join('、')}等14份`);
  });

  it('problems written as one paragraph of sentences are each an item', async () => {
    const answer = (await ask('翥溪镇法治政府建设存在哪些问题？')).answer;
    expect(answer).toContain('具有法律职业资格的仅有2人');
    expect(answer).toContain('村级法律顾问作用发挥不充分');
    expect(answer).toContain('线上普法阵地建设滞后');
  });
});

describe('blind batches w65–w72', () => {
  /** The best sentence of one made-up paragraph of 翥阳县医疗保障局's report, for a question of that report. */
  const evidenceOf = (q: string, text: string, type: 'numeric' | 'who' | 'yesno' = 'numeric') => {
    const analysis = retriever.analyze(q);
    const document = retriever.documents.find((d) => d.id === 'zhuyang-yibao-2022')!;
    const paragraph = { ...retriever.paragraphsOf(document.id)[0]!, text, simplified: text, section: [] };
    return bestSentences([{ paragraph, document, score: 1, lexical: 1, dense: 0.7 }], {
      type, terms: contentTerms(analysis, retriever.placeWords(), retriever.terms, DEFAULT_TUNING.alternatives), search: analysis.search,
      lexical: retriever.terms, chars: charWeights(retriever), aim: questionType(analysis.search).aim, role: type === 'who' ? askedRole(analysis.search) : null,
    })[0]!;
  };

  it('a figure followed by 目标 is a target, not what was reached', () => {
    expect(figuresOf('年度检查参检率仍未达到95%的工作目标')[0]?.target).toBe(true);
    expect(figuresOf('涉企纠纷调解成功率与90%的目标仍有差距')[0]?.target).toBe(true);
    expect(figuresOf('实际参检376家，参检率91.7%')[1]?.target).toBe(false);
  });

  it('couples are counted in 对, which is no count of cases, and two sides that end alike are told apart by what differs', () => {
    expect(figuresOf('全年办理结婚登记3017对、离婚登记1345对').map((f) => f.text)).toEqual(['3017对', '1345对']);
    expect(unitContradicts('对', '件')).toBe(true);
    expect(questionUnit('结婚登记比离婚登记多多少对')).toBe('对');
    const document = retriever.documents.find((d) => d.id === 'zhuyang-yibao-2022')!;
    const text = '全年办理婚姻登记4362对，其中结婚登记3017对、离婚登记1345对，婚姻登记合格率100%。';
    const parts = sentenceParts([{ paragraph: { ...retriever.paragraphsOf(document.id)[0]!, text, simplified: text }, document, score: 1, lexical: 1, dense: null }]);
    const sides = measureSides('2023年结婚登记比离婚登记多多少对', []);
    expect(sides).toEqual(['结婚登记', '离婚登记']);
    expect(pairInReport(parts, '结婚登记', sides, [], false, { unit: '对', together: DEFAULT_TUNING.sidesTogether }).map((m) => m.figure.text)).toEqual(['3017对', '1345对']);
  });

  it('asks money with words between 多少 and 钱, and a rate with 哪家', () => {
    expect(questionUnit('从医院药店追回了多少被违规花掉的医保钱')).toBe('元');
    expect(questionUnit('矛盾纠纷调解成功率哪家最低')).toBe('%');
  });

  it('a rate compared across reports is a rate in each, never a count of its sentence', async () => {
    expect((await ask('翥溪镇、翥阳县医保局，矛盾纠纷调解成功率哪家最低？')).answer).toBe('翥阳县医疗保障局最低：95.8%[2]（翥溪镇96.5%[1]）。');
  });

  it('the whole two parts belong to is no word of the first part, and last year\'s values may be listed in brackets', () => {
    expect(measureSides('醍坊街道2021年的法律援助案件里，民事比刑事多几件', ['醍坊街道'])).toEqual(['民事', '刑事']);
    const change = shownChange('全年受理矛盾纠纷638件，调解成功611件，调解成功率95.8%，较上年（受理592件、调解成功553件）有所提升', '调解成功的矛盾纠纷', '件');
    expect([change?.from.text, change?.to.text]).toEqual(['553件', '611件']);
  });

  it('one kind is not answered by its counterpart: 职工 by 居民, 专职 by 专兼职', () => {
    expect(otherContrasted('职工医保参保率是多少', '城乡居民医保参保率97.3%')).toBe(true);
    expect(otherContrasted('职工医保参保人数是多少', '其中职工医保19.82万人、城乡居民医保41.55万人')).toBe(false);
    expect(otherContrasted('配备了多少名专职网格员', '配备专兼职调解员58名')).toBe(true);
    expect(otherContrasted('城乡居民医保参保率是多少', '城乡居民医保参保率97.3%')).toBe(false);
  });

  it('a sentence of another kind, in the question\'s rarest word and stronger, leaves a paraphrase\'s neighbour unchosen', async () => {
    expect((await ask('翥阳县医保局2022年城市困难群众医疗救助了多少人次？')).answer).toMatch(/^未找到/u);
    const hit = { paragraph: retriever.paragraphs[0]!, document: retriever.documents[0]!, score: 1, lexical: 1, dense: 0.7 };
    const e = (strength: number, key: boolean, otherKind: boolean): Evidence => ({ hit, quote: '', quoteSimplified: '', strength, key, chars: 1, belowClosest: 0, shaped: true, figureless: false, otherKind, holdsPost: true, holder: false, unwritten: 0 });
    expect(outweighedByOtherKind(e(0.4, false, false), [e(0.6, true, true)])).toBe(true);
    expect(outweighedByOtherKind(e(0.4, true, false), [e(0.6, true, true)])).toBe(false);
    expect(outweighedByOtherKind(e(0.4, false, false), [e(0.3, true, true), e(0.6, false, true)])).toBe(false);
  });

  it('a standard or money per head is not answered by a sum paid out', () => {
    expect(evidenceOf('翥阳县医保局2022年城市低保标准是每人每月多少元？', '全年发放城市低保金1687.3万元，保障城市低保对象2104人。').figureless).toBe(true);
    expect(evidenceOf('翥阳县医保局2022年城市低保标准是每人每月多少元？', '城市低保标准由每人每月820元提高到860元。').figureless).toBe(false);
    expect(evidenceOf('翥阳县医保局2022年一次性经济补助标准是多少？', '依法发放自主就业退役士兵一次性经济补助1296.5万元。').figureless).toBe(true);
  });

  it('a part named in no figure\'s clause has no figure of its own', async () => {
    expect((await ask('翥阳县医保局2022年医疗救助的困难群众中低保对象有多少人次？')).answer).toMatch(/^未找到/u);
  });

  it('"叫什么名字" asks a person; a post taken in a clause of the sentence\'s subject is held by that subject', async () => {
    expect((await ask('翥阳县医疗保障局局长叫什么名字？')).answer).toContain('闵若川');
    expect((await ask('翥阳县医保局法治政府建设领导小组组长是谁？')).answer).toContain('闵若川');
  });

  it('"是哪两位律师" asks the post\'s holders; a law firm is no person', () => {
    expect(askedRole('犇川街道的法律顾问是哪两位律师？')).toBe('法律顾问');
    const e = evidenceOf('翥阳县医保局的法律顾问是哪两位律师？', '街道聘请犄江市衡泰律师事务所为常年法律顾问单位，由律师邬景行、符念秋担任法律顾问，全年列席会议21次，审查合同协议68份，审核规范性文件及涉法事务文件19件，出具法律意见书43份，为街道挽回或避免经济损失约126万元。', 'who');
    expect(e.quote).toContain('邬景行、符念秋');
  });

  it('whether a target was met: the sentence saying it was missed, though it names the target', async () => {
    const answer = (await ask('翥阳县医保局2022年参保率达到97%的目标了吗？')).answer;
    expect(answer).toMatch(/^没有/u);
    expect(answer).toContain('未达到年初确定的97%目标');
  });

  it('"达到97%了吗" is settled by the figure reached, and a target asked by the figure named otherwise', () => {
    expect(evidenceOf('翥阳县医保局2022年矛盾纠纷调解成功率达到97%了吗？', '全年排查调处矛盾纠纷5382件，调解成功5261件，调解成功率97.8%。', 'yesno').figureless).toBe(false);
    expect(evidenceOf('翥阳县医保局2022年法律援助案件完成年初定的700件目标了吗？', '全年办理法律援助案件742件，超额完成年初确定的700件目标任务。', 'yesno').figureless).toBe(false);
    expect(evidenceOf('翥阳县医保局2022年矛盾纠纷调解成功率达到97%了吗？', '全年排查调处矛盾纠纷5382件，调解成功5261件。', 'yesno').figureless).toBe(true);
  });
});
