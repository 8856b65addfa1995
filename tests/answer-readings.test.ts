/**
 * Readings learnt from reports and questions written blind (dev batches w7–w12), pinned on
 * fictional reports of their own: a county 医疗保障局's report hard-wrapped at 30 characters with its
 * addressee on a line of its own, and a 经济技术开发区's; later a 街道 report with tables (檀口) and a 镇 report laid out in
 * parts (蔺川镇, dev batches w21–w22).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../src/answer/answer.js';
import { changeText, eachSides, measureSides, polarity, shownChange, yearHead } from '../src/answer/compose.js';
import { askedRole, namesPart, partAsked, questionType, questionUnit } from '../src/answer/question.js';
import { otherRate, rateAsked } from '../src/answer/extract.js';
import { figureFor } from '../src/answer/figures.js';
import { cleanLines } from '../src/ingest/clean.js';
import { ingestReport } from '../src/ingest/report.js';
import { segment } from '../src/ingest/segment.js';
import { placeAliases, issuerAliases } from '../src/place/places.js';
import { expandQuery } from '../src/retrieve/thesaurus.js';
import { memoryRetriever } from './helpers/memory-index.js';

const dir = fileURLToPath(new URL('./fixtures/answer-readings', import.meta.url));
const retriever = memoryRetriever(dir);
const ask = (q: string) => answerQuestion(retriever, q, {}, {});

describe('a hard-wrapped report', () => {
  const text = readFileSync(`${dir}/fengxu-yibao-2023.txt`, 'utf8');
  const { paragraphs } = ingestReport({ file: 'fengxu-yibao-2023.txt', sha256: '', format: 'text', encoding: 'utf-8', text });

  it('is read in its paragraphs, its lines joined and a figure broken by the wrap made whole', () => {
    expect(text.split('\n').length).toBeGreaterThan(25);
    expect(paragraphs.length).toBeLessThanOrEqual(14);
    const decisions = paragraphs.find((p) => p.text.includes('重大行政决策3项'));
    expect(decisions?.text).toContain('门诊统筹结算改革，均履行了公众参与');
    expect(paragraphs.some((p) => p.text.includes('全年追回医保基金512.6万元，较上年的430.2万元有所增加'))).toBe(true);
  });

  it('keeps a report whose lines are its paragraphs as it is', () => {
    const plain = ['枫溆镇2023年法治政府建设情况报告', '一、主要工作', '全年调解矛盾纠纷236件，调解成功率98%。', '全年开展普法宣传活动42场，发放资料1.2万份，覆盖群众3万余人次，受到群众好评。'].join('\n');
    expect(ingestReport({ file: 'a.txt', sha256: '', format: 'text', encoding: 'utf-8', text: plain }).paragraphs).toHaveLength(2);
  });
});

describe('numbered titles, each on the line above its paragraph', () => {
  it('are titles of like length, not a text wrapped at their width; table rows between bars are no prose', () => {
    const text = readFileSync(fileURLToPath(new URL('./fixtures/formats/shengling-gaoxinqu-2024.txt', import.meta.url)), 'utf8');
    const lines = cleanLines(text);
    expect(lines).toContain('1.完善法治建设工作机制');
    expect(lines).toContain('二、存在的问题和不足');
    expect(lines).toContain('岢溪市人民政府：');
    const table = cleanLines(['| 指标 | 2023年 | 2024年 |', '| 审查规范性文件（件） | 18 | 21 |', '| 审查重大合同（份） | 112 | 135 |', '| 收到行政复议申请（件） | 146 | 203 |', '| 行政复议审结（件） | 131 | 188 |',
      '| 办理法律援助案件（件） | 512 | 587 |', '| 公证办证（件） | 6930 | 7412 |', '| 社区矫正在册人数（人） | 238 | 221 |', '二、主要做法', '（一）统筹推进法治建设。起草并印发年度工作要点。'].join('\n'));
    expect(table).toContain('| 审查重大合同（份） | 112 | 135');
  });
});

describe('other report forms', () => {
  it('a Markdown export: its heading marks give the levels, whatever the numbering under them', () => {
    const seg = segment(['# 枫溆镇人民政府关于2023年度法治政府建设工作情况的报告', '## 1. 主要工作', '### (1) 依法决策', '全年作出重大行政决策2项。', '## 3. 2024年工作打算', '1. 力争“法律明白人”达到200名。', '2. 计划新建法治文化广场2个。']);
    expect(seg.title).toBe('枫溆镇人民政府关于2023年度法治政府建设工作情况的报告');
    expect(seg.paragraphs.map((p) => p.section)).toEqual([['1. 主要工作', '(1) 依法决策'], ['3. 2024年工作打算'], ['3. 2024年工作打算']]);
  });

  it('headings in brackets: 【三、2024年工作安排】 and 【存在的问题】 hold the paragraphs under them', () => {
    const seg = segment(['枫溆镇2023年法治政府建设情况报告', '【一、主要工作】', '全年调解纠纷120件。', '【存在的问题】', '执法力量不足。', '【三、2024年工作安排】', '力争调解成功率保持在98%以上。']);
    expect(seg.paragraphs.map((p) => p.section)).toEqual([['一、主要工作'], ['存在的问题'], ['三、2024年工作安排']]);
  });

  it('a report published on one line: its title stands apart from the opening', () => {
    const items = Array.from({ length: 8 }, (_, i) => `（${'一二三四五六七八'[i]}）第${i + 1}项工作。全年开展法治宣传活动${i + 10}场，发放宣传资料${i + 2}千份，覆盖群众${i + 3}千余人次，群众满意度持续提升。`);
    const lines = cleanLines(`枫溆街道办事处关于2022年度法治政府建设工作情况的报告 2022年，岵陵省鄜阳市昶溪区枫溆街道办事处在区委、区政府的坚强领导下，扎实推进依法行政。 一、主要工作 ${items.join(' ')} 二、存在的问题 一是执法力量不足。`);
    expect(lines[0]).toBe('枫溆街道办事处关于2022年度法治政府建设工作情况的报告');
    expect(lines[1]).toMatch(/^2022年，岵陵省鄜阳市昶溪区/u);
  });
});

describe('names officials use', () => {
  it('a zone by its short name, a bureau by its usual one', async () => {
    expect(placeAliases('枫溆经济技术开发区')).toEqual(expect.arrayContaining(['枫溆经开区', '枫溆开发区']));
    expect(issuerAliases('枫溆县医疗保障局', '枫溆县')).toContain('枫溆县医保局');
    expect(issuerAliases('枫溆县退役军人事务局', '枫溆县')).toContain('枫溆县退役军人局');
    expect((await ask('枫溆开发区2023年办理行政许可事项多少件？')).answer).toContain('1245');
    expect((await ask('枫溆县医保局2023年追回医保基金多少万元？')).answer).toContain('512.6');
  });
});

describe('question readings', () => {
  it.each([
    ['枫溆县医保局2023年作出了哪几项重大行政决策？', 'list'],
    ['枫溆县是哪个地级市下面的县？', 'meta'],
    ['枫溆开发区归哪个县管？', 'meta'],
    ['枫溆县医保局的报告是报送给哪个单位的？', 'meta'],
    ['枫溆县医保局和枫溆开发区哪个调解成功的纠纷多？', 'superlative'],
    ['枫溆县医保局调解了多少起纠纷？', 'numeric'],
    ['枫溆县医保局的报告是哪个单位在哪天落款的？', 'meta'],
    ['枫溆县医保局法治政府建设主要举措有哪几个方面？', 'section'],
    ['枫溆县医保局2024年准备重点做哪些事？', 'section'],
    ['枫溆县医保局2024年在法治政府建设上有什么安排？', 'section'],
    ['枫溆县医保局在依法行政方面还有哪些问题？', 'section'],
  ])('%s → %s', (q, type) => {
    expect(questionType(q).type).toBe(type);
  });

  it('the post a who-question asks for, and the unit of a rate', () => {
    expect(askedRole('领导小组的副组长是谁？')).toBe('副组长');
    expect(askedRole('领导小组由谁任组长？')).toBe('组长');
    expect(askedRole('党工委书记和办事处主任分别是谁？')).toBe('办事处主任');
    expect(askedRole('法律顾问团队由哪位律师牵头？')).toBe('牵头');
    expect(askedRole('法律顾问是哪家律所？')).toBeNull();
    expect(questionUnit('调解成功率是多少？')).toBe('%');
    expect(questionUnit('哪个街道调解成功率最高？')).toBe('%');
    expect(questionType('甲镇和乙镇哪个罚款少？').order).toBe('min');
    expect(questionType('下一步要把审批时限压缩到多少个工作日？').aim).toBe('target');
  });
});

describe('answers', () => {
  it('who: the holder of the post asked, not its deputy', async () => {
    expect((await ask('枫溆县医保局法治政府建设领导小组的副组长是谁？')).answer).toContain('严可');
    expect((await ask('枫溆县医保局法治政府建设领导小组由谁任组长？')).answer).toContain('贺云舟');
  });

  it('the main work, by the report\'s own sub-headings', async () => {
    const r = await ask('枫溆县医保局2023年法治政府建设做了哪些工作？');
    expect(r.answer).toMatch(/^枫溆县医疗保障局（主要工作及成效）：（一）压实法治建设责任\[1\]；（二）规范重大行政决策\[2\]/u);
    expect(r.answer).toContain('（七）查处违法违规行为');
    expect(r.answer).not.toContain('存在的问题');
  });

  it('which ones: the items, not the count', async () => {
    const r = await ask('枫溆县医保局2023年作出了哪几项重大行政决策？');
    expect(r.answer).toContain('门诊统筹结算改革');
  });

  it('whom the report is addressed to, cited to the line', async () => {
    const r = await ask('枫溆县医保局2023年度法治政府建设情况报告是报送给哪个单位的？');
    expect(r.answer).toContain('枫溆县人民政府');
    expect(r.citations[0]?.text).toContain('枫溆县人民政府：');
  });

  it('a change shown as two values is worked out', async () => {
    expect((await ask('枫溆县医保局医保报销审批时限压缩了多少个工作日？')).answer).toContain('20 − 8 = 12个');
    expect((await ask('枫溆县医保局2023年行政诉讼败诉率比上年下降了多少个百分点？')).answer).toContain('4.6% − 3.1% = 1.5个百分点');
    expect((await ask('枫溆县医保局2023年追回的医保基金比上年多了多少万元？')).answer).toContain('512.6 − 430.2 = 82.4万元');
  });

  it('a figure for each thing named', async () => {
    expect((await ask('枫溆县医保局2023年受理和调解成功的医保纠纷分别是多少起？')).answer).toBe('枫溆县医疗保障局：全年受理医保纠纷64起[1]，调解成功61起[1]。');
  });

  it('the part left undone of a step named ("受理的…还有多少件没有审结")', async () => {
    expect((await ask('檀口街道2024年受理的行政复议案件中还有多少件没有审结？')).answer).toContain('10 − 8 = 2件');
  });

  it('a change asked of a sentence that shows last year\'s value beside this year\'s', async () => {
    expect((await ask('檀口街道2024年收到的行政复议申请比上年多了多少件？')).answer).toContain('12 − 9 = 3件');
  });

  it('a change stated in another unit is worked out in the unit asked', async () => {
    expect((await ask('枫溆县医保局2023年立案查处的违法违规案件比上年多了多少件？')).answer).toContain('46 − 38 = 8件');
  });

  it('a sum of every thing named, or none', async () => {
    expect((await ask('枫溆县医保局2023年发放的医疗救助金、临时救助金和门诊慢特病补助合计多少万元？')).answer).toContain('128.5 + 36.2 + 52.3 = 217万元');
  });

  it('who holds a post: its holder named, not a sentence that only names the post', async () => {
    expect((await ask('枫溆县医保局局长是谁？')).answer).toContain('贺云舟');
  });

  it('who signed the report and when', async () => {
    const r = await ask('枫溆县医保局的报告是哪个单位在哪天落款的？');
    expect(r.answer).toContain('枫溆县医疗保障局，2024年1月20日');
    expect((await ask('枫溆县医保局这份报告是报送给哪个县政府的？')).answer).toContain('枫溆县人民政府');
    expect((await ask('枫溆县医保局2023年度法治政府建设报告是报送给谁的？')).answer).toContain('枫溆县人民政府');
  });

  it('the part left undone, from figures in the unit asked', async () => {
    expect((await ask('枫溆县医保局2023年受理的医保纠纷中有几起没有调解成功？')).answer).toContain('64 − 61 = 3起');
  });

  it('some of those asked about have not: not all', () => {
    expect(polarity('9个镇街中有4个未配备专职法制审核人员', ['法制审核'], '镇街是不是都配齐了专职法制审核人员')).toBe('no');
  });

  it('a yes only from a clause with every key word of the question', () => {
    expect(polarity('收到依申请公开3件，均在法定期限内答复', ['申请', '行政复议'], '有没有被人申请行政复议', ['申请', '行政复议'])).toBeNull();
    expect(polarity('收到行政复议申请3件', ['申请', '行政复议'], '有没有被人申请行政复议', ['申请', '行政复议'])).toBe('yes');
  });

  it('a yes/no settled by a sentence that says it', async () => {
    expect((await ask('枫溆县医保局2023年发生过医保基金重大安全事件吗？')).answer).toMatch(/^没有。/u);
  });

  it('what comes next and what is lacking, in officials\' words', async () => {
    expect((await ask('枫溆县医保局2024年准备重点做哪些事？')).answer).toContain('力争医保报销审批时限压缩至5个工作日以内');
    expect((await ask('枫溆县医保局在依法行政方面还有哪些问题？')).answer).toContain('基层医保执法力量不足');
    expect((await ask('枫溆县医保局法治建设还有哪些薄弱的地方？')).answer).toContain('基层医保执法力量不足');
    expect((await ask('枫溆县医保局2024年的工作重点有哪些？')).answer).toContain('力争医保报销审批时限压缩至5个工作日以内');
  });

  it('a target asked of a year is not the next year\'s plan', async () => {
    expect((await ask('枫溆县医保局2023年医保报销审批时限的目标是多少个工作日？')).answer).not.toContain('5个工作日');
  });

  it('a plain 多 compares two reports', async () => {
    const r = await ask('枫溆县医保局和枫溆开发区哪个调解成功的纠纷多？');
    expect(r.answer).toMatch(/^枫溆经济技术开发区最多：93起/u);
  });
});

describe('changes shown as two values', () => {
  it.each([
    ['审批时限由原来的平均68个工作日压缩至32个工作日', '', '68 − 32 = 36个工作日'],
    ['败诉率4.3%，较上年的5.8%有所下降', '', '5.8% − 4.3% = 1.5个百分点'],
    ['参加人数达到1240人次，较2022年的960人次增长29.2%', '', '1240 − 960 = 280人次'],
    ['业委会组建率由2023年的46.3%提高到66.7%', '', '66.7% − 46.3% = 20.4个百分点'],
    ['调解成功571件，调解成功率97.1%，较上年调解成功523件有所增加', '', '571 − 523 = 48件'],
    ['排查矛盾纠纷312件，调解成功297件，较上年的268件有所增加', '排查矛盾纠纷', '312 − 268 = 44件'],
    ['立案办理行政处罚案件57件（上年为43件），罚没款18.7万元', '行政处罚案件', '57 − 43 = 14件'],
    ['办理行政处罚案件2318件（2023年为2041件），罚没款1267万元（2023年为1105万元）', '罚没款', '1267 − 1105 = 162万元'],
  ])('%s', (sentence, measure, shown) => {
    const change = shownChange(sentence, measure);
    expect(change && changeText(change)).toBe(shown);
  });

  it('two figures of different kinds are no change', () => {
    expect(shownChange('立案386件，结案371件')).toBeNull();
    expect(shownChange('成立调解室8个，调解成功61起')).toBeNull();
  });
});

describe('a figure of the very thing asked, or none (dev batches w16–w17)', () => {
  it('a year\'s cell of a table row named as asked, over a sentence about the same thing\'s rate', async () => {
    expect((await ask('檀口街道2024年人民调解案件是多少件？')).answer).toBe('檀口街道：2024年人民调解案件1042件[1]。');
  });

  it('a count of another step of a case answers nothing', async () => {
    expect((await ask('檀口街道2024年法律援助案件办结了多少件？')).answer).toMatch(/^未找到/u);
    expect((await ask('檀口街道2024年二审行政诉讼案件败诉了几件？')).answer).toMatch(/^未找到/u);
    expect((await ask('檀口街道2024年行政处罚结案多少件？')).answer).toMatch(/^未找到/u);
  });

  it('a target asked is not answered by what was done', async () => {
    expect((await ask('檀口街道2024年普法宣传活动的年度目标是多少场？')).answer).toMatch(/^未找到/u);
    expect((await ask('檀口街道2024年开展了多少场普法宣传活动？')).answer).toContain('42场');
  });

  it('people are not counted in cases, nor cases in people, nor a rate in either', async () => {
    expect((await ask('檀口街道2024年发生的一般道路交通事故造成几人死亡？')).answer).toMatch(/^未找到/u);
    expect((await ask('檀口街道2024年受理了多少件行政复议案件？')).answer).toContain('受理10件');
    expect((await ask('檀口街道2024年行政复议的纠错率具体是多少？')).answer).toMatch(/^未找到/u);
    expect((await ask('檀口街道2024年人民调解涉及金额是多少？')).answer).toMatch(/^未找到/u);
  });

  it('another instance of a lawsuit answers nothing, whatever is asked of it', async () => {
    expect((await ask('檀口街道行政诉讼二审判决结果如何？')).answer).toMatch(/^未找到/u);
  });

  it('everyday words for the reports\' terms', () => {
    expect(expandQuery('下暴雨的时候紧急撤出了多少群众')).toMatch(/强降雨.*转移/u);
    expect(expandQuery('开一家公司要多长时间')).toContain('企业开办');
    expect(expandQuery('把不该吃低保的清出去了多少户')).toContain('清退');
  });

  it('a 街道办事处 named is no question about 办事 (办件)', () => {
    expect(expandQuery('檀口街道办事处有没有被申请行政复议')).not.toContain('办件');
    expect(expandQuery('檀口街道帮群众办事多少件')).toContain('办件');
  });

  it('a city management bureau by the name officials use', () => {
    expect(issuerAliases('檀口区城市管理和综合执法局', '檀口区')).toEqual(expect.arrayContaining(['檀口区城管局', '檀口区综合执法局']));
    expect(issuerAliases('檀口区城市管理局', '檀口区')).toContain('檀口区城管局');
  });

  it('money asked after 多少, and a table row\'s unit in its label', () => {
    expect(questionUnit('适用首违不罚一共免除了多少罚款')).toBe('元');
    expect(questionUnit('帮工人要回了多少工钱')).toBe('元');
    expect(questionUnit('查处了多少罚款案件')).toBeNull();
  });

  it('a community named within the place is answered for itself, from the table\'s row and column that name it', async () => {
    expect((await ask('檀口街道柳塘社区2024年调解成功了多少件纠纷？')).answer).toBe('檀口街道：柳塘社区调解成功70件[1]。');
    expect((await ask('檀口街道青砖社区2024年受理了多少件纠纷？')).answer).toBe('檀口街道：青砖社区受理96件[1]。');
    expect((await ask('檀口街道青砖社区有几个市级民主法治示范社区？')).answer).toMatch(/^未找到/u);
    expect((await ask('檀口街道桂花社区2024年调解成功了多少件纠纷？')).answer).toMatch(/^(未找到|语料中没有桂花社区)/u);
  });

  it('a kind asked is its table row\'s figure, not the total a sentence states', async () => {
    expect((await ask('檀口街道2024年燃气安全类案件罚没款是多少万元？')).answer).toContain('燃气安全罚没款8.5万元');
    expect((await ask('檀口街道2024年罚没款是多少万元？')).answer).toContain('36万元');
  });

  it('which kinds a table\'s head names: its rows, totals aside', async () => {
    expect((await ask('檀口街道2024年有哪些社区？')).answer).toBe('檀口街道：青砖社区[1]、柳塘社区[2]。');
    expect((await ask('檀口街道2024年的行政处罚案件分为哪些案件类别？')).answer).toBe('檀口街道：燃气安全[1]、违法建设[2]。');
  });

  it('a sum of two communities, from their rows, or nothing', async () => {
    expect((await ask('檀口街道青砖社区和柳塘社区2024年一共受理了多少件纠纷？')).answer).toContain('96 + 75 = 171件');
    expect((await ask('檀口街道青砖社区和桂花社区2024年一共受理了多少件纠纷？')).answer).not.toMatch(/=/u);
  });

  it('a table typed with spaces keeps its head\'s columns apart', () => {
    const lines = cleanLines('各社区调解情况如下：\n社区        受理（件）    调解成功（件）\n青砖社区        96            91');
    expect(lines).toEqual(['各社区调解情况如下：', '社区 | 受理（件） | 调解成功（件）', '青砖社区 | 96 | 91']);
  });
});

describe('comparisons across places named one by one', () => {
  it('names no winner while a place named lacks the figure: what was found is shown, unanswered', async () => {
    const r = await ask('枫溆县医保局、枫溆开发区和檀口街道，哪家调解成功的纠纷最多？');
    expect(r.answered).toBe(false);
    expect(r.answer).toBe('未找到：檀口街道的报告中没有找到这一数字，无法确定哪家最多。已找到的：枫溆县医疗保障局61起[1]，枫溆经济技术开发区93起[2]。');
    expect(r.citations[0]?.text).toContain('调解成功61起');
  });

  it('a place listed beside the county above it is a place of its own; written after it, it narrows it', () => {
    expect(retriever.analyze('枫溆县、檀口街道哪个调解成功的纠纷最多？').places.map((p) => p.name)).toEqual(['枫溆县', '檀口街道']);
    expect(retriever.analyze('枫溆县檀口街道2024年调解成功了多少件？').places.map((p) => p.name)).toEqual(['檀口街道']);
  });
});


describe('a report laid out in parts, and sums and changes read across its sentences (dev batches w21–w22)', () => {
  it('a report\'s parts ("第二部分　存在的问题") are its outermost headings', async () => {
    const { paragraphs } = segment(['第一部分　主要工作', '一、依法决策。全年审查合同41份。', '第二部分　存在的问题', '一是执法力量薄弱。']);
    expect(paragraphs.map((p) => p.section)).toEqual([['第一部分　主要工作', '一、依法决策'], ['第二部分　存在的问题']]);
    expect((await ask('蔺川镇存在哪些问题？')).answer).toMatch(/^蔺川镇（第二部分存在的问题）：一是部分村干部依法办事意识不强/u);
  });

  it('a heading in brackets without a number stands at the outermost level the report uses', () => {
    const { paragraphs } = segment(['【一、加强领导】', '全年召开会议4次。', '【附：推进综合改革】', '全年下放事项89项。', '【九、2023年工作安排】', '一是深化示范创建。']);
    expect(paragraphs.map((p) => p.section)).toEqual([['一、加强领导'], ['附：推进综合改革'], ['九、2023年工作安排']]);
  });

  it('a table\'s head of years and a lead-in to a table state nothing', () => {
    expect(yearHead('项目 | 2021年 | 2022年')).toBe(true);
    expect(yearHead('行政处罚立案（件） | 52 | 64')).toBe(false);
    // A row of a table with years as rows names none of its columns either.
    expect(yearHead('2023年 | 398 | 1020.3 | 9')).toBe(true);
  });

  it('a change over the year before, its two figures in two sentences, in the unit asked', async () => {
    expect((await ask('蔺川镇2022年受理的矛盾纠纷比上年多了多少件？')).answer).toContain('274 − 231 = 43件');
    // "上年为立案52件、罚款19.8万元": last year's values listed after one 上年为; the money's, not the cases'.
    expect((await ask('蔺川镇2022年罚款比上年多了多少万元？')).answer).toContain('27.3 − 19.8 = 7.5万元');
  });

  it('the whole and its part done, stated together, though the whole\'s label names it loosely', async () => {
    expect((await ask('蔺川镇2022年立案查处的执法案件还有几件没有办结？')).answer).toContain('64 − 61 = 3件');
  });

  it('the report\'s words for one everyday phrase count as one', async () => {
    expect((await ask('蔺川镇2022年帮打工的人要回了多少工钱？')).answer).toContain('61.8万元');
  });

  it('the part of a whole asked is not the whole\'s figure', () => {
    expect(partAsked('受理的劳动争议中涉及工伤的有几件')).toBe('工伤');
    expect(partAsked('法律援助案件中有几件是为农民工办的')).toBe('农民 民工 工办');
    // What the whole names too does not tell the part from it.
    expect(partAsked('离婚登记中协议离婚的有多少对')).toBe('协议 议离');
    expect(partAsked('调解成功的矛盾纠纷中，婚姻家庭纠纷有多少件')).toBe('婚姻 姻家 家庭 庭纠');
    expect(partAsked('发放的优抚资金中伤残抚恤金是多少万元')).toBe('伤残 残抚 抚恤 恤金');
    expect(partAsked('受理的纠纷中有多少件没有调解成功')).toBeNull();
    expect(partAsked('相对集中行使的行政许可事项有多少项')).toBeNull();
    expect(namesPart('工伤', '受理劳动争议138件')).toBe(false);
    expect(namesPart('协议 议离', '离婚登记973对')).toBe(false);
    expect(namesPart('确认 认违 违法', '其中被确认违法2件')).toBe(true);
  });

  it('a rate is answered by that rate only', () => {
    expect(rateAsked('婚姻登记窗口的群众满意率是多少')).toBe('群众满意');
    expect(otherRate('群众满意', '婚姻登记合格率100%')).toBe(true);
    expect(otherRate('出庭应诉', '行政机关负责人出庭率100%')).toBe(false);
  });

  it('"报给哪一级政府" asks the addressee', async () => {
    expect((await ask('蔺川镇的报告是报给哪一级政府的？')).answer).toContain('邙阳县人民政府');
  });
});

describe('readings learnt from dev batch w23', () => {
  it('a clause of 分别 pairs the list before it with its people', async () => {
    expect((await ask('蔺川镇普法组的组长是谁？')).answer).toContain('普法组，分别由副镇长蔺清和、执法队队长邙越、司法所所长蔺舟担任组长');
  });

  it('the verb before a list is every side\'s, and three sides are added all or not at all', async () => {
    expect((await ask('蔺川镇2022年检查网吧、娱乐场所和演出场所一共多少家次？')).answer).toContain('196 + 142 + 37 = 375家次');
  });

  it('a reward asked is money', async () => {
    expect(questionUnit('给举报的人发了多少奖金')).toBe('元');
    expect((await ask('蔺川镇2022年给举报的人发了多少奖金？')).answer).toContain('1.2万元');
  });
});

describe('readings learnt from dev batches w24–w25', () => {
  it('two things compared are the sides of a difference, a year is not', () => {
    expect(measureSides('农村低保对象比城市低保对象多多少人', [])).toEqual(['农村低保对象', '城市低保对象']);
    expect(measureSides('受理的矛盾纠纷比上年多了多少件', [])).toEqual([]);
    // The words before a first side of one word are the context of them all.
    expect(measureSides('清理规范性文件时废止和修改的合计多少件', [])).toEqual(['废止', '修改']);
    // "…里" leads up to the things named, as "…中" does.
    expect(eachSides('登记的社会组织里社会团体和民办非企业单位各有多少家', [])).toEqual(['社会团体', '民办非企业']);
  });

  it('each side a row of one table, by the words that tell it from the other side', async () => {
    // "全镇共有城乡低保对象826人" names neither 农村 nor 城市.
    expect((await ask('蔺川镇2022年农村低保对象比城市低保对象多多少人？')).answer).toContain('630 − 196 = 434人');
  });

  it('a bare step\'s figure is of what its sentence counts', () => {
    const sentence = '收到行政复议申请75件，受理68件，审结61件。';
    expect(figureFor(sentence, '受理政府信息公开申请', false)?.match ?? 0).toBeLessThan(0.3);
    expect(figureFor(sentence, '受理行政复议申请', false)?.figure.text).toBe('68件');
  });

  it('a time asked is never answered by a count', () => {
    expect(questionUnit('行政复议案件平均办理天数是多少')).toBe('天');
  });
});

describe('readings learnt from dev batch w26', () => {
  it('a table with years as rows: each cell is its column\'s measure in the row\'s year', async () => {
    expect((await ask('蔺川镇2022年调解成功的纠纷比2020年多了多少件？')).answer).toContain('261 − 193 = 68件');
  });

  it('a span of years is every year in it, all added or none', async () => {
    expect((await ask('蔺川镇2020年到2022年三年一共调解成功多少件纠纷？')).answer).toContain('193 + 219 + 261 = 673件');
  });
});
