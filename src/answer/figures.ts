/**
 * Figures in a report's sentences: a number with its unit ("318件",
 * "128万元", "92%"), the words that say what it counts, and whether it is a
 * target (力争/计划/目标/拟/将…) or something done. Superlatives and
 * arithmetic compare and compute only figures whose units agree.
 */
import { withoutNames } from './sentences.js';

export interface Figure {
  /** As written ("128万元", "1,200人次"). */
  text: string;
  value: number;
  /** The unit after the number, magnitude words included ("万元", "件", "%"). */
  unit: string;
  /** The figure's label: the words since the clause's start or the figure before ("调解矛盾纠纷", "、学校卫生"). */
  before: string;
  /** The figure stands under a target word in its clause. */
  target: boolean;
  index: number;
}

const UNIT = '(?:万亿|亿元|万元|千元|元|万亩|亩|平方米|公里|万人次|人次|户次|家次|件次|场次|余件|余人|余次|余场|余份|余个|件|起|宗|人|名|位|次|场|期|个百分点|个工作日|工作日|个月|个|项|份|家|户|所|处|条|批|篇|天|日|小时|分钟|台|辆|套|卷|册|本|座|块|支|轮|部(?!门|分)|吨|张|公顷|栋|艘|例|对(?![\u4e00-\u9fff]{0,3}(?:进行|开展|实施|实行|落实|予以|给予|作出|做出|依法))|(?:万|亿)(?:人|名|户|家|件|份|册|本|条|张|次|场|个|套|块|吨|辆|台|处|项|批|篇|平方米|公里)|万|亿|%|％)';
const FIGURE = new RegExp(`(\\d+(?:[,，]\\d{3})*(?:\\.\\d+)?)\\s*(${UNIT})`, 'gu');
/**
 * Words before a figure in its clause that make it a target. "要" and "将" only
 * as words of their own: not in 主要/重要/需要/要求 ("主要负责人出庭12次" is done);
 * 将 only before what is still to do ("将于", "将继续", "将开展"), not "将近300件"
 * nor "将128名执法人员纳入…", which are done.
 */
const TARGET_BEFORE = /(力争|计划|目标|拟|争取|确保|预计|预期|努力|提高到|提升到|扩充到|控制在|保持在|将(?:于|在|继续|进一步|全面|重点|加快|大力|着力|持续|开展|实现|完成|建成|达到|推动|推进|启动|组织|新增|新建|举办|提高|提升|扩大)|(?<![主重需只纪概提摘首纲])要(?![求素件点闻案务]))/u;
/** Words after a figure that make it a target: "98%以上", "未达到95%的工作目标". */
const TARGET_AFTER = /^(以上|以内|的?(工作|年度|预期|考核|既定)?目标)/u;
/** A verb that says a figure was brought down to ("压缩至", "缩短到"): a bound after it ("以内") was reached, not set. */
const REACHED_BOUND = /(压缩|缩短|缩减|压减|减少|降低|下降|降)(至|到|为)$/u;
const CLAUSE_BREAK = /[，,；;。！？!?]/u;
/** Words that say a figure was reached, ending a plan's reach over the figures after it. */
const DONE_MARK = /(实际|已经|已|实现了|达到了|完成了|共计|累计|超额|全年)/u;

export function magnitude(unit: string): number {
  if (unit.startsWith('万亿')) return 1e12;
  if (unit.startsWith('亿')) return 1e8;
  if (unit.startsWith('万')) return 1e4;
  if (unit.startsWith('千')) return 1e3;
  return 1;
}

/** The unit a figure counts in, magnitude aside: "万元" and "元" agree, "件" and "人" do not. */
export function baseUnit(unit: string): string {
  const u = unit.replace(/^(万亿|亿|万|千|余)/u, '').replace('％', '%');
  return u === '' ? '' : u;
}

/** Units that count the same things: people as 人/名/位, places as 个/处/所, firms as 家/户, vehicles as 辆/台 (件 and 起 stay apart: on dev a 几起 question took a total counted in 件). */
const SAME_COUNT: string[][] = [['人', '名', '位'], ['个', '处', '所'], ['家', '户'], ['次', '趟', '回', '遍'], ['辆', '台']];

