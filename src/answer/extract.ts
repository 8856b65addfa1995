/**
 * Extractive answering: from the retrieved paragraphs, the sentence or clauses
 * that answer, chosen by the question's type and by how much of the question's
 * content they hold.
 */
import { toSimplified } from '../ingest/script.js';
import type { Hit, TermStats } from '../retrieve/retriever.js';
import { everydayPhrases } from '../retrieve/thesaurus.js';
import { askedKindOver, baseUnit, figuresOf, INVOLVED, namesAnyStep, otherContrasted, otherStep, narrowedAway, pairMatch, statesNone, unitAnswers, unitContradicts, withoutHotlines, type Figure } from './figures.js';
import { asSentence, enumeratedItems, hasFigure, leadOfItems, splitClauses, splitSentences, startsItem, type Sentence } from './sentences.js';
import { CHANGE_BY_VERB, conditionFigure, countedThing, coverage, measuredPhrase, NAMED_MONEY, namesPart, partAsked, PER_UNIT, questionUnit, rarity, type Aim, type QuestionType, type SectionKind, type Term, type TokenLookup, yesnoAsked } from './question.js';
import { DEFAULT_TUNING, type Tuning } from './tuning.js';
import { charCoverage, type CharWeight } from './characters.js';
import { BRACKETED_UNIT, TABLE_ROW, tableCells, undoneParts, yearHead } from './compose.js';

export interface Evidence {
  hit: Hit;
  /** The answering text in the report's script and in simplified form. */
  quote: string;
  quoteSimplified: string;
  /** Lexical strength: the question's content found in the sentence, adjusted for the question's type. */
  strength: number;
  /** The sentence holds the question's rarest word. */
  key: boolean;
  /** …or its paragraph does: the sentence goes on about what the one before it names ("…12345热线工单4318件；…满意率为93.7%"). */
  keyInParagraph: boolean;
  /** The question's content characters the sentence holds (characters.ts): what is left of a paraphrase's overlap. */
  chars: number;
  /** How far the paragraph's dense cosine is below the closest of those read (0 for the closest; Infinity without a dense signal). */
  belowClosest: number;
  /** The sentence has what the question's type asks for: a figure (in the unit asked), a name, several things named. */
  shaped: boolean;
  /** A figure is asked for and the sentence states none (nor that there was none), or not the one the question states ("成功率达到了100%"). */
  figureless: boolean;
  /**
   * The sentence counts another kind of the thing asked: half of the rarest compound word of the measure asked is there
   * and the other half is not ("生产安全事故" for "交通事故", "生产…" for "生产总值"), or its opposite ("非税收入" for "税收收入").
   */
  otherKind: boolean;
  /** A who-question asking a post's holder: the sentence holds that post ("组长是谁" is not answered by "任副组长"). */
  holdsPost: boolean;
  /** …and names the person who holds it ("县长邵鸿哲"): such a sentence answers however little else of the paragraph is asked. */
  holder: boolean;
  /**
   * How many of the corpus's paragraphs use the rarest word of the thing counted, where this report never writes it and
   * the sentence holds few of its characters ("收养登记" against "结婚登记2874对"); 0 otherwise.
   */
  unwritten: number;
}

/**
 * Whether evidence answers: never a sentence without the figure asked for;
 * lexical strength with the question's rarest word; or, when the paragraph is
 * close in meaning, weaker lexical strength, or (a paraphrase that shares few
 * words) the paragraph closest in meaning whose sentence has the shape asked
 * and most of the question's characters. Without a dense signal (a
 * lexical-only Worker) the lexical rule alone decides.
 */
export function answers(e: Evidence, tuning: Tuning): boolean {
  if (e.figureless || e.otherKind) return false;
  // The reports' own word for the thing counted, absent from the whole report: a sentence close in meaning counts something else.
  if (e.unwritten >= tuning.reportsWord) return false;
  if (e.hit.dense !== null && e.hit.dense < tuning.floorDense && !(e.holder && e.key)) return false;
  if (e.strength >= tuning.minEvidence && e.key) return true;
  if (e.hit.dense === null || e.hit.dense < tuning.minDense) return false;
  // A paraphrase: the paragraph closest in meaning, with most of the question's characters in the sentence.
  return e.strength >= tuning.semanticEvidence || (e.belowClosest <= tuning.nearDense && e.shaped && e.chars >= tuning.minChars);
}

/**
 * The report states the measure asked for another kind than the one asked, in the question's rarest word, more strongly
 * than the sentence chosen ("城乡居民医保基金支出" for 职工医保基金支出): that sentence, without the word and answering only
 * as a paraphrase, is a neighbour of the measure ("追回医保基金"), not the measure.
 */
export function outweighedByOtherKind(chosen: Evidence, others: Evidence[], asked: string): boolean {
  // Not by a sentence of another step or kind where the one chosen names the one asked ("审结案件 | 288" beside "受理仲裁案件296件").
  return !chosen.key && others.some((e) => e.otherKind && e.key && e.strength > chosen.strength && !askedKindOver(asked, chosen.quoteSimplified, e.quoteSimplified));
}

export interface ExtractContext {
  type: QuestionType;
  section?: SectionKind;
  terms: Term[];
  search: string;
  lexical: TermStats;
  /** How much each character says, for the character overlap of a paraphrase. */
  chars: CharWeight;
  /** The closest dense cosine of everything retrieved: a report's best paragraph is not close in meaning for being its report's best. */
  closest?: number;
  aim?: Aim;
  /** The post a who-question asks a person for (question.ts askedRole). */
  role?: string | null;
  /** Quote whole sentences (a computation reads every figure of them). */
  whole?: boolean;
  /** Whether a report writes a word anywhere. */
  reportWrites?: (docId: string, word: string) => boolean;
  /** The weight of saying what a yes or no asks (tuning.ts predicateShare). */
  predicateShare?: number;
}

/** Names a who-question wants: a firm, a lawyer, a person holding a post, a body that leads. */
const NAMED = /(律师事务所|事务所|[\u4e00-\u9fff]{2,3}(律师|同志|主任|书记|镇长|乡长|局长|主任)|由[\u4e00-\u9fff]{2,12}(负责|牵头|承担|兼任|担任)|牵头|兼任|担任)/u;

/**
 * A person named by post: a title and a name of two to four characters before what the person does
 * ("区长魏星澜切实履行", "副主任邵映川任副组长", "律师阮清越牵头", "主任欧阳慎之带头", "局长苏日古格认真", "副主任童庆丰分管"),
 * or "由鲁星河兼任"; no name holds a 或 or a 和 ("负责人或分管负责人").
 */