/**
 * What a unit counts, where that is unmistakable: people (人次 too: "多少人" may be answered by it), firms or
 * households, couples, cases, sessions held, money, vehicles and machines, a rate or a time (个, 次 and the like may count anything).
 */
type UnitKind = 'people' | 'firms' | 'couples' | 'cases' | 'copies' | 'sessions' | 'times' | 'money' | 'machines' | 'rate' | 'time';

function unitKind(unit: string): UnitKind | null {
  const u = baseUnit(unit);
  if (/^(人|名|位|人次)$/u.test(u)) return 'people';
  if (/^(家|户)$/u.test(u)) return 'firms';
  if (u === '对') return 'couples';
  if (/^(期|场)$/u.test(u)) return 'sessions';
  if (u === '次') return 'times';
  if (/^(件|起|宗|例)$/u.test(u)) return 'cases';
  if (/^(份|篇|册|本)$/u.test(u)) return 'copies';
  if (u === '元') return 'money';
  if (/^(辆|台|艘|架)$/u.test(u)) return 'machines';
  if (u === '%' || u === '个百分点') return 'rate';
  if (/^(天|日|个工作日|工作日|小时|分钟|个月)$/u.test(u)) return 'time';
  return null;
}

/** A rate: per cent or its points. */
export const isRate = (unit: string) => unitKind(unit) === 'rate';

/**
 * Units that may count one thing as reports write it: a document in 件 or 份 ("审查合同215份", "合同…件"), and times (次) as
 * sessions or cases ("开展普法活动12次", "出庭应诉8次"). Sessions are no cases, nor people, firms or copies anything but themselves.
 */
const COUNTED_ALIKE = new Set<UnitKind>(['cases', 'copies', 'sessions', 'times']);

/** A figure's unit counts another kind of thing than the unit asked: "几人死亡" is not answered by "2起", nor "多少件" by "9名". */
export function unitContradicts(unit: string, asked: string): boolean {
  const [a, b] = [unitKind(unit), unitKind(asked)];
  // A rate never counts anything ("输了几个" is not answered by "败诉率12.2%").
  if (a === 'rate' && b !== 'rate' && baseUnit(asked) !== '') return true;
  return a !== null && b !== null && a !== b && !(COUNTED_ALIKE.has(a) && COUNTED_ALIKE.has(b) && (a === 'times' || b === 'times' || a !== 'sessions' && b !== 'sessions'));
}

/** Whether a figure's unit answers a question asking in a unit ("多少人" is answered by "172名", "多少场" by "52场次"). */
export function unitAnswers(unit: string, askedUnit: string): boolean {
  const u = baseUnit(unit);
  // "多少万元" is answered by "283.5万元" and "1.2亿元" alike.
  const asked = baseUnit(askedUnit) || askedUnit;
  if (!u) return false;
  // "下降了多少个百分点": rates, and a change stated in points.
  if (asked === '个百分点' || u === '个百分点') return (u === '%' || u === '个百分点') && (asked === '个百分点' || asked === '%');
  // "多少家次" counts visits, not the firms visited ("走访企业45家"); 户次 counts them as well ("检查企业412户次").
  if (/^[家户]次$/u.test(asked)) return /^[家户]次$/u.test(u);
  if (u.startsWith(asked) || asked.startsWith(u)) return true;
  // "几天" is answered by "3个工作日", "多久" by "2小时".
  if (unitKind(u) === 'time' && unitKind(asked) === 'time') return true;
  return SAME_COUNT.some((group) => group.includes(u[0] ?? '') && group.includes(asked[0] ?? '') && u.length === asked.length);
}

/**
 * A clause that states a count of nothing: "未发生…", "无一例…", "实现“零上访”",
 * "为零", "0起". It answers "有没有" with 没有 and "多少" with none. Not 未成年/未经/无证/无讼,
 * which name things rather than deny them. "未因信息公开被起诉" states none for that cause.
 */