const PERSON = /((书记|主任|区长|县长|市长|镇长|乡长|局长|律师|组长|队长|所长|院长|科长|站长|主席|专家|教授|负责人)(?!事务所)(?:(?![或和及与的])[\u4e00-\u9fff]){2,4}(?=[任兼担为、，,。；（(]|牵头|负责|分管|主管|具体|同志|主持|带队|带头|切实|认真|亲自|作为|等)|由[\u4e00-\u9fff]{2,3}(?:兼任|担任|任(?!务)))/u;

/** Titles a post asked may end in: "管委会主任" is found as 主任, "法律顾问团队负责人" as 负责人. */
const TITLE = /(副?组长|副?主任|副?局长|书记|副?镇长|副?乡长|副?区长|副?县长|副?市长|队长|所长|院长|站长|科长|主席|律师|顾问|负责人|责任人)$/u;

/** Posts one person holds: the sentence must name who holds it, not only the post ("以局长为组长" names no 局长). */
const HELD = /^(副?组长|副?主任|副?局长|书记|副?镇长|副?乡长|副?区长|副?县长|副?市长|队长|所长|院长|站长|科长|主席)$/u;
/** What may follow a name: a break, or a character that starts a verb ("局长贺云舟切实履行", "局长蒋慕华代表", "主任岑雪颖具体负责", "主任邵佳音对…负总责"). */
const AFTER_NAME = '(?=[任兼担为、，,。；（(代带作主出牵负同切认亲等在到率参组召讲分多先履全严坚始积深高具统抓督协对])';

/**
 * The text names the post asked (by its title), not only its deputy ("组长" is not in "任副组长"); for a post one person
 * holds, with its holder: "局长贺云舟" or "贺云舟任组长".
 */
function holdsRole(text: string, role: string): boolean {
  const core = TITLE.exec(role)?.[1] ?? role;
  if (HELD.test(core)) {
    const deputy = core.startsWith('副') ? '' : '(?<!副)';
    // "组长由县司法局基层科科长罗秉坤兼任", "钟汉明同志兼任办公室主任": the holder's own post and the post's office between;
    // "管委会主任陈映泓切实履行…职责，担任开发区…领导小组组长": the sentence's subject takes the post in a clause of its own;
    // "镇长钱穗年担任法治政府建设领导小组组长": the holder, then the post with its body between.
    // Not a word ending in 任 ("管委会主任经济责任审计" names no 主任).
    return new RegExp(`${deputy}${core}(?![任兼担为])[\u4e00-\u9fff]{2,4}(?<![责主担信](?=任))${AFTER_NAME}|${deputy}${core}由[^，,。；;]{0,12}?[\u4e00-\u9fff]{2,3}(?:同志)?(?:兼任|担任|任)|[\u4e00-\u9fff]{2,3}(?:同志)?(?:任|兼任|担任|为)[\u4e00-\u9fff]{0,3}?${deputy}${core}|[，,]并?(?:兼任|担任)[^，,。；;]{0,14}?${deputy}${core}|[\u4e00-\u9fff]{2,3}(?:同志)?(?:兼任|担任)[^，,。；;]{0,14}?${deputy}${core}`
      // "中心主任为郑梧桐": the post, then who holds it (not "以局长为组长", whose second post is no name).
      + `|${deputy}${core}(?:为|是|系)(?!副|组长|组员|成员|主任|局长|书记|第一|召集)[\u4e00-\u9fff]{2,3}(?:同志)?(?=[，,。；;（(]|$)`
      // "局长：韦振邦", a line of the report's own.
      + `|${deputy}${core}[：:]\s*[\u4e00-\u9fff]{2,3}(?=[，,。；;\s]|$)`, 'u').test(text);
  }
  // "法律顾问制度" names a system, not the post; "律师事务所" a firm, not a lawyer.
  const posts = text.split(new RegExp(`${core}(?!制度|工作|作用|机制|服务|事务所)`, 'u'));
  return core.startsWith('副') ? posts.length > 1 : posts.slice(0, -1).some((before) => !before.endsWith('副'));
}

/**
 * A sentence that names several things ("婚姻家庭纠纷142件、邻里纠纷219件", "一是…", "包括…", "“拿地即开工”“交地即交证”"):
 * what a "哪些/哪几类" question wants.
 */
const ENUMERATES = /[、；;]|[一二三四五]是|包括|其中|分别|主要有|涉及|[：:]$|[”"」』][“"「『]/u;
const COUNTED_THEN_NAMED = /[\d两二三四五六七八九十]+\s*(项|个|类|种|条|件|大|方面)[，,：:]?(分别为|分别是|包括|即|主要有|主要是)/u;

/** How a sentence's figures suit the aim: a target asked for wants a target figure, a done one a done figure. */
function aimFactor(text: string, aim: Aim | undefined, unit: string | null = null): number {
  // The figures in the unit asked decide ("压缩了多少个工作日": "压缩至5个工作日", not "不少于30场").
  const all = figuresOf(text);
  const inUnit = unit ? all.filter((f) => unitAnswers(f.unit, unit)) : [];
  const figures = inUnit.length ? inUnit : all;
  if (!figures.length) return 1;
  const targets = figures.filter((f) => f.target).length;
  if (aim === 'target') return targets ? 1 : 0.6;
  return targets === figures.length ? 0.6 : 1;
}

/**
 * How a sentence suits a question about what there is at a point in time ("截至年底总共有多少市场主体"): a stock
 * ("实有市场主体累计达到6.42万户") over a year's new ones ("新登记各类市场主体9871户").
 */
const STOCK_ASKED = /(截至|截止|到)[^，。]{0,10}(年底|年末|底|末)|(总共|一共|共|现|实|目前|还)有(多少|几)|累计|总数|总量|存量|在册|保有/u;
// Not 累计, which a running count of events says as well ("累计记分31人次").
const STOCK_SAID = /(实有|现有|总数|共有|总量|存量|在册|保有|年末|年底|截至|截止)/u;
const FLOW_SAID = /(新增|新登记|新注册|新设立|新发展|新建|新招|新引进|新批)/u;
const FLOW_ASKED = /新(增|开|办|设|登记|注册|建|招|引进|发展|批|成立|上)/u;
function stockFactor(text: string, search: string): number {
  if (!STOCK_ASKED.test(search) || FLOW_ASKED.test(search)) return 1;
  return STOCK_SAID.test(text) ? 1.25 : FLOW_SAID.test(text) ? 0.8 : 1;
}

const MAX_QUOTE = 130;

/** A clause that pairs the things listed before it with its own, one by one ("分别由…担任", "分别为"). */
const RESPECTIVELY = /^分别/u;

/** A numbered item's title: its numbering and a few words, no clause and no figure. */
const ITEM_TITLE = /^(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[.．、](?!\d))[^，,；;：:\d]{2,24}[。.]?$/u;

/** A sentence that only leads in to what follows it ("对比如下表：", "详见下表", "现将有关情况报告如下"). */
const LEAD_IN = /(如下表?|见下表|见附表|下表所示)[：:。.]?$/u;

/** Units a figure of another unit never answers. */
const STRICT_UNITS = /^(元|%|个百分点|辆|天|个工作日|小时|吨|公斤|千克|亩|平方米|公里)$/u;

/** A number other than a date or a heading's numbering ("88.4分", "24部"), or a statement that there was none. */
const countsSomething = (s: string) => /\d/u.test(withoutHotlines(s).replace(/^\s*[\d.．、]+/u, '').replace(/(19|20)\d{2}(?=\s*[年—\-－~～至]|\s*$)/gu, '').replace(/\d{1,2}月(\d{1,2}日)?/gu, '')) || statesNone(s);

/** A figure, or a statement that there was none ("未发生行政诉讼案件" answers "几起" with none). */
const figureLike = (s: string) => hasFigure(s) || statesNone(s);

function joinClauses(clauses: Sentence[], from: number, to: number): { text: string; simplified: string } {
  const part = clauses.slice(from, to + 1);
  return { text: asSentence(part.map((c) => c.text).join('')), simplified: asSentence(part.map((c) => c.simplified).join('')) };
}

/**
 * Trims a sentence to the clauses that carry the answer: the clause that best
 * matches the question, through the clause with the figure, extended while the
 * next clauses add figures of the same kind ("调解率100%，成功率98.9%").
 */
function trimToClauses(sentence: Sentence, ctx: ExtractContext): { text: string; simplified: string } {
  if (sentence.text.length <= MAX_QUOTE * 0.75) return { text: asSentence(sentence.text), simplified: asSentence(sentence.simplified) };
  const clauses = splitClauses(sentence.text);
  if (clauses.length <= 1) return { text: asSentence(sentence.text), simplified: asSentence(sentence.simplified) };
  const wantFigure = ctx.type === 'numeric';
  const role = ctx.type === 'who' ? ctx.role : null;
  // "矛盾调处组、执法监督组、普法宣传组，分别由韩淼、汪炯、潘湘担任组长": a clause of 分别 is read with the list before it.
  const read = (i: number) => (RESPECTIVELY.test(clauses[i]?.search ?? '') && i > 0 ? `${clauses[i - 1]?.search ?? ''}${clauses[i]?.search ?? ''}` : clauses[i]?.search ?? '');
  const scores = clauses.map((c, i) => coverage(ctx.terms, ctx.lexical.tokenSet(read(i))) * (wantFigure ? aimFactor(c.search, ctx.aim) * stockFactor(c.search, ctx.search) : 1)
    + (role && holdsRole(c.search, role) ? 1 : 0) + (role && PERSON.test(c.search) ? 0.5 : 0));
  // A figure in the unit asked carries the answer; one that counts something else ("由7名律师组成" for "多少份") does not.
  const unit = wantFigure ? questionUnit(ctx.search) : null;
  const bonus = clauses.map((c) => {
    if (!wantFigure || !figureLike(c.search)) return 0;
    const figures = figuresOf(c.search);
    if (!unit || !figures.length) return 0.15;
    return figures.some((f) => unitAnswers(f.unit, unit)) ? 0.3 : figures.every((f) => unitContradicts(f.unit, unit)) ? 0 : 0.15;
  });
  let best = 0;
  scores.forEach((s, i) => {
    if (s + (bonus[i] ?? 0) > (scores[best] ?? 0) + (bonus[best] ?? 0)) best = i;
  });
  let from = best;
  let to = best;
  if (wantFigure && !figureLike(clauses[best]?.search ?? '')) {
    while (to + 1 < clauses.length && !figureLike(clauses[to]?.search ?? '')) to++;
  }
  // A clause that starts with a figure or a bare verb leans on the one before it for its subject.
  while (from > 0 && (/^[\d其共累计并且和及、]/u.test(clauses[from]?.search ?? '') || RESPECTIVELY.test(clauses[from]?.search ?? '')) && to - from < 3) from--;
  // "由镇长谭青禾任组长，作为法治政府建设第一责任人": a clause that opens with its verb has its subject, the person asked, before it.
  if (ctx.type === 'who') {
    const named = () => clauses.slice(from, to + 1).some((c) => PERSON.test(c.search));
    while (!named() && from > 0 && best - from < 2 && /^(作为|担任|兼任|任|负责|牵头|主持|分管|具体负责)/u.test(clauses[from]?.search ?? '')) from--;
  }
  const length = () => clauses.slice(from, to + 1).reduce((n, c) => n + c.text.length, 0);
  while (to + 1 < clauses.length && hasFigure(clauses[to + 1]?.search ?? '') && length() + (clauses[to + 1]?.text.length ?? 0) <= MAX_QUOTE) to++;
  while (length() > MAX_QUOTE && to > best) to--;
  // "聘请了哪家律师事务所": the clause naming the firm, if the one chosen does not ("…由县司法局牵头组建，聘请…律师事务所…").
  if (ctx.type === 'who' && FIRM_NAMED.test(ctx.search) && !clauses.slice(from, to + 1).some((c) => /事务所/u.test(c.search))) {
    const at = clauses.findIndex((c, i) => i > to && i <= to + 2 && /事务所/u.test(c.search));
    if (at > 0) to = at;
  }
  // "哪家律所、哪两位律师": a firm and its lawyers asked together, each in a clause of its own beside the other.
  if (ctx.type === 'who' && FIRM_ASKED.test(ctx.search) && PERSONS_ASKED.test(ctx.search)) {
    for (const wanted of [(t: string) => /事务所/u.test(t), (t: string) => PERSON.test(t)]) {
      const has = () => clauses.slice(from, to + 1).some((c) => wanted(c.search));
      if (!has() && wanted(clauses[to + 1]?.search ?? '')) to++;
      if (!has() && from > 0 && wanted(clauses[from - 1]?.search ?? '')) from--;
    }
  }
  return joinClauses(clauses, from, to);
}

/** A who-question asking a firm ("哪家律所") and one asking persons too ("哪两位律师", "由谁"). */
const FIRM_ASKED = /律所|事务所|哪家/u;
/** A law firm asked by name ("哪家律师事务所", "哪家律所"). */
const FIRM_NAMED = /律所|事务所/u;
const PERSONS_ASKED = /哪[一两二三几]?[位名]|哪些(律师|人)|谁/u;

/**
 * A compound word of two two-character halves ("交通事故"), one half in the text and not one character of the other
 * ("法治考试" still answers "法律考试").
 */
export function halfThere(word: string, text: string): boolean {
  const w = toSimplified(word);
  if (w.length !== 4) return false;
  const [a, b] = [w.slice(0, 2), w.slice(2)];
  const none = (half: string) => ![...half].some((c) => text.includes(c));
  return (text.includes(a) && none(b)) || (text.includes(b) && none(a));
}

/**
 * A four-character word's sibling is in the text and the word is not: its first half with another second half ("行政诉讼" for
 * 行政复议), none of whose characters the text holds. Not the word's second half alone ("调解" for 人民调解), which is the word.
 */
function siblingIn(word: string, text: string): boolean {
  const w = toSimplified(word);
  if (w.length !== 4 || text.includes(w)) return false;
  const [a, b] = [w.slice(0, 2), w.slice(2)];
  return new RegExp(`${a}[\u4e00-\u9fff]{2}`, 'u').test(text) && ![...b].some((c) => text.includes(c));
}

/** The thing a list question asks the kinds of ("查处的案件主要包括哪几类" → 案件). */
export function listedKind(search: string): string | null {
  return /([\u4e00-\u9fff]{2})(?:都|主要|还|又)*(?:包括|包含|有|分为|涉及|是)?(?:哪几类|哪几种|哪些类|哪些类型|哪些种类)/u.exec(search)?.[1] ?? null;
}

// A share or a proportion is named as a rate is ("…引发的占比达到37%": 引发; "住院费用报销比例": 报销).
const RATE = /([\u4e00-\u9fff]{2})的?(?:率|占比|比重|比例)/gu;

/** The rate a question asks, by the words before its 率 ("群众满意率是多少" → 群众满意, "出庭应诉率" → 出庭应诉). */
export function rateAsked(search: string): string | null {
  return /([\u4e00-\u9fff]{2,4})率(?:具体|究竟|到底)?(?:是|为|达到|有)?(?:多少|几)/u.exec(search)?.[1] ?? null;
}

/**
 * The text states rates, none of them the one asked ("合格率100%" for "满意率"): no character of a rate's name (the two
 * before its 率) among the words asked ("出庭率" is the "出庭应诉率").
 */
export function otherRate(rate: string, text: string): boolean {
  const named = [...text.matchAll(RATE)].map((m) => m[1] ?? '');
  return named.length > 0 && named.every((n) => ![...n].some((c) => rate.includes(c)));
}

/** The text names the word's opposite kind, never the word itself ("非税收入" for "税收收入"). */
export function negatedKind(word: string, text: string): boolean {
  const w = toSimplified(word);
  return w.length >= 2 && !text.includes(w) && text.includes(`非${w[0]}`);
}

/** A figure stated per head or period, or as a standard: by its clause ("每人每月860元", "补助标准为1.2万元") or after it ("580元/人"). */
const perHeadFigure = (f: Figure, text: string) => /每|标准/u.test(f.before) || /^(\/|每)/u.test(text.slice(f.index + f.text.length));

/** The kinds of thing a title in 《》 is, by how the title ends. */
const TITLE_KINDS: [RegExp, RegExp][] = [
  [/^(法律|法规|法律法规|条例|规章|法律规章|法规规章)$/u, /《[^》]{2,}(法|条例|规定|办法|规则|细则)》/u],
  [/^(制度|规定|办法|规章制度)$/u, /《[^》]{2,}(制度|规定|办法|规则|细则|机制|规程)》/u],
  [/^(文件|规范性文件|政策文件)$/u, /《[^》]{2,}》/u],
];
const titledAs = (word: string, text: string) => TITLE_KINDS.some(([kind, title]) => kind.test(word) && title.test(text));

/** The best answering sentence of each given paragraph, scored. */
export function bestSentences(hits: Hit[], ctx: ExtractContext): Evidence[] {
  const measured = ctx.type === 'numeric' ? measuredPhrase(ctx.search) : null;
  const thing = ctx.type === 'numeric' ? countedThing(ctx.search) : null;
  const predicate = ctx.type === 'yesno' ? yesnoAsked(ctx.search) : null;
  const predicateShare = ctx.predicateShare ?? DEFAULT_TUNING.predicateShare;
  const unit = ctx.type === 'numeric' ? questionUnit(ctx.search) : null;
  const condition = conditionFigure(ctx.search);
  // The question's own figure, after its term ("成功率达到了100%"): a sentence states it there.
  // A count stated bare, without a verb ("14个社区法律顾问…开展了多少次", "9个乡镇都配了…吗"), says which things, wherever
  // the paragraph names them; not a whole a part is asked of ("3516件行政处罚案件中，…办了多少件").
  const bare = condition !== null && !condition.verb && !condition.figure.endsWith('%')
    && !new RegExp(`${condition.figure}[^，,？?]{0,12}(中|里|当中)`, 'u').test(ctx.search);
  const near = !condition ? null : bare ? new RegExp(`(?<![\\d.])${condition.figure}`, 'u')
    : new RegExp(`${condition.term}[^，。；,;]{0,8}${condition.figure.replace(/\./g, '\\.')}`, 'u');
  // "调解成功率达到97%了吗", "完成年初定的700件目标了吗": whether is settled by the figure the thing reached, in the unit
  // asked ("调解成功率97.8%"), and by the figure asked named otherwise ("年初确定的700件").
  const reached = condition && ctx.type === 'yesno' ? new RegExp(`${condition.term.slice(-1)}[^，。；,;]{0,8}\\d+(?:\\.\\d+)?${condition.figure.replace(/^[\d.]+/u, '')}`, 'u') : null;
  const part = ctx.type === 'numeric' ? partAsked(ctx.search) : null;
  const rate = ctx.type === 'numeric' ? rateAsked(ctx.search) : null;
  const perHead = ctx.type === 'numeric' && ((unit !== null && baseUnit(unit) === '元' && PER_UNIT.test(ctx.search)) || (unit === null && /标准(是|为)?多少/u.test(ctx.search)));
  const listed = ctx.type === 'list' ? listedKind(ctx.search) : null;
  const namedMoney = measured !== null && NAMED_MONEY.test(measured) && !INVOLVED.test(ctx.search);
  const kindAsked = ctx.type === 'list' ? /哪些(方面|领域|类型|类别|种类|行业|环节)/u.exec(ctx.search)?.[1] : undefined;
  const undone = undoneParts(ctx.search);
  // "人次比上年增长了多少": a change may be answered in per cent, whatever the count's unit.
  const changeAsked = CHANGE_BY_VERB.test(ctx.search);
  // The question's rarest word ("护照" in "怎么办理护照"): lexical evidence that lacks it does not answer.
  // Words equally rare are equally the key: which one a report writes ("信访" or "上访") is not for the order of the question to decide.
  const rarest = Math.max(...ctx.terms.map(rarity));
  const keyTerms = ctx.terms.filter((t) => rarity(t) === rarest);
  const words = ctx.terms.map((t) => t.word);
  const closest = ctx.closest ?? Math.max(...hits.map((h) => h.dense ?? 0));
  // The thing counted, in the reports' own word (not one put in for an everyday phrase): what was done, not a target or a change.
  // Only when every rarest word is of the thing counted.
  const counted = measured !== null && ctx.aim !== 'target' && !changeAsked ? keyTerms.filter((t) => t.rarity === undefined && measured.includes(t.word)) : [];
  const reportWrites = ctx.reportWrites;
  const countedWords = reportWrites && counted.length === keyTerms.length ? counted : [];
  // The reports use a compound ("总收入") as much as its head, its last two characters ("收入"), which is what makes it their word.
  const used = (t: Term) => Math.max(ctx.lexical.documentFrequency(t.tokens[0] ?? ''), t.word.length >= 3 ? ctx.lexical.documentFrequency(`b:${t.word.slice(-2)}`) : 0);
  const uses = Math.min(...countedWords.map(used));
  const writesFor = (t: Term, text: string) => t.rarity !== undefined && t.tokens.some((k) => k.startsWith('w:') && text.includes(k.slice(2)));
  // A part asked in everyday words ("复议案件里被纠正的") is named by the report's term for them ("纠错42件").
  const partNamed = (text: string) => namesPart(part, text) || (part !== null && ctx.terms.some((t) => part.split(' ').every((p) => t.word.includes(p)) && writesFor(t, text)));
  // …unless that word goes with an everyday phrase, next to it, whose report's term the sentence writes ("新开的公司" as
  // 新登记市场主体, "私搭乱建的房子" as 违法建设): the question's words are the everyday ones, not the report's. Not a phrase
  // written in one of the report's own terms ("行政处罚听证会", "垃圾分类执法罚款").
  const beside = (word: string, phrase: string) => {
    const [w, p] = [ctx.search.indexOf(word), ctx.search.indexOf(phrase)];
    const gap = w < p ? p - (w + word.length) : w - (p + phrase.length);
    return phrase.includes(word) || (w >= 0 && p >= 0 && gap >= 0 && gap <= 3);
  };
  const phrases = countedWords.length ? everydayPhrases(ctx.search)
    .filter((p) => !p.terms.some((term) => ctx.search.includes(term)) && countedWords.some((t) => beside(t.word, p.phrase))) : [];
  const unwrittenIn = (docId: string, sentence: string) => reportWrites && countedWords.length > 0
    && countedWords.every((t) => !reportWrites(docId, t.word) && [...t.word].filter((c) => sentence.includes(c)).length * 2 < t.word.length)
    && !phrases.some((p) => p.terms.some((term) => sentence.includes(term))) ? uses : 0;
  const out: Evidence[] = [];
  hits.forEach((hit, rank) => {
    const sentences = splitSentences(hit.paragraph.text);
    const heading = hit.paragraph.section.join(' ');
    const headingTokens = ctx.lexical.tokenSet(heading);
    // Read only of a figure asked (extractive.ts), so the paragraph is tokenised only then.
    const paragraphTokens = ctx.type === 'numeric' ? ctx.lexical.tokenSet(hit.paragraph.simplified) : null;
    const keyInParagraph = !keyTerms.length || (paragraphTokens !== null && keyTerms.some((t) => coverage([t], { has: (x) => paragraphTokens.has(x) || headingTokens.has(x) }) > 0.5));
    type Read = { s: Sentence; score: number; key: boolean; chars: number; shaped: boolean; figureless: boolean; otherKind: boolean; holdsPost: boolean; holder: boolean };
    let best: Read | null = null;
    // The strongest sentence not of another kind: where it names the kind asked over the best's ("行政复议申请47件，受理41件"
    // beside "行政诉讼一审案件23件，审结19件"), it is chosen, and the best is kept beside it.
    let same: Read | null = null;
    for (const [i, s] of sentences.entries()) {
      // A table's head and a lead-in to a table or a list ("主要指标完成情况如下表") state nothing.
      // …but a lead-in may itself name what a list asks ("围绕食品安全、产品质量、价格秩序等重点领域加大执法力度，主要执法数据如下").
      if (yearHead(s.search) || (LEAD_IN.test(s.search) && !(ctx.type === 'list' && /、/u.test(s.search)))) continue;
      // An item's title run into its paragraph ("九、依法做好草原防火和安全生产。严格落实…") names the topic; what was done is after it.
      if (i === 0 && sentences.length > 1 && ctx.type !== 'section' && ITEM_TITLE.test(s.search)) continue;
      // The sentence's own tokens, its heading's and, for an item of a list, those of the sentence before, read as one.
      const sets = [ctx.lexical.tokenSet(s.search), headingTokens];
      // "其中食品安全案件142件、…": the items of a list lean on the sentence before for what they are items of.
      if (ctx.type === 'list' && i > 0 && /^其中/u.test(s.search)) sets.push(ctx.lexical.tokenSet(sentences[i - 1]!.search));
      // A word inside a longer one the segmenter keeps whole ("事务所" in "明粒律师事务所") is there all the same.
      const inside = new Set<string>();
      for (const t of ctx.terms) for (const x of t.tokens) if (x.startsWith('w:') && x.length >= 5 && s.search.includes(x.slice(2))) inside.add(x);
      // A title in 《》 is a thing of its kind: "《疫苗管理法》" is a 法律, "《…实施办法》" a 制度 and every title a 文件.
      for (const t of ctx.terms) if (titledAs(t.word, s.search)) for (const x of t.tokens) inside.add(x);
      const tokens: TokenLookup = { has: (x) => inside.has(x) || sets.some((set) => set.has(x)) };
      let score = coverage(ctx.terms, tokens);
      // A word the corpus never uses is there only when most of its character pairs are ("中秋节" is not in "赶秋节").
      const key = !keyTerms.length || keyTerms.some((t) => coverage([t], tokens) > 0.5);
      // Only of the thing counted: a rarest word elsewhere in the question ("公职人员" beside "工作人员") may be a synonym.
      const kindElsewhere = measured !== null && keyTerms.some((t) => measured.includes(t.word) && ((!key && halfThere(t.word, s.simplified)) || negatedKind(t.word, s.simplified)));
      // A table row's steps are in its column heads, which are not in the row, unless its label names one ("行政处罚立案（件）").
      const stepElsewhere = measured !== null && !undone && (!TABLE_ROW.test(hit.paragraph.text) || namesAnyStep(s.simplified)) && otherStep(measured, s.simplified);
      const otherKind = kindElsewhere || stepElsewhere
        // A word of the thing counted that only the heading holds, its sibling in the sentence ("行政诉讼" under a heading on 行政复议).
        || (thing !== null && ctx.terms.some((t) => thing.includes(t.word) && heading.includes(t.word) && siblingIn(t.word, s.simplified)))
        || otherContrasted(ctx.search, s.simplified)
        || (rate !== null && otherRate(rate, s.simplified));
      let shaped = true;
      let figureless = false;
      if (ctx.type === 'numeric') {
        const figures = figuresOf(s.search);
        // A table row's figures stand bare, their unit in the row's label ("追回劳动报酬（万元） | 467 | 584").
        const rowUnit = TABLE_ROW.test(hit.paragraph.text) ? BRACKETED_UNIT.exec(s.search)?.[1] : undefined;
        // "二百余场": a count in Chinese numerals is in the unit asked, though no figure is read of it.
        // …not by what something else involves ("审查合同132份，涉及金额18.6亿元" for "支付了多少顾问费", "到位资金"), unless
        // what is asked is that amount ("合同总共多大金额", "一共赔了多少钱").
        const inUnit = !unit || figures.some((f) => unitAnswers(f.unit, unit) && !(namedMoney && INVOLVED.test(f.before))) || (rowUnit !== undefined && unitAnswers(rowUnit, unit))
          || new RegExp(`[一二两三四五六七八九十百千]+余?${unit}`, 'u').test(s.search)
          // …and so is one the figures do not read whole ("1.2万余亩", "560余吨").
          || (!figures.some((f) => baseUnit(f.unit) === baseUnit(unit)) && new RegExp(`\\d[\\d.,]*\\s*[万千亿]?余?${unit}`, 'u').test(s.search));
        // A year or a heading's number is no figure: a sentence without a count does not answer "多少".
        // Money and rates asked are answered in money and rates only ("罚了多少钱" is not "立案15件").
        // …and a count of people is never answered by a count of cases, nor either by money or a rate ("几人死亡" by "2起").
        figureless = (!figures.length && !countsSomething(s.search)) || (!inUnit && STRICT_UNITS.test(baseUnit(unit ?? '')))
          || (!inUnit && figures.length > 0 && figures.every((f) => unitContradicts(f.unit, unit ?? '') && !(changeAsked && baseUnit(f.unit) === '%')))
          || (!inUnit && rowUnit !== undefined && unitContradicts(rowUnit, unit ?? ''));
        // "未发生较大以上生产安全事故" says nothing of how many lesser ones there were, unless those above are what is asked.
        // …where every clause that states none is so narrowed ("行政复议案件零件，未发生因执法不当引发的群体性事件" states none of all).
        const nones = figures.length ? [] : splitClauses(s.search).filter((c) => statesNone(c.simplified));
        if (nones.length && nones.every((c) => narrowedAway(c.simplified, ctx.search))) figureless = true;
        // …nor does it where its other clauses count other things ("收到依申请公开173件，…未发生因信息公开引发的行政诉讼败诉案件").
        const about = splitClauses(s.search).filter((c) => keyTerms.some((t) => c.simplified.includes(t.word)));
        if (about.length && about.every((c) => statesNone(c.simplified) && narrowedAway(c.simplified, ctx.search))) figureless = true;
        // "低保标准是每人每月多少元", "补助标准是多少": money per head or a standard is not answered by a sum paid out
        // ("发放低保金6843.7万元").
        if (perHead && !figures.some((f) => (!unit || unitAnswers(f.unit, unit)) && perHeadFigure(f, s.search))) figureless = true;
        // "受理的劳动争议中涉及工伤的有几件": a sentence that does not name the part counts the whole, and so does one that
        // names it in no figure's clause ("败诉13件…，主要集中在征收拆迁和土地领域").
        if (!partNamed(s.simplified) || (figures.length > 0 && !figures.some((f) => partNamed(f.before)))) figureless = true;
        shaped = !figureless && inUnit;
        if (!figureLike(s.search)) score *= 0.4;
        if (measured) score *= 0.5 + 0.5 * pairMatch(measured, s.search);
        score *= aimFactor(s.search, ctx.aim, unit) * stockFactor(s.search, ctx.search);
        // A table's row holds what was done, year by year, unless it says otherwise ("目标值").
        if (rowUnit !== undefined && ctx.aim === 'target' && !/(目标|计划|预期)/u.test(s.search)) score *= 0.6;
        if (!inUnit) score *= 0.75;
      }
      // "全年作出重大行政决策3项，分别为…", "…2项，即A和B": the things counted, then named, are a list however they are
      // joined, over a list of something else beside them ("落实公众参与、专家论证…五项法定程序").
      const countedThenNamed = ctx.type === 'list' && COUNTED_THEN_NAMED.test(s.search);
      if (ctx.type === 'list' && !ENUMERATES.test(s.search) && !countedThenNamed) {
        shaped = false;
        score *= 0.7;
      }
      if (countedThenNamed) score *= 1.3;
      // "主要涉及哪些方面": a list closed by that kind's word ("涉及邻里关系、婚姻家庭…等方面") is the one asked.
      if (kindAsked && new RegExp(`、[^，。；]{1,16}等${kindAsked}`, 'u').test(s.search)) score *= 1.5;
      // "案件主要包括哪几类": a sentence whose items are each such a thing ("食品安全案件142件、价格违法案件41件")
      // lists them; one that names several things of one such thing ("商标侵权、假冒专利等…案件16件") does not.
      const kinds = listed ? s.search.split(listed).length - 1 : 0;
      // The more such things it names, the more it is the list ("其中山林纠纷37件、婚姻家庭纠纷46件、邻里纠纷52件").
      if (kinds >= 2) score *= 1 + 0.1 * Math.min(kinds, 5);
      // …and one that names that kind once at most lists other things ("小事不出村、大事不出乡").
      else if (listed) shaped = false;
      if (ctx.type === 'who' && !NAMED.test(s.search) && !PERSON.test(s.search)) {
        shaped = false;
        score *= 0.6;
      }
      // "聘请了哪家律师事务所": a sentence naming no firm ("法律顾问团由县司法局牵头组建") names no answer.
      if (ctx.type === 'who' && FIRM_NAMED.test(ctx.search) && !/事务所/u.test(s.search)) {
        shaped = false;
        score *= 0.5;
      }
      // "副组长是谁": the sentence holds that post (by its title), best with a person named in it.
      const holdsPost = ctx.type !== 'who' || !ctx.role || holdsRole(s.search, ctx.role);
      if (!holdsPost) {
        shaped = false;
        score *= 0.6;
      } else if (ctx.type === 'who' && ctx.role) {
        if (PERSON.test(s.search)) score *= 1.3;
        // "法制办公室主任": the post with its office, over another office's 主任.
        if (ctx.role.length > 2 && s.search.includes(ctx.role.slice(-4))) score *= 1.3;
      }
      if (near) {
        const text = (bare ? hit.paragraph.simplified : s.search).replace(/\s+/gu, '');
        if (!near.test(text) && !reached?.test(text)) {
          figureless = true;
          score *= 0.3;
        }
      }
      // "办理行政处罚时有没有举行过听证": of a paragraph's sentences, the one saying what is asked was done ("举行听证5次"),
      // not the one about its context ("办理行政处罚案件428件").
      if (predicate) score *= 1 - predicateShare + predicateShare * pairMatch(predicate, s.simplified);
      score *= 1 - Math.min(rank, 10) * 0.02;
      const chars = charCoverage(words, s.simplified, ctx.chars);
      // Where no sentence shares the question's words (a paraphrase), the one sharing most of its characters is the candidate.
      const holder = ctx.type === 'who' && !!ctx.role && holdsPost && PERSON.test(s.search);
      const read: Read = { s, score, key, chars, shaped, figureless, otherKind, holdsPost, holder };
      if (!otherKind && (!same || score > same.score)) same = read;
      if (!best || score > best.score || (score === best.score && chars > best.chars)) best = read;
    }
    const evidence = (b: Read): Evidence => {
      const quote = !ctx.whole && (ctx.type === 'numeric' || ctx.type === 'who' || ctx.type === 'fact' || (ctx.type === 'yesno' && b.s.text.length > MAX_QUOTE))
        ? trimToClauses(b.s, ctx)
        : { text: asSentence(b.s.text), simplified: asSentence(b.s.simplified) };
      const belowClosest = hit.dense === null ? Infinity : closest - hit.dense;
      const unwritten = unwrittenIn(hit.paragraph.docId, b.s.simplified);
      return { hit, quote: quote.text, quoteSimplified: quote.simplified, strength: b.score, key: b.key, keyInParagraph: b.key || keyInParagraph, chars: b.chars, belowClosest, shaped: b.shaped, figureless: b.figureless, otherKind: b.otherKind, holdsPost: b.holdsPost, holder: b.holder, unwritten };
    };
    if (!best) return;
    if (best.otherKind && same && askedKindOver(ctx.search, same.s.simplified, best.s.simplified)) out.push(evidence(same));
    out.push(evidence(best));
  });
  return out.sort((a, b) => b.strength - a.strength);
}

const PROBLEM_HEADING = /(问题|不足|短板|差距|困难|薄弱)/u;
const WORK_HEADING = /(主要工作|主要举措|主要做法|工作举措|工作成效|主要成效|取得的成效|工作开展情况|工作情况|进展)/u;
const PLAN_HEADING = /(下一步|计划|打算|安排|思路|展望|工作重点|要点|今后)/u;

/**
 * A paragraph of the report's plans for the years ahead: under a 下一步/打算 heading, or, in a report without headings,
 * announcing them before its items ("2020年，我区将从以下几方面推进…：一是…").
 */
export const inPlans = (hit: Hit) => PLAN_HEADING.test(toSimplified(hit.paragraph.section[0] ?? ''))
  || (!hit.paragraph.section.length && announces(hit.paragraph.simplified) === 'plans');

/** How long a paragraph's words before its items may be and still stand for a heading. */
const LEAD_CHARS = 40;
/** What is yet to be done, announced ("将重点做好以下工作", "要抓好如下几项"). */
const PLANS_AHEAD = /(将|要|拟)[^。；;]*(以下|如下)/u;

/** What the words before a paragraph's items stand for as a heading would: its problems, its plans, or neither. */
function announces(text: string): 'problems' | 'plans' | null {
  const lead = leadOfItems(text);
  if (lead === null || lead.length > LEAD_CHARS) return null;
  // "针对上述问题，下一步将…" names both, and is of the plans.
  if (PLAN_HEADING.test(lead) || PLANS_AHEAD.test(lead)) return 'plans';
  return PROBLEM_HEADING.test(lead) ? 'problems' : null;
}

/** A paragraph of the report's problems (under a 存在的问题/不足 heading). */
export const inProblems = (hit: Hit) => PROBLEM_HEADING.test(toSimplified(hit.paragraph.section[0] ?? ''));

/** A report's opening paragraph, before its sections ("在区委、区政府的正确领导下", "现将有关情况报告如下"). */
const PREAMBLE = /(领导下|现将[^。]{0,16}(报告|总结)如下)/u;
export const inPreamble = (hit: Hit) => !hit.paragraph.section.length && PREAMBLE.test(toSimplified(hit.paragraph.text));

/** The item a paragraph contributes to a list of a section: its own heading or its first sentence. */
function itemOf(hit: Hit): { text: string; simplified: string } {
  const sentences = splitSentences(hit.paragraph.text);
  const first = sentences.length > 1 && isInlineHeading(sentences[0]?.simplified ?? '', hit) ? sentences[1] : sentences[0];
  const sub = hit.paragraph.section[1];
  if (sub && !hit.paragraph.text.startsWith(sub.slice(0, 4))) {
    const simplifiedSub = splitSentences(sub)[0]?.simplified ?? sub;
    return { text: sub, simplified: simplifiedSub };
  }
  return { text: first?.text ?? hit.paragraph.text, simplified: first?.simplified ?? hit.paragraph.simplified };
}

/**
 * "深化“放管服”改革有哪些措施", "在优化营商环境方面采取了哪些措施": the paragraphs of the work under the one heading that
 * names what is asked (nearly every pair of its characters), its measures; none when no heading or more than one does.
 */
export function headedParagraphs(hits: Hit[], topic: string): Hit[] {
  const asked = topic.replace(/[^\u4e00-\u9fff]/gu, '');
  if (asked.length < 4) return [];
  const heads = new Map<string, Hit[]>();
  for (const h of hits) {
    const head = h.paragraph.section[h.paragraph.section.length - 1];
    if (!head || inProblems(h) || inPlans(h)) continue;
    heads.set(head, [...(heads.get(head) ?? []), h]);
  }
  const named = [...heads].filter(([head]) => pairMatch(asked, toSimplified(head).replace(/[^\u4e00-\u9fff]/gu, '')) >= HEADING_NAMES);
  return named.length === 1 ? named[0]![1].sort((a, b) => a.paragraph.ordinal - b.paragraph.ordinal) : [];
}
/** How much of what a list question asks a heading must hold to be its heading. */
const HEADING_NAMES = 0.8;

/** A paragraph that is a heading the segmenter could not tell from text: short, unpunctuated ("存在的问题", "第二部分 下一步打算"). */
const isBareHeading = (text: string) => text.length <= 40 && !/[，,。；;：:]/u.test(text.replace(/[。]$/u, ''));

/**
 * Paragraphs of the report's "problems" or "plans" section, in report order:
 * under a heading of that kind, or, where headings stayed paragraphs, after
 * such a heading paragraph until the next heading paragraph.
 */
export function sectionParagraphs(hits: Hit[], kind: SectionKind): Hit[] {
  const heading = kind === 'problems' ? PROBLEM_HEADING : kind === 'work' ? WORK_HEADING : PLAN_HEADING;
  const ordered = [...hits].sort((a, b) => a.paragraph.ordinal - b.paragraph.ordinal);
  const under = ordered.filter((h) => heading.test(toSimplified(h.paragraph.section[0] ?? '')));
  if (under.length) return under;
  const out: Hit[] = [];
  let inside = false;
  for (const h of ordered) {
    const text = toSimplified(h.paragraph.text);
    if (isBareHeading(text)) inside = heading.test(text);
    else if (inside) out.push(h);
  }
  if (out.length || kind === 'work') return out;
  // A report without headings announces the section in the paragraph that lists it ("街道还存在一些薄弱环节：一是…",
  // "2025年，街道将重点做好以下工作：一是…").
  return ordered.filter((h) => announces(h.paragraph.simplified) === kind);
}

const NUMBERING = /^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+部分\s*)/u;