/** None for one cause ("未因政府信息公开被…败诉"): a statement of none, and one narrowed to that cause. */
const NONE_FOR_CAUSE = String.raw`(未|没有)因[^，。；]{2,24}?被`;
/** "零容忍", "零距离", "零跑腿": slogans of a way of working, not counts of nothing. */
const SERVICE_ZERO = '容忍|距离|门槛|跑|延|等待|成本|时差|障碍|接触|见面';
const NONE = new RegExp(String.raw`(未(?!成年|来|经)|没有|无(?![证讼纸偿障差感序效])|尚未|不曾|从未|杜绝)(发生|出现|聘请|设立|开展|收到|受理|有|发现|接到|新增|被|引发|造成)|(未(?!成年|来|经)|没有|无(?![证讼纸偿障差感序效]))[^，。；]{0,10}(案件|情况|事件|事故|问题|申请|投诉|纠纷|上访|伤亡)|为零|为0|[“"「‘]零(?!${SERVICE_ZERO})[\u4e00-\u9fff]{1,6}[”"」’]|(实现|保持|做到|确保)零(?!${SERVICE_ZERO})|零(发生|事故|投诉|增长|败诉|纠错|上访|信访|伤亡|死亡|案件|差错|违规|失误)|(?<![\d.])0(起|件|宗|例|人|次)|(案件|事件|事故|纠纷|投诉)零(件|起|宗|例|次)|无一|${NONE_FOR_CAUSE}`, 'u');

/**
 * What narrows a statement of none to some of the thing ("未发生较大以上生产安全事故", "未发生因疫情防控措施不当引发的行政诉讼"):
 * it says nothing of the rest, unless the question is narrowed the same way; so does a cause ("未因政府信息公开被…败诉").
 */
const NARROWED_NONE = new RegExp(String.raw`(较大|重大|特大|重特大|一般)(及)?以上|因[^，。；]{1,24}?(引发|导致|造成|引起)的|${NONE_FOR_CAUSE}`, 'u');

/** The text is narrowed to some of the thing where the question asked is not. */
export const narrowedAway = (text: string, asked: string): boolean => NARROWED_NONE.test(text) && !NARROWED_NONE.test(asked);

/** A statement of none that answers the question asked: not one narrowed to some of the thing the question is not. */
export const statesNoneOf = (text: string, asked: string): boolean => statesNone(text) && !narrowedAway(text, asked);

export function statesNone(text: string): boolean {
  return NONE.test(text);
}

/** A hotline's or platform's number ("12345热线", "12348公共法律服务热线", "110"): a name, not a count. */
const HOTLINE = /(?<![\d.])(?:12\d{3}|11\d|12[0-2])(?![\d.])(?=(?:政务服务|政务|便民服务|便民|市民|公共法律服务|服务|投诉举报|投诉|举报|消费者)?(?:热线|平台|专线|工单|电话))/gu;

/** A text without the numbers that name hotlines. */
export const withoutHotlines = (text: string): string => text.replace(HOTLINE, '');

const HOTLINE_AT = new RegExp(HOTLINE.source, 'uy');

/** A hotline's number starts at this index of the text. */
function hotlineAt(text: string, index: number): boolean {
  HOTLINE_AT.lastIndex = index;
  return HOTLINE_AT.test(text);
}

/** The figures of a sentence (simplified), in order. */
export function figuresOf(text: string): Figure[] {
  const out: Figure[] = [];
  for (const m of text.matchAll(FIGURE)) {
    if (!m[2] && hotlineAt(text, m.index)) continue;
    const raw = (m[1] ?? '').replace(/[,，]/gu, '');
    const unit = m[2] ?? '';
    let start = m.index;
    while (start > 0 && !CLAUSE_BREAK.test(text[start - 1] ?? '')) start--;
    const previous = out[out.length - 1];
    if (previous && previous.index + previous.text.length > start) start = previous.index + previous.text.length;
    const before = text.slice(start, m.index).replace(/^[、和及与，,\s]+/u, '');
    // A year ("2023年") or a date is not a count.
    if (/^(19|20)\d{2}$/u.test(raw) && /^(年|月)/u.test(text.slice(m.index + (m[1] ?? '').length))) continue;
    // "计划完成投资9.5亿元，新改建农村公路130公里": a plan governs the figures listed after it in its sentence, until something is said done.
    const between = previous ? text.slice(previous.index + previous.text.length, m.index) : '';
    const planned = Boolean(previous?.target) && !/[。；;！？!?]/u.test(between) && !DONE_MARK.test(between);
    out.push({
      text: m[0],
      value: Number(raw) * (unit === '%' || unit === '％' || unit === '个百分点' ? 1 : magnitude(unit)),
      unit,
      before,
      // "压缩至1个工作日以内" says what was reached; "控制在5%以内" and "98%以上" set a bound.
      target: planned || TARGET_BEFORE.test(before) || (TARGET_AFTER.test(text.slice(m.index + m[0].length)) && !REACHED_BOUND.test(before)),
      index: m.index,
    });
  }
  return out;
}

/** Shares of a phrase's character pairs found in a text: how well the words before a figure match a measure. */
/** A text's pairs of neighbouring characters ("协议离婚" → 协议, 议离, 离婚). */
export function charPairs(text: string): string[] {
  const chars = [...text];
  return chars.slice(1).map((c, i) => `${chars[i]}${c}`);
}

export function pairMatch(phrase: string, text: string): number {
  if (phrase.length < 2) return phrase && text.includes(phrase) ? 1 : 0;
  let hit = 0;
  for (let i = 0; i + 1 < phrase.length; i++) if (text.includes(phrase.slice(i, i + 2))) hit++;
  return hit / (phrase.length - 1);
}

/** The instances of a lawsuit: one is never another. */
const COURTS: string[][] = [['一审'], ['二审'], ['再审']];
/**
 * Steps a case or a dispute passes through, each as the words that name it: a count of one step is no count of another
 * ("办结了多少件" is not answered by "受理…41件", "二审败诉几件" not by "二审案件17件").
 */
const STEPS: string[][] = [['受理', '收案'], ['办结', '结案', '审结', '办毕'], ['立案'], ['调解成功', '成功调解', '调处成功', '化解成功'], ['败诉'], ['胜诉'], ['纠错'], ['裁决'], ['移送'], ...COURTS];

/** The text holds one of the words of a kind or a step. */
const holdsAny = (words: string[], text: string) => words.some((w) => text.includes(w));

/** The text names the step, and not only as left undone ("仍有31件…未能在年内办结" names no 办结). */
function namesStep(words: string[], text: string): boolean {
  return words.some((w) => text.split(w).slice(0, -1).some((before) => !/(未|没有|尚未|未能|无法)[\u4e00-\u9fff]{0,6}$/u.test(before)));
}

/** The text names a step of a case ("行政处罚立案（件） | 57 | 63"). */
export function namesAnyStep(text: string): boolean {
  return STEPS.some((words) => namesStep(words, text));
}

/** A step the thing counted names ("法律援助案件办结"), which the sentence does not. */
export function otherStep(measured: string, text: string): boolean {
  return STEPS.some((words) => words.some((w) => measured.includes(w)) && !namesStep(words, text));
}

/**
 * How well a figure names a side of a sum or difference by the step of a case the side names ("受理行政复议案件" and
 * "依法受理121件" in a sentence on 行政复议): the figure's label names that step, the rest of the side is in its sentence.
 * 0 when the side names no step or the label not the side's.
 */
export function stepMatch(side: string, label: string, sentence: string): number {
  const named = STEPS.filter((words) => holdsAny(words, side));
  if (!named.length || !named.every((words) => namesStep(words, label))) return 0;
  const rest = withoutNames(side, named.flat(), '');
  return rest.length < 2 ? 1 : pairMatch(rest, sentence);
}

/**
 * Kinds that are never one another, each as the words that name it: a lawsuit's instances, and the halves a report
 * counts apart (employees' and residents' medical insurance, town and country, criminal and civil cases, online and off,
 * food and drugs checked, a government's rules and its normative documents, the kinds of social insurance, the
 * procedures of administrative law).
 */
const CONTRASTS: string[][][] = [COURTS, [['职工'], ['居民']], [['城市'], ['农村']], [['刑事'], ['民事']], [['线上', '网上'], ['线下']], [['专职'], ['兼职']],
  [['食品'], ['药品'], ['化妆品'], ['医疗器械']], [['规章'], ['规范性文件']], [['事故'], ['案件']], [['失业保险'], ['养老保险'], ['工伤保险'], ['医疗保险', '医保']],
  // The procedures of administrative law, each counted apart ("政府信息公开申请" is not "行政复议申请", nor 行政调解 行政复议).
  [['行政复议'], ['行政诉讼', '行政应诉', '出庭应诉'], ['行政调解'], ['行政裁决'], ['信息公开'], ['行政处罚'], ['行政许可'], ['行政强制']]];