/** A sentence that only repeats the section's own heading ("七、存在的不足和下一步打算。"), run into its paragraph: no item of it. */
const isInlineHeading = (sentence: string, hit: Hit) => {
  const bare = sentence.replace(NUMBERING, '').replace(/[。：:]$/u, '');
  return isBareHeading(sentence) && bare.length >= 2 && toSimplified(hit.paragraph.section[0] ?? '').replace(NUMBERING, '') === bare;
};

/** Items of a section quoted at most: a summary, each cited, not the section retyped. */
const MAX_ITEMS = 6;

export function sectionItems(hits: Hit[], kind?: SectionKind): { hit: Hit; text: string; simplified: string }[] {
  const seen = new Set<string>();
  const out: { hit: Hit; text: string; simplified: string }[] = [];
  // The main work, by its sub-headings ("（一）强化组织领导"): its paragraphs' own enumerations are details, not items.
  const subs = kind === 'work' ? hits.filter((h) => h.paragraph.section[1]) : [];
  if (subs.length >= 2) {
    for (const hit of subs) {
      const text = hit.paragraph.section[1] ?? '';
      const simplified = toSimplified(text);
      if (seen.has(simplified)) continue;
      seen.add(simplified);
      out.push({ hit, text, simplified });
    }
    return out;
  }
  // A table in the section ("任务 | 2025年目标" over "新引进项目 | 55个"): each row below its head is an item, read by the head.
  let head: { text: string[]; simplified: string[] } | null = null;
  for (const [i, hit] of hits.entries()) {
    if (TABLE_ROW.test(hit.paragraph.text) && /[|｜\t]/u.test(hit.paragraph.text)) {
      const row = { text: tableCells(hit.paragraph.text), simplified: tableCells(hit.paragraph.simplified) };
      if (row.text.every((c) => /^:?-{2,}:?$/u.test(c))) continue;
      if (!head || i === 0 || !TABLE_ROW.test(hits[i - 1]!.paragraph.text)) {
        head = row;
        continue;
      }
      const read = (cells: string[], names: string[]) => (names.length === cells.length
        ? `${cells[0]}：${cells.slice(1).map((c, j) => `${names[j + 1]}${c}`).join('，')}` : cells.join('：'));
      out.push({ hit, text: read(row.text, head.text), simplified: read(row.simplified, head.simplified) });
      continue;
    }
    head = null;
    // "一是…；二是…": a paragraph that enumerates gives each of its items.
    const items = enumeratedItems(hit.paragraph.text);
    if (items.length) {
      for (const text of items) {
        const simplified = toSimplified(text);
        if (seen.has(simplified)) continue;
        seen.add(simplified);
        out.push({ hit, text, simplified });
      }
      continue;
    }
    if (hit.paragraph.chunk && hit.paragraph.chunk > 1) continue;
    // Problems or plans written as one paragraph of sentences ("…；管委会法制机构人员仅3名…；…"): each sentence is one.
    const sentences = hits.length === 1 && (kind === 'problems' || kind === 'plans') ? splitSentences(hit.paragraph.text).filter((x) => !isInlineHeading(x.simplified, hit)) : [];
    if (sentences.length >= 2) {
      for (const x of sentences.slice(0, MAX_ITEMS)) out.push({ hit, text: x.text, simplified: x.simplified });
      continue;
    }
    const item = itemOf(hit);
    if (seen.has(item.simplified)) continue;
    seen.add(item.simplified);
    out.push({ hit, ...item });
  }
  return out;
}

/**
 * The items a sentence announces ("采取了以下四项措施："): the paragraphs after
 * it that open as items, or the items enumerated after it in its own paragraph;
 * each as its first sentence.
 */
export function announcedItems(hit: Hit, paragraphs: Hit[]): { hit: Hit; text: string; simplified: string }[] {
  const text = hit.paragraph.text.trim();
  const colon = Math.max(text.lastIndexOf('：'), text.lastIndexOf(':'));
  if (colon < 0) return [];
  const inline = enumeratedItems(text.slice(colon + 1));
  if (inline.length >= 2) return inline.map((item) => ({ hit, text: item, simplified: toSimplified(item) }));
  if (colon < text.length - 1) return [];
  const out: { hit: Hit; text: string; simplified: string }[] = [];
  for (const next of [...paragraphs].sort((a, b) => a.paragraph.ordinal - b.paragraph.ordinal)) {
    if (next.paragraph.ordinal <= hit.paragraph.ordinal) continue;
    if (!startsItem(next.paragraph.text)) break;
    const first = splitSentences(next.paragraph.text)[0];
    if (first) out.push({ hit: next, text: first.text, simplified: first.simplified });
  }
  return out;
}