/**
 * Another kind than the one asked, and not that one ("二审结果怎样" is not answered by "一审判决管委会胜诉", "职工医保参保率"
 * not by "城乡居民医保参保率").
 */
export function otherContrasted(asked: string, text: string): boolean {
  return CONTRASTS.some((kinds) => kinds.some((c) => holdsAny(c, asked) && !holdsAny(c, text) && kinds.some((o) => o !== c && holdsAny(o, text) && !holdsAny(o, asked))));
}

/**
 * The chosen text names the kind or the step asked by its own word where the other text names another of them instead
 * ("审结案件 | 288" beside "受理仲裁案件296件" for 审结仲裁案件; "税务行政诉讼" beside "税务行政处罚").
 */
export function askedKindOver(asked: string, chosen: string, other: string): boolean {
  return CONTRASTS.some((kinds) => kinds.some((c) => holdsAny(c, asked) && holdsAny(c, chosen) && !holdsAny(c, other) && kinds.some((o) => o !== c && holdsAny(o, other))))
    || STEPS.some((words) => holdsAny(words, asked) && namesStep(words, chosen) && !namesStep(words, other));
}

/** A report's own body in its words ("审查镇政府合同", "管委会合同"): whose the thing is, not what it is. */
const OWN_BODY = /(?:[镇乡县区市]|街道)?(?:人民)?政府|管委会|办事处/gu;

/** A measure or label without the body's name for itself. */
export const withoutOwnBody = (text: string) => text.replace(OWN_BODY, '');

/** How well a figure's label and a measure name the same thing: either's character pairs found in the other. */
export function labelMatch(measure: string, label: string): number {
  const [m, l] = [withoutOwnBody(measure), withoutOwnBody(label)];
  return Math.max(pairMatch(m, l), l.length >= 2 ? pairMatch(l, m) : 0);
}

/** A label that names a step alone ("受理（件）", "审结"): what it counts is what its table or sentence is about. */
export function bareStep(label: string): boolean {
  return namesAnyStep(label) && withoutNames(label.replace(/[（(][^）)]*[）)]/gu, ''), STEPS.flat(), '').length < 2;
}

/** An amount something else involves ("涉及金额", "涉案金额"). */
export const INVOLVED = /(涉及|涉案)/u;

/**
 * The figure of a sentence that best answers a measure ("调解矛盾纠纷"): the
 * one whose own clause matches the measure best, achieved rather than target
 * unless a target is asked for, and in the unit asked when one is.
 */
export function figureFor(text: string, measure: string, wantTarget: boolean, unit: string | null = null): { figure: Figure; match: number } | null {
  let best: { figure: Figure; match: number } | null = null;
  for (const f of figuresOf(text)) {
    // A bare step ("收到行政复议申请75件，受理68件": 受理) is the step of what its sentence counts: read with the words before.
    const label = f.before.length <= 2 && namesAnyStep(f.before) ? `${text.slice(0, f.index).replace(/[\d.]+[^\d，,。；;、]{0,3}/gu, '').slice(-14)}` : f.before;
    let match = labelMatch(measure, label);
    if (f.target !== wantTarget) match *= 0.5;
    // "帮助1036名务工人员追回工资报酬2476万元" asked in money: the figure in the unit asked, over one better named in another.
    if (unit && !unitAnswers(f.unit, unit)) match *= 0.3;
    // "审查合同115份，涉及金额41.3亿元": what something else involves is not the amount asked ("追回的欠薪金额").
    if (INVOLVED.test(label) && !INVOLVED.test(measure)) match *= 0.3;
    if (!best || match > best.match) best = { figure: f, match };
  }
  return best;
}

/** Formats a computed value in the unit of the figures it came from ("151份", "1.5万元"). */
export function formatValue(value: number, unit: string): string {
  const m = unit === '%' || unit === '％' || unit === '个百分点' ? 1 : magnitude(unit);
  const v = value / m;
  const shown = Number.isInteger(v) ? String(v) : String(Number(v.toFixed(4)));
  return `${shown}${unit.replace(/^余/u, '')}`;
}
