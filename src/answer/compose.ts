/**
 * Answer shapes beyond quoting one sentence: the winner of a comparison across
 * reports, a sum or difference computed from cited figures, yes or no read
 * from the evidence's polarity, and facts about a report itself (issuer,
 * date, place, year) cited to the line that states them.
 */
import type { ReportDocument } from '../schema.js';
import type { Hit } from '../retrieve/retriever.js';
import { statedValue } from '../ingest/clean.js';
import { addressedTo } from '../ingest/describe.js';
import { toSimplified } from '../ingest/script.js';
import { filingProvince, provinceStem } from '../place/places.js';
import { splitClauses, splitSentences, withoutNames } from './sentences.js';
import { baseUnit, charPairs, figureFor, figuresOf, formatValue, labelMatch, magnitude, namesAnyStep, otherStep, pairMatch, statesNone, statesNoneOf, stepMatch, unitAnswers, unitContradicts, withoutOwnBody, type Figure } from './figures.js';
import { IN, NOT_PASSED, questionUnit, thresholdAsked, type MetaKind, type Threshold } from './question.js';
import type { Part } from './cite.js';

export type { Part } from './cite.js';

export interface Measured {
  part: Part;
  figure: Figure;
}

/** The measure a comparison or a sum is about: the question without places, years and question words. */
export function measureOf(search: string, placeWords: string[]): string {
  return withoutNames(search.replace(/(19|20)\d{2}\s*年度?/gu, ' '), placeWords)
    // What is left of "袂鞅镇（2023年）、…三家": brackets, the places' count, the joins between them, "各自报告年度里".
    .replace(/[（(][^）)]*[）)]|[两二三四五六七八九十\d]+(家|地|处|方)|(以及|[和与及跟])(?=\s|$)|^\s*(以及|[和与及跟])|各自|(在|于)?(报告|统计)?(年度|期)(里|内|中)/gu, ' ')
    .replace(/(请问|哪个|哪一个|哪家|哪些|谁|最多|最高|最少|最低|最大|最小|更多|更高|更少|更低|排名|一共|合计|总共|共计|总计|加起来|之和|相差|多少|几|是|的|了|吗|呢|分别|各个|各|街道|乡镇|街镇|部门|单位|三个|两个|两地|[？?，,。、\s])/gu, ' ')
    .replace(/\s+/gu, '');
}

/** Every sentence of the given paragraphs as a piece to cite. */
export function sentenceParts(hits: Hit[]): Part[] {
  return hits.flatMap((hit) => splitSentences(hit.paragraph.text).map((s) => ({ hit, text: s.text, simplified: s.simplified })));
}

/**
 * The figure among these pieces that answers the measure: its label matches
 * the measure, its unit is the one asked ("多少场" wants 场), and it is a
 * target only when a target is asked for.
 */
export function bestFigure(parts: Part[], measure: string, unit: string | null, wantTarget: boolean, minLabel: number, sentenceLabel: number): Measured | null {
  let best: { m: Measured; score: number } | null = null;
  parts.forEach((part, rank) => {
    const found = figureFor(part.simplified, measure, wantTarget, unit);
    if (!found) return;
    const unitOk = !unit || unitAnswers(found.figure.unit, unit);
    // The figure's own clause, or less surely its sentence up to it ("…为街道常年法律顾问，全年审查街道合同协议58份").
    const match = Math.max(found.match, sentenceLabel * pairMatch(withoutOwnBody(measure), withoutOwnBody(part.simplified.slice(0, found.figure.index))));
    const score = match * (unitOk ? 1 : 0.3) * (1 - Math.min(rank, 20) * 0.01);
    if (!best || score > best.score) best = { m: { part, figure: found.figure }, score };
  });
  const chosen = best as { m: Measured; score: number } | null;
  return chosen && chosen.score >= minLabel ? chosen.m : null;
}

/** Figures of one measure whose units agree: the unit most of them share. */
export function agreeing(items: Measured[]): Measured[] {
  const count = new Map<string, number>();
  for (const m of items) count.set(baseUnit(m.figure.unit), (count.get(baseUnit(m.figure.unit)) ?? 0) + 1);
  let unit = '';
  for (const [u, n] of count) if (!unit || n > (count.get(unit) ?? 0)) unit = u;
  return items.filter((m) => baseUnit(m.figure.unit) === unit);
}

/** The unit to show a computed value in: the first figure's, when all share a magnitude; else the base unit. */
function showUnit(items: Measured[]): string {
  const units = new Set(items.map((m) => m.figure.unit.replace(/^余/u, '')));
  return units.size === 1 ? [...units][0] ?? '' : baseUnit(items[0]?.figure.unit ?? '');
}

/**
 * "87 + 64 = 151份" or "341 − 287 = 54次": the sum or (positive) difference of figures, shown. Figures without a unit
 * (a table's cells) are counted in the unit asked ("多了几件"), unless that is money or a rate, whose magnitude or
 * meaning the cells do not say.
 */
export function compute(items: Measured[], operation: 'sum' | 'difference', asked: string | null = null): { text: string; value: number } | null {
  if (items.length < 2) return null;
  // A count and a rate, or counts of different things ("评查案卷110卷" and "优秀率87.3%"), add to nothing.
  const [first] = items;
  if (items.some((m) => unitContradicts(m.figure.unit, first!.figure.unit) || unitContradicts(first!.figure.unit, m.figure.unit))) return null;
  const unit = showUnit(items) || (asked && !/[%元]/u.test(asked) ? asked : '');
  const shown = (m: Measured) => formatValue(m.figure.value, unit).replace(unit, '');
  if (operation === 'sum') {
    const value = items.reduce((s, m) => s + m.figure.value, 0);
    return { text: `${items.map(shown).join(' + ')} = ${formatValue(value, unit)}`, value };
  }
  const [a, b] = [...items.slice(0, 2)].sort((x, y) => y.figure.value - x.figure.value) as [Measured, Measured];
  const value = a.figure.value - b.figure.value;
  // Two rates differ by points, not per cent ("91.4 − 85 = 6.4个百分点").
  const points = a.figure.unit === '%' && b.figure.unit === '%' ? `${formatValue(value, '')}个百分点` : formatValue(value, unit);
  return { text: `${shown(a)} − ${shown(b)} = ${points}`, value };
}

/** A change asked in per cent ("增长了百分之几", "增幅是多少"). */
const PERCENT_CHANGE = /(百分之几|百分之多少|增长率|增幅|降幅|涨幅|增长(了)?多少%)/u;

/**
 * The sum or difference of figures the question asks, shown; a difference asked in per cent ("增长了百分之几") as the
 * change over the earlier year's figure where the two figures' years are known.
 */
export function workOut<M extends Measured>(items: M[], operation: 'sum' | 'difference', search: string, year: (m: M) => number | null = yearOf): { text: string; value: number } | null {
  return (operation === 'difference' && PERCENT_CHANGE.test(search) ? growth(items, year) : null) ?? compute(items, operation, questionUnit(search));
}

/**
 * The change of a figure over the year before, in per cent of the earlier year's ("(687 − 612) ÷ 612 = 12.3%"): two
 * counts of known years in one unit; null for rates, whose change is in points.
 */
function growth<M extends Measured>(items: M[], year: (m: M) => number | null): { text: string; value: number } | null {
  if (items.length !== 2 || items.some((m) => /^[%％]$/u.test(baseUnit(m.figure.unit)))) return null;
  const [a, b] = items as [M, M];
  const [ya, yb] = [year(a), year(b)];
  if (ya === null || yb === null || ya === yb || baseUnit(a.figure.unit) !== baseUnit(b.figure.unit)) return null;
  const [before, after] = ya < yb ? [a, b] : [b, a];
  if (!before.figure.value) return null;
  const value = ((after.figure.value - before.figure.value) / before.figure.value) * 100;
  const unit = showUnit(items);
  const shown = (m: M) => formatValue(m.figure.value, unit).replace(unit, '');
  return { text: `(${shown(after)} − ${shown(before)}) ÷ ${shown(before)} = ${Number(value.toFixed(1))}%`, value };
}

/** "立案的案件中还有多少件没有结案", "不是网上办理的有多少件", "有几家不合格": the part not done (结案, 网上办理, 合格) of a whole. */
const UNDONE = new RegExp(String.raw`(?:没有|没(?!收)|未(?!成年|来)|尚未|不是|不属于|${NOT_PASSED})([\u4e00-\u9fff]{1,8}?)(?:的|[？?]|$)`, 'u');

/** What says a thing is not so ("不合格", "未整改", "没有办结"). */
export const notSo = (state: string): RegExp => new RegExp(`(不|未|没有?)${state}`, 'u');

/**
 * "抽检合格的有多少批次" of "完成…抽检2460批次，检出不合格47批次": the whole and, right after it in its unit, the part the
 * sentence says is not what is asked (不合格, 未通过); none where the sentence counts what is asked itself ("合格2413批次"),
 * or the question asks the part that is not.
 */
export function wholeAndNot(sentence: string, search: string, unit: string | null): [Figure, Figure] | null {
  const figures = figuresOf(sentence).filter((f) => !f.target && (!unit || unitAnswers(f.unit, unit)));
  for (const [i, f] of figures.entries()) {
    const state = /(?:不|未|没有?)([\u4e00-\u9fff]{2})$/u.exec(f.before)?.[1];
    if (!state || !search.includes(state)) continue;
    const negated = notSo(state);
    if (negated.test(search) || figures.some((g) => g.before.includes(state) && !negated.test(g.before))) return null;
    const whole = figures[i - 1];
    return whole && whole.value > f.value && baseUnit(whole.unit) === baseUnit(f.unit) && labelMatch(search, whole.before) > 0 ? [whole, f] : null;
  }
  return null;
}

/** "受理的纠纷里有多少件没调解成": the question asks the part of a whole left undone. */
export function undoneParts(search: string): boolean {
  return UNDONE.test(search);
}

/**
 * What joins two things asked ("和", "以及", "加上", "跟"); not 同, nor a joining character inside a word ("合同", "同比",
 * "跟踪", "涉及", "及时", "和解", "参与").
 */
const JOINED = /以及|加上|、|(?<![涉普危波顾触提论])及(?!时)|(?<![调共温平缓])和(?![谐睦]|解(?![除散决聘冻封禁押]))|(?<![参给授赋])与|跟(?![踪进])/u;

/** The two things a question adds or compares within one report ("婚姻家庭纠纷和邻里纠纷一共…"), each as a measure. */
export function measureSides(search: string, placeWords: string[]): string[] {
  // "立案的案件中还有多少件没有结案", "不是网上办理的有多少件": the whole (立案的案件) and the part done (结案, 网上办理).
  // "还剩几项任务没完成": what is left is asked as 还有 is.
  const undone = UNDONE.exec(search);
  if (undone?.[1]) {
    // "受理的行政复议申请中，年底还有多少件未审结": the whole is what the part is of, without 中 and the time it is counted at.
    const whole = measureOf(search.slice(0, undone.index).replace(/(中|里)?[，,]?(截至|截止|到)?(年底|年末|目前|当前|当年|年内)?(还有|还剩|剩下|有)?(多少|几)[\u4e00-\u9fff]?$|(还有|还剩|剩下)?(多少|几)[\u4e00-\u9fff]?(?=[\u4e00-\u9fff]{2,}$)/u, ''), placeWords)
      .replace(/(当中|中|里)$/u, '');
    if (whole.length >= 2) return [whole, undone[1]];
  }
  // "职工医保基金收支相抵结余多少": its income and its spending.
  const balance = /^(.+?)收支(相抵|结余|差额|差)/u.exec(search);
  if (balance?.[1]) {
    const of = measureOf(balance[1], placeWords);
    if (of.length >= 2) return [`${of}收入`, `${of}支出`];
  }
  // "农村低保对象比城市低保对象多多少人": the two things compared (not a year: "比上年多了多少" is a change).
  const versus = /^(.+?)比(.+?)(多|少|高|低)了?(多少|几)/u.exec(search) ?? /^(.+?)(?:减去|减掉|扣除|扣掉)(.+?)[，,]?(?:后|以后)?(?:结余|剩余|还剩|剩下|等于|是|为|有)?(多少|几)/u.exec(search);
  if (versus?.[1] && versus[2] && !/^(上年|去年|上一年|前年|(19|20)\d{2}年?度?|同期)$/u.test(versus[2].trim())) {
    // "法律援助案件里，民事比刑事多几件": the whole both are parts of is no word of the first.
    const first = new RegExp(`^.+?${IN}[，,]?(.{2,})$`, 'u').exec(versus[1])?.[2] ?? versus[1];
    const compared = [measureOf(first, placeWords), measureOf(versus[2], placeWords)];
    if (compared.every((s) => s.length >= 2)) return compared;
  }
  // "噪声和大气两类加起来": the count of the things joined is no part of either.
  const core = search.replace(/(一共|合计|总共|共计|总计|加起来|之和|相差|差多少|多少|几).*$/u, '').replace(/(这|这些)?[两二三四](类|项|个|种|者|部分|方面|样)$/u, '');
  let joined = core.split(JOINED);
  // "管委会及所属部门涉及的行政复议和行政诉讼案件": a side that ends in what 的 qualifies opens the things joined; those
  // joined before it are of the words that qualify them, not things to add.
  const opens = joined.findLastIndex((side, i) => i > 0 && i < joined.length - 1 && /的[\u4e00-\u9fff]{2,}$/u.test(side));
  if (opens > 0) joined = [joined[opens]!.replace(/^.*的/u, ''), ...joined.slice(opens + 1)];
  // "清理规范性文件时，废止和宣布失效的": a clause before the first side's comma is the context of them all.
  if (joined.length >= 2) joined[0] = joined[0]!.replace(/^.*[，,](?=[\u4e00-\u9fff]{2,}$)/u, '');
  const sides = joined.map((side) => measureOf(side, placeWords)).filter((x) => x.length >= 2);
  if (sides.length < 2) return [];
  // "清理规范性文件时废止和修改的": the words before a first side of one word, beside others of one word, are the context
  // of them all.
  if (sides.slice(1).every((s) => s.length === 2) && sides[0]!.length >= 5) sides[0] = sides[0]!.slice(-2);
  return sides;
}

/** A report's own area ("全市", "本街道"): a place, not a measure. */
const SCOPE = /(全|本)(省|市|区|县|镇|乡|街道|旗)|辖区/gu;
/** A figure given as last year's ("较上年的367件", "上年为118件"). */
const LAST_YEARS = /((较|比|同比)(上年|去年|上一年)(同期)?的?|(上年|去年)(同期)?(为|是)?)$/u;
/** A table row's name without the report's own area before it ("全县公职律师" → 公职律师), unless that is all of it. */
const ownRow = (row: string) => row.replace(SCOPE, '') || row;

/**
 * The question joins places, not measures ("琮阳市全市和汀兰街道…相差多少"): a side of its "和" holds no measure
 * once its places are taken out. Two figures of one report do not answer it.
 */
export function joinsPlaces(search: string, placeWords: string[]): boolean {
  const core = search.replace(/(一共|合计|总共|共计|总计|加起来|之和|相差|差多少|多少|几).*$/u, '');
  const sides = core.split(JOINED);
  return sides.length >= 2 && sides.some((side) => side.trim().length >= 2 && measureOf(side, placeWords).replace(SCOPE, '').length < 2);
}

/**
 * The figures of the parts a report states, one for each thing named by its label, or null if one is missing: first all
 * in one paragraph, each matching at least `togetherLeast` (tuning.ts `sidesTogether`), else each anywhere matching at
 * least 0.6.
 */
function sideFigures(candidates: Measured[], sides: string[], wantTarget: boolean, togetherLeast: number): Measured[] | null {
  // What tells a side from the others ("农村低保对象" from "城市低保对象": 农村) must be in its figure's label.
  const own = new Map(sides.map((side) => [side, ownPairs(side, sides)]));
  const named = (side: string, m: Measured) => {
    const distinct = own.get(side) ?? [];
    if (distinct.length && side.length > 2 && !distinct.some((pair) => m.figure.before.includes(pair))) return 0;
    // A side named by its step ("受理…案件") is the figure of that step in a sentence on the rest of it ("依法受理121件").
    const step = stepMatch(side, m.figure.before, m.part.simplified);
    return Math.max(labelMatch(side, m.figure.before), step >= 0.5 ? 0.6 + 0.4 * step : 0) * (m.figure.target === wantTarget ? 1 : 0.5);
  };
  // The verb before a list is the list's ("检查网吧、娱乐场所和演出场所"): the first side is also read without it, unless
  // it is the step of a case that names the side ("受理的纠纷" is not 排查的), or what tells the side from another that
  // ends alike ("结婚登记" beside "离婚登记").
  const bare = (side: string) => side === sides[0] && side.length >= 4 && !namesAnyStep(side) && !sides.some((o) => o !== side && o.endsWith(side.slice(2)));
  const score = (side: string, m: Measured) => Math.max(named(side, m), bare(side) ? named(side.slice(2), m) : 0);
  const pick = (pool: Measured[], least: number): { chosen: Measured[]; total: number } | null => {
    const chosen: Measured[] = [];
    let total = 0;
    for (const side of sides) {
      let best: { m: Measured; score: number } | null = null;
      for (const m of pool) {
        if (chosen.some((c) => c.figure.index === m.figure.index && c.part.hit.paragraph.id === m.part.hit.paragraph.id)) continue;
        const s = score(side, m);
        // A figure that names another side better is that side's, not this one's.
        if (sides.some((other) => other !== side && score(other, m) > s)) continue;
        // As well matched, the figure whose label holds the side's last word, its head ("检查网吧": "其中网吧196家次", not
        // "检查各类文化经营场所583家次").
        const head = (x: Measured) => x.figure.before.includes(side.slice(-2));
        // …and, read without its verb, the figure that the side with it names ("调解矛盾纠纷412件", not "排查矛盾纠纷436件").
        const whole = (x: Measured) => named(side, x);
        if (!best || s > best.score || (s === best.score && (whole(m) > whole(best.m) || (whole(m) === whole(best.m) && head(m) && !head(best.m))))) best = { m, score: s };
      }
      if (!best || best.score < least) return null;
      chosen.push(best.m);
      total += best.score;
    }
    return { chosen, total };
  };
  // Sides stated together in one paragraph ("受理矛盾纠纷3208件，调解成功3147件") are read there first, each less strictly:
  // elsewhere a bare label ("受理84件" of the 行政复议 cases) names a side as fully as the paragraph's own clause does.
  let together: { chosen: Measured[]; total: number } | null = null;
  for (const id of new Set(candidates.map((m) => m.part.hit.paragraph.id))) {
    const found = pick(candidates.filter((m) => m.part.hit.paragraph.id === id), togetherLeast);
    if (found && (!together || found.total > together.total)) together = found;
  }
  return together?.chosen ?? pick(candidates, 0.6)?.chosen ?? null;
}

/** The pairs of characters of a side of a sum or difference that no other side holds ("农村低保对象" beside "城市低保对象": 农村, 村低). */
export function ownPairs(side: string, sides: string[]): string[] {
  return charPairs(side).filter((pair) => !sides.some((o) => o !== side && o.includes(pair)));
}

/** "维持、纠错、撤回申请的各有多少件": the things whose figures are asked each. */
export function eachSides(search: string, placeWords: string[]): string[] {
  const m = /^(.*?)(各|分别)(有|是|为|达到|占)?(多少|几)/u.exec(search);
  if (!m?.[1]) return [];
  // What leads up to the things named ("审结的行政复议案件中，", "登记的社会组织里") is context, not a thing.
  const named = m[1].split(/[，,：:]|[中里](?=[^中里]*$)/u).pop() ?? '';
  const sides = named.split(JOINED).map((x) => measureOf(x.replace(/(的|都|又)+$/u, ''), placeWords)).filter((x) => x.length >= 2);
  return sides.length >= 2 ? sides : [];
}

/**
 * Every figure of the parts read; in the unit asked where the report has figures in it ("有几起没有调解成功": 起, not
 * "调解室8个").
 */
function measuredIn(parts: Part[], unit: string | null): Measured[] {
  const candidates: Measured[] = [];
  for (const part of parts) for (const figure of figuresOf(part.simplified)) candidates.push({ part, figure });
  return unit && candidates.some((m) => unitAnswers(m.figure.unit, unit)) ? candidates.filter((m) => unitAnswers(m.figure.unit, unit)) : candidates;
}

/** One figure for each thing named, from the parts read ("维持229件，纠错43件，撤回申请79件"), or none. */
export function eachFigures(parts: Part[], sides: string[], wantTarget: boolean, unit: string | null): Measured[] {
  return sideFigures(measuredIn(parts, unit), sides, wantTarget, 0.6) ?? [];
}

export interface PairOptions {
  /** A sum is asked (not a difference): a whole and its part are never added. */
  sum?: boolean;
  versusTarget?: boolean;
  unit?: string | null;
  /** tuning.ts `sidesTogether`. */
  together?: number;
  /** The sides are a whole and the part of it done, the part left undone asked ("有多少卷没评上优秀"). */
  undone?: boolean;
}

/** A part's label names it in words of its own: a pair of characters it alone holds, or its characters in order ("调成": 调解成功). */
function labelNamesPart(part: string, sides: string[], label: string): boolean {
  if (ownPairs(part, sides).some((pair) => label.includes(pair))) return true;
  let at = 0;
  for (const ch of part) {
    at = label.indexOf(ch, at) + 1;
    if (at === 0) return false;
  }
  return part.length >= 2;
}

/**
 * "评查案卷96卷，评为优秀的81卷" for "评查的案卷中有多少卷没评上优秀": the whole, as its side names it, and the figure right
 * after it in its sentence, smaller and in its unit, as the part done: a question names that part in its own words
 * ("评上优秀", "调成") more often than the whole.
 */
function wholeThenPart(candidates: Measured[], [whole, part]: [string, string], wantTarget: boolean, least: number): Measured[] {
  let best: { pair: Measured[]; score: number } | null = null;
  for (const m of candidates) {
    const score = labelMatch(whole, m.figure.before);
    if (m.figure.target !== wantTarget || score < least || (best && score <= best.score)) continue;
    // Of the figures after it, the one whose label names the part best ("调解成功498起", not "受理调解514起" before it).
    const next = candidates.filter((n) => n.part === m.part && n.figure.index > m.figure.index && !n.figure.target && baseUnit(n.figure.unit) === baseUnit(m.figure.unit)
      && n.figure.value < m.figure.value && labelNamesPart(part, [whole, part], n.figure.before))
      .reduce<Measured | undefined>((b, n) => (!b || labelMatch(part, n.figure.before) > labelMatch(part, b.figure.before) ? n : b), undefined);
    if (next) {
      best = { pair: [m, next], score };
    }
  }
  return best?.pair ?? [];
}

/**
 * "排查出的安全隐患还有多少处没有整改" of "排查各类隐患3867处，已整改3802处": the part named, and the figure right before it
 * in its sentence, larger and in its unit, as the whole, its label ending as the question's whole does (隐患) however
 * either is qualified.
 */
function partAfterWhole(candidates: Measured[], [whole, part]: [string, string], wantTarget: boolean): Measured[] {
  for (const n of candidates) {
    if (n.figure.target !== wantTarget || !labelNamesPart(part, [whole, part], n.figure.before)) continue;
    const m = candidates.filter((c) => c.part === n.part && c.figure.index < n.figure.index && c.figure.target === wantTarget).pop();
    if (m && baseUnit(m.figure.unit) === baseUnit(n.figure.unit) && m.figure.value > n.figure.value && m.figure.before.includes(whole.slice(-2))) return [m, n];
  }
  return [];
}

/**
 * Two figures of one report for a sum or difference: by the two measures
 * named, else by the two years named (each figure's sentence names its year),
 * else the two best of one sentence.
 */
export function pairInReport(parts: Part[], measure: string, sides: string[], years: number[], wantTarget: boolean, options: PairOptions = {}): Measured[] {
  const { sum = false, versusTarget = false, unit = null, together = 0.6, undone = false } = options;
  const candidates = measuredIn(parts, unit);
  if (years.length >= 2) {
    const chosen: Measured[] = [];
    for (const year of sum ? years : years.slice(0, 2)) {
      const own = candidates.filter((m) => yearOf(m) === year && !chosen.includes(m));
      const ranked = own.map((m) => ({ m, score: labelMatch(measure, m.figure.before) })).sort((a, b) => b.score - a.score)[0];
      if (!ranked || ranked.score < 0.5) return [];
      chosen.push(ranked.m);
    }
    return chosen;
  }
  if (sides.length >= 2) {
    // Last year's value given beside this year's ("调解纠纷数较上年的367件") is no side of this year's.
    const thisYears = candidates.filter((m) => !LAST_YEARS.test(m.figure.before));
    // Every thing named is added ("低保金、特困人员供养金和临时救助金合计"): a sum of some of them is no answer.
    const chosen = sideFigures(thisYears, sides.slice(0, 6), wantTarget, together);
    // The part done, after its whole in one sentence ("收到行政复议申请96件，受理87件"), over a figure of another sentence
    // whose label names the part alone ("受理政府信息公开申请41件").
    // …or whose unit is not the whole's ("优秀率87.3%" for "评为优秀的96卷").
    const split = undone && sides.length === 2 && !(chosen && chosen.every((m) => m.part === chosen[0]!.part && baseUnit(m.figure.unit) === baseUnit(chosen[0]!.figure.unit)))
      ? wholeThenPart(thisYears, [sides[0]!, sides[1]!], wantTarget, together) : [];
    if (split.length) return split;
    if (chosen) return chosen;
    const after = undone && sides.length === 2 ? partAfterWhole(thisYears, [sides[0]!, sides[1]!], wantTarget) : [];
    if (after.length) return after;
    // "共有执法人员418人，其中持证352人": two sides named otherwise than the report are its whole and its part, for a
    // difference (a sum of the two, or of three or more, is of them all or nothing).
    if (sum || sides.length > 2 || !parts[0]?.hit.paragraph.simplified.includes('其中')) return [];
  }
  if (versusTarget) {
    // "实际比计划多完成多少": the best achieved figure and the best target in its unit ("计划120公里，实际完成136.4公里").
    // A short label ("实际完成") says little: the figure's whole sentence is matched to the measure, and the plan is looked for in the same sentence first.
    // "每个村（社区）培养3名": a figure per unit is no total to set against one.
    const best = (target: boolean, unit?: string, sentence?: string) => candidates.filter((m) => m.figure.target === target && (!unit || baseUnit(m.figure.unit) === unit) && !/每/u.test(m.figure.before))
      .map((m) => ({ m, score: labelMatch(measure, m.part.simplified) + (m.part.simplified === sentence ? 1 : 0) })).sort((a, b) => b.score - a.score)[0];
    const done = best(false);
    const planned = done ? best(true, baseUnit(done.m.figure.unit), done.m.part.simplified) : undefined;
    return done && planned && done.score >= 0.3 ? [done.m, planned.m] : [];
  }
  // One measure: two figures of the best piece that share a unit (立案386件，结案371件).
  for (const part of parts.slice(0, 1)) {
    const own = candidates.filter((m) => m.part.hit.paragraph.id === part.hit.paragraph.id && m.figure.target === wantTarget);
    const ranked = own.map((m) => ({ m, score: labelMatch(measure, m.figure.before) })).sort((a, b) => b.score - a.score);
    const first = ranked[0];
    const second = ranked.find((r) => r !== first && baseUnit(r.m.figure.unit) === baseUnit(first?.m.figure.unit ?? '') && r.m.figure.value !== first?.m.figure.value);
    if (first && second && first.score >= 0.3 && second.score >= 0.3) return [first.m, second.m];
  }
  return [];
}

/**
 * The year a figure is of: the year named nearest before it in its clause of the sentence (up to a ；), "上年" being the
 * year before its report's ("全年受理682件…；上年受理591件，调解成功560件" in the 2023 report: 560 is 2022's), else its
 * report's.
 */
export function yearOf(m: Measured): number | null {
  const own = m.part.hit.document.year;
  const clause = m.part.simplified.slice(0, m.figure.index).split(/[；;。]/u).pop() ?? '';
  const last = [...clause.matchAll(/((?:19|20)\d{2})\s*年|(上年|去年|上一年|上年度)/gu)].pop();
  if (!last) return own;
  return last[1] ? Number(last[1]) : own === null ? null : own - 1;
}

/** "由原来的平均68个工作日压缩至32个工作日": a value before the change … */
const FROM_BEFORE = /(由|从)(?:(?:19|20)\d{2}年)?[^，,。；;\d]{0,10}$/u;
/** … and the verb that takes it to the value after. */
const FROM_TO = /^[^，,。；;\d]{0,12}?(压缩|压减|缩短|缩减|精简|减少|降低|下降|降|提高|提升|增加|增长|扩大|上升|升)(至|到|为)$/u;
/** "较上年的5.8%", "上年为2871件", "较2022年的960人次", "较上年调解成功523件": last year's value, after this year's. */
const PRIOR = /((较|比|与)(上年|去年|上一年|上年度|(19|20)\d{2}年)(同期)?的?|(上年|去年|上一年|[（(](?:19|20)\d{2}年)(同期)?(为|是)?)([^，,。；;\d]{0,8})$/u;

/** "上年为立案41起、罚款", "较上年（受理592件、调解成功": last year's values listed after one "上年为" or in brackets, each after its label. */
const PRIOR_LIST = /(上年|去年|上一年|上年度)(同期)?(分别)?(为|是|[（(])[^，,。；;（(）)]*、([^，,。；;\d、]{0,8})$/u;

/** The label of a value stated as last year's, from the text before it; null when it is no such value. */
function priorLabel(before: string): string | null {
  const prior = PRIOR.exec(before.slice(-20));
  if (prior) return prior[9] ?? '';
  return PRIOR_LIST.exec(before)?.[5] ?? null;
}

/**
 * A change a sentence shows as two values instead of stating it: from one value to another, or this
 * year's beside last year's. The two share a unit; this year's is the one whose label matches last
 * year's own label ("调解成功571件…较上年调解成功523件"), else the measure asked, else the nearest.
 * The later value is `to`.
 */
export function shownChange(sentence: string, measure = '', unit: string | null = null): { from: Figure; to: Figure } | null {
  // In the unit asked: "罚款多了多少万元" is not worked out from the cases' 64件 and 52件.
  const figures = figuresOf(sentence).filter((f) => !unit || unitAnswers(f.unit, unit));
  // Of several ("城市低保标准由每人每月820元提高到860元，农村低保标准由每人每年7200元提高到7800元"), the one the measure names.
  let shown: { from: Figure; to: Figure; match: number } | null = null;
  for (let i = 0; i + 1 < figures.length; i++) {
    const a = figures[i]!;
    const b = figures[i + 1]!;
    if (baseUnit(a.unit) !== baseUnit(b.unit)) continue;
    const between = sentence.slice(a.index + a.text.length, b.index);
    if (!FROM_TO.test(between) || !FROM_BEFORE.test(sentence.slice(Math.max(0, a.index - 12), a.index))) continue;
    const match = measure ? labelMatch(measure, a.before) : 0;
    if (!shown || match > shown.match) shown = { from: a, to: b, match };
  }
  if (shown) return { from: shown.from, to: shown.to };
  // Of several ("2318件（2023年为2041件），罚没款1267万元（2023年为1105万元）"), the pair whose label matches the measure.
  let best: { from: Figure; to: Figure; match: number } | null = null;
  for (const [i, b] of figures.entries()) {
    const label = priorLabel(sentence.slice(Math.max(0, b.index - 30), b.index));
    if (label === null) continue;
    const earlier = figures.slice(0, i).filter((a) => baseUnit(a.unit) === baseUnit(b.unit) && !a.target);
    const score = (a: Figure) => (label.length >= 2 ? labelMatch(label, a.before) : 0) * 2 + (measure ? labelMatch(measure, a.before) : 0) + a.index / sentence.length / 10;
    const a = earlier.sort((x, y) => score(y) - score(x))[0];
    const match = a && measure ? labelMatch(measure, a.before) : 0;
    if (a && (!best || match > best.match)) best = { from: b, to: a, match };
  }
  return best ? { from: best.from, to: best.to } : null;
}

/** "68 − 32 = 36个", "5.8% − 4.3% = 1.5个百分点": a shown change worked out. */
export function changeText(change: { from: Figure; to: Figure }): string {
  const [high, low] = change.from.value >= change.to.value ? [change.from, change.to] : [change.to, change.from];
  const percent = /^[%％]$/u.test(change.from.unit);
  const unit = percent ? '个百分点' : change.from.unit;
  const value = (high.value - low.value) / (percent ? 1 : magnitude(unit));
  const shown = (f: Figure) => (percent ? f.text.replace(/\s+/gu, '') : formatValue(f.value, unit).replace(unit.replace(/^余/u, ''), ''));
  return `${shown(high)} − ${shown(low)} = ${Number(value.toFixed(4))}${unit.replace(/^余/u, '')}`;
}

const CHANGE = /(?:较|比|与)(?:上年|去年|上一年|上年度)(?:同期)?(?:相比)?|同比/u;
const CHANGED = /^[，,]?(增加|增长|提高|上升|多|减少|下降|降低|少)了?(\d+(?:\.\d+)?)/u;

/**
 * The year before's figure, from this year's and the change stated beside it
 * ("一审行政诉讼案件41件，较上年减少3件" → 41 + 3 = 44件): the change in the
 * figure's own unit, right after it, the figure's label matching the measure.
 */
export function priorYearFigure(sentence: string, measure: string, minLabel: number): { stated: string; computed: string; value: number } | null {
  const figures = figuresOf(sentence);
  for (let i = 0; i + 1 < figures.length; i++) {
    const base = figures[i]!;
    const delta = figures[i + 1]!;
    const after = base.index + base.text.length;
    const frame = CHANGE.exec(sentence.slice(after, delta.index));
    const change = frame ? CHANGED.exec(sentence.slice(after + frame.index + frame[0].length, delta.index + delta.text.length)) : null;
    // A rate changes by points ("参保率97.3%，较上年提高0.6个百分点").
    const sameUnit = baseUnit(base.unit) === baseUnit(delta.unit) || (base.unit === '%' && delta.unit === '个百分点');
    if (!frame || !change || base.target || !sameUnit || labelMatch(measure, base.before) < minLabel) continue;
    const up = /(增加|增长|提高|上升|多)/u.test(change[1] ?? '');
    const value = up ? base.value - delta.value : base.value + delta.value;
    if (value < 0) continue;
    const unit = base.unit.replace(/^余/u, '');
    const shown = (v: number) => formatValue(v, unit).replace(unit, '');
    return { stated: `${base.before}${base.text}，${frame[0]}${change[1]}${delta.text}`, computed: `${shown(base.value)} ${up ? '−' : '+'} ${shown(delta.value)} = ${formatValue(value, unit)}`, value };
  }
  return null;
}

/** A figure of a table: its row's and column's names, and the year of its column when the columns are years. */
export interface YearFigure extends Measured {
  /** The column's year; null when the columns are measures ("受理（件）", "调解成功（件）"). */
  year: number | null;
  /** The row's name, without its unit ("特困人员供养", "砥石社区"). */
  row: string;
  /** The column's name, without its unit ("发放资金"; "" for a year's column). */
  column: string;
  /** What the rows are, as the head's first cell names it ("领域", "社区", "指标"; "" without one). */
  rows: string;
}

/** A paragraph that is a table row: cells set off by bars, tabs or runs of spaces. */
export const TABLE_ROW = /[|｜\t]|\S\s{2,}\S/u;

const YEAR_CELL = /^((?:19|20)\d{2})\s*年?度?$/u;

/** A column headed by the report's own year or the one before it, in words ("2018年 | 本年度", "上年完成"). */
const OWN_YEAR_CELL = /^(本年度?|今年|当年|上年度?|去年|上一年)(完成值?|完成数|实际完成|实际值?|同期)?$/u;

/** The year a head's cell names: its digits, or the report's year for "本年度" and the year before for "上年". */
function cellYear(cell: string, reportYear: number | null): number | null {
  const digits = YEAR_CELL.exec(cell)?.[1];
  if (digits) return Number(digits);
  if (reportYear === null || !OWN_YEAR_CELL.test(cell)) return null;
  return /^(上|去)/u.test(cell) ? reportYear - 1 : reportYear;
}
/** A column of what was set or what was done, perhaps of a year ("2017年目标", "年初目标", "目标值", "完成值", "实际完成"). */
const AIM_CELL = /^(?:((?:19|20)\d{2})\s*年?度?)?\s*(?:((?:年初|年度|全年|原定)?(?:目标值?|目标任务|计划值?|计划数|预期值?|预期目标|任务数))|完成值?|完成数|完成情况|实际完成|实际值?|实绩)(?:[（(][^）)]*[）)])?$/u;

/** An aim column's year (its own, else the report's) and whether it holds targets; null for any other cell. */
function aimCell(cell: string, reportYear: number | null): { year: number | null; target: boolean } | null {
  const m = AIM_CELL.exec(cell);
  return m ? { year: m[1] ? Number(m[1]) : reportYear, target: Boolean(m[2]) } : null;
}
/** A unit in brackets, after a name or a figure ("罚没款（万元）", "1127（人次）"). */
export const BRACKETED_UNIT = /[（(]([^）)]{1,4})[）)]/u;
// A unit may stand in the cell ("100家", "1.2万元") as well as in brackets after it, or in the column's or row's head.
const FIGURE_CELL = /^(\d+(?:\.\d+)?)\s*(%|％|万人次|人次|家次|户次|场次|批次|个工作日|个|名|次|件|项|人|家|户|场|起|宗|处|份|条|所|批|位|期|篇|台|辆|对|亿元|万元|元|万平方米|平方米|亩|公里|吨|天)?\s*(?:[（(]([^）)]{1,4})[）)])?$/u;

/** A table row's cells. */
export function tableCells(text: string): string[] {
  // "| 指标 | 2023年 | 2024年 |": a row may open and close with a bar.
  const row = text.trim().replace(/^[|｜]|[|｜]$/gu, '');
  // Columns are set off by bars, tabs or runs of spaces ("罚没款（万元）      365      412").
  return row.split(/\s*[|｜\t]\s*|\s{2,}/u).map((c) => c.trim());
}

/**
 * A table's head of years ("项目 | 2020年 | 2021年"), or a row of a table with years as rows ("2023年 | 398 | 1020.3"):
 * alone, without the head that names its columns, it states nothing.
 */
export function yearHead(text: string): boolean {
  const cells = tableCells(text);
  return cells.length >= 2 && TABLE_ROW.test(text) && (cells.slice(1).every((c) => YEAR_CELL.test(c) || OWN_YEAR_CELL.test(c)) || YEAR_CELL.test(cells[0] ?? ''));
}

/** The head's first cell without its unit or a 名称 ("社区名称" → 社区, "案件类别" stays). */
const rowsOf = (cell: string | undefined) => (cell ?? '').replace(BRACKETED_UNIT, '').replace(/名称$/u, '').trim();

/** A table's row of totals, no item of it. */
export const TOTAL_ROW = /^(合计|总计|小计|共计|全年|总数)$/u;

/**
 * The things a table lists, when the paragraph given is its head ("活动 | 场次 | 发放资料（份）"): the first cell of each
 * row below the head, without a total's.
 */
export function tableItems(paragraphs: Hit[], at: Hit): { hit: Hit; name: string }[] {
  const sorted = [...paragraphs].sort((a, b) => a.paragraph.ordinal - b.paragraph.ordinal);
  const i = sorted.findIndex((h) => h.paragraph.id === at.paragraph.id);
  if (i < 0 || !TABLE_ROW.test(at.paragraph.text)) return [];
  // The head only: a row of figures chosen for a list answers for itself.
  if (i > 0 && TABLE_ROW.test(sorted[i - 1]!.paragraph.text)) return [];
  const start = i;
  let end = i;
  while (end + 1 < sorted.length && TABLE_ROW.test(sorted[end + 1]!.paragraph.text)) end++;
  const rows = sorted.slice(start + 1, end + 1).filter((h) => !tableCells(h.paragraph.simplified).every((c) => /^:?-{2,}:?$/u.test(c)));
  return rows.map((hit) => ({ hit, name: tableCells(hit.paragraph.text)[0] ?? '' })).filter((r) => r.name && !TOTAL_ROW.test(r.name));
}

/** A column's name that says nothing of its measure ("项目 | 数量"): the row's name alone names the figure. */
const BARE_COLUMN = /^(数量|数值|数据|数目|数额|数字|情况|完成情况|指标值)$/u;

/** How an answer names a table's figure: its row's name and its column's, unless the column's says nothing. */
export function cellLabel(f: YearFigure): string {
  return BARE_COLUMN.test(f.column) ? f.row : `${f.row}${f.column}`;
}

/** The head of a column of change beside years' columns ("增减", "同比"). */
const CHANGE_HEAD = /^(增减|增减量|增减幅度|增幅|增长率?|同比|同比增减|变化|变动|比上年增减|较上年增减)([（(][^）)]*[）)])?$/u;

/**
 * Figures of a report's tables, each with its row and column: columns of years ("项目 | 2022年 | 2023年" over
 * "法律援助案件（件） | 386 | 452") or of measures ("救助类别 | 保障人数（人） | 发放资金（万元）" over "农村低保 | 9872 |
 * 5127"). The unit is the figure's own, else its column's, else its row's.
 */
export function tableFigures(paragraphs: Hit[]): YearFigure[] {
  const out: YearFigure[] = [];
  let head: { years: (number | null)[]; names: string[]; units: string[]; rows: string; targets: boolean[] } | null = null;
  for (const hit of [...paragraphs].sort((a, b) => a.paragraph.ordinal - b.paragraph.ordinal)) {
    const cells = tableCells(hit.paragraph.simplified);
    // A "|---|---|" rule is no row.
    if (cells.length >= 2 && cells.every((c) => /^:?-{2,}:?$/u.test(c))) continue;
    // A row and its value ("| 发现安全隐患（项） | 4217 |", under "| 项目 | 数量 |") is the least of a table.
    if (cells.length < 2) {
      head = null;
      continue;
    }
    const rest = cells.slice(1);
    // Years as columns, and perhaps a column of their change ("项目 | 2022年 | 2023年 | 增减"), which is no year's; or a
    // year's target beside what was done ("指标 | 2016年 | 2017年目标 | 2017年完成", "年度目标 | 目标值 | 完成值").
    const aims = rest.map((c) => aimCell(c, hit.document.year));
    const years = rest.map((c, i) => cellYear(c, hit.document.year) ?? aims[i]?.year ?? null);
    if (years.some((y) => y !== null) && rest.every((c, i) => years[i] !== null || CHANGE_HEAD.test(c))) {
      head = { years, names: rest.map((c, i) => (aims[i] ? c.replace(/^(?:19|20)\d{2}\s*年?度?/u, '').replace(BRACKETED_UNIT, '').trim() : years[i] !== null ? '' : c)),
        units: rest.map((c, i) => (aims[i] ? BRACKETED_UNIT.exec(c)?.[1] ?? '' : '')), rows: rowsOf(cells[0]), targets: aims.map((a) => a?.target ?? false) };
      continue;
    }
    // A head of measures: no cell after the first is a figure.
    if (rest.every((c) => /[\u4e00-\u9fff]/u.test(c) && !FIGURE_CELL.test(c))) {
      head = { years: rest.map(() => null), names: rest.map((c) => c.replace(BRACKETED_UNIT, '').trim()), units: rest.map((c) => BRACKETED_UNIT.exec(c)?.[1] ?? ''), rows: rowsOf(cells[0]), targets: rest.map(() => false) };
      continue;
    }
    if (!head) continue;
    const label = cells[0] ?? '';
    const rowUnit = BRACKETED_UNIT.exec(label)?.[1] ?? '';
    const name = label.replace(/[（(].*$/u, '');
    const columns = head;
    const part: Part = { hit, text: hit.paragraph.text, simplified: hit.paragraph.simplified };
    // Years as rows ("年份 | 低保人数（人） | …" over "2019年 | 5326 | …"): each cell is its column's measure in the row's year.
    const rowYear = columns.years.every((y) => y === null) ? Number(YEAR_CELL.exec(label)?.[1] ?? NaN) : NaN;
    rest.forEach((cell, i) => {
      const m = FIGURE_CELL.exec(cell.replace(/[,，]/gu, ''));
      if (!m?.[1] || i >= columns.years.length) return;
      const u = m[2] ?? m[3] ?? (columns.units[i] || rowUnit);
      const column = columns.names[i] ?? '';
      const figure = { text: `${m[1]}${u}`, value: Number(m[1]) * (u === '%' || u === '％' ? 1 : magnitude(u)), unit: u, target: columns.targets[i] ?? false, index: 0 };
      if (Number.isFinite(rowYear)) out.push({ part, year: rowYear, row: column, column: '', rows: '', figure: { ...figure, before: column } });
      else out.push({ part, year: columns.years[i] ?? null, row: name, column, rows: columns.rows, figure: { ...figure, before: `${name}${column}` } });
    });
  }
  return out;
}

/** The table figure of a measure for a year, when a row's label matches the measure at least this well. */
export function tableFigure(figures: YearFigure[], measure: string, year: number, least: number): YearFigure | null {
  let best: { f: YearFigure; score: number } | null = null;
  for (const f of figures) {
    if (f.year !== year || otherStep(measure, f.figure.before)) continue;
    const score = labelMatch(measure, f.figure.before);
    // As well matched, the row that ends as the measure does names its thing ("死亡人数" of "生产安全事故死亡人数", not 生产安全事故).
    const headed = (x: YearFigure) => measure.length >= 4 && x.figure.before.includes(measure.slice(-2));
    if (!best || score > best.score || (score === best.score && headed(f) && !headed(best.f))) best = { f, score };
  }
  return best && best.score >= least ? best.f : null;
}

/**
 * The table figure of a measure for a year matched by its row's name alone, the column only saying which of target and
 * result it is ("企业法律体检（家） | 300 | 276" under "年度目标 | 实际完成"); the figure as the table gives it.
 */
export function rowFigure(figures: YearFigure[], measure: string, year: number, least: number): YearFigure | null {
  const byRow = figures.map((f) => ({ ...f, figure: { ...f.figure, before: f.row || f.figure.before } }));
  const found = tableFigure(byRow, measure, year, least);
  return found ? figures[byRow.indexOf(found)] ?? null : null;
}

/**
 * The figure of a table of measures that a question names by its row and its column ("砥石社区…调解成功了多少件" →
 * the 砥石社区 row's 调解成功（件）): the row's name in the question at least this well, then the column in the unit
 * asked whose name the question holds best (at least half of it). Its match is the lesser of the two.
 */
export function namedCell(figures: YearFigure[], search: string, unit: string | null, least: number): { f: YearFigure; match: number } | null {
  let best: { f: YearFigure; match: number; column: number; row: number } | null = null;
  for (const f of figures) {
    if (f.year !== null || f.row.length < 2 || (unit && !unitAnswers(f.figure.unit, unit))) continue;
    // "全县公职律师（名）": the report's own area is no part of the row's name ("哪个县的公职律师更多").
    const row = pairMatch(ownRow(f.row), search);
    const column = f.column.length >= 2 ? pairMatch(f.column, search) : 0;
    if (row < least || otherStep(search, `${f.row}${f.column}`)) continue;
    const match = Math.min(row, column);
    // Columns alike (a table of one column, "数量"): the row the question names best.
    if (!best || column > best.column || (column === best.column && (match > best.match || (match === best.match && row > best.row)))) best = { f, match, column, row };
  }
  // Without half the column's name in the question, only a unit asked that one column alone answers picks it…
  if (best && best.column < 0.5) {
    const sameRow = figures.filter((f) => f.part === best!.f.part);
    // …or a row of one figure ("| 罚没款（万元） | 386.5 |" under "| 项目 | 数量 |"), with no column to choose.
    if (sameRow.length === 1) return { f: best.f, match: pairMatch(ownRow(best.f.row), search) };
    if (!unit || sameRow.filter((f) => unitAnswers(f.figure.unit, unit)).length !== 1) return null;
    return { f: best.f, match: pairMatch(ownRow(best.f.row), search) };
  }
  return best;
}

/** Progress said to be behind ("完成进度不理想", "进展滞后"). */
const LAGGING = /(进度|进展)[^，。；]{0,6}(不理想|滞后|缓慢|偏慢|不够快)/u;
/** Some of those asked about have not: "仍有5个未配备", "尚有3个村没有", "9个镇街中有4个未配备". */
const NOT_ALL = /(仍有|尚有|还有|中有|其中)[^，。；]{0,12}(未|没有|尚未|不)/u;

/** A clause that states a plan, not something done. */
export const PLANNED = /(计划|力争|拟|争取|目标|将于|将在|将要|预计|打算)/u;
const POSITIVE_DONE = /(已|已经|均|全部|实现|达到|完成|建立|设立|聘请|开展|发生|胜诉|维持|命名|评为|获评|授予|认定为|列为|入选|荣获)/u;

/** "完成年初目标了吗", "计划完成了吗": whether a target or plan was met, which only a clause about meeting one settles. */
export const MET_ASKED = /(完成|实现|达到|达成)[^，。？?]{0,20}(目标|计划|任务)|(目标|计划|任务)[^，。？?]{0,14}(完成|实现|达到|达成)/u;
/** A target still not reached ("距离省定80%的目标仍有差距"): said of a target, and a miss. */
const SHORT_OF = '(目标|计划|任务|要求)[^，。；]{0,4}有[^，。；]{0,4}(差距|距离)';
/** A clause that says a target was met or missed ("超额完成年度任务", "但未完成年初目标", "仅完成目标任务的81.5%"). */
const MET_OR_MISSED = new RegExp(`(完成|实现|达到|达成|超过|超出|高于|低于)[^，。；]{0,10}(目标|计划|任务)|(目标|计划|任务)[^，。；]{0,6}(完成|实现|达成)|${SHORT_OF}`, 'u');
const MISSED = new RegExp(String.raw`(未|没有|没|尚未|未能)(能)?(全部|全面|如期|按期|按时|足额|全|都|按计划|按要求|按进度)?(完成|实现|达到|达成)|未达(标|到)|低于[^，。；]{0,10}(目标|计划|任务)|(仅|只|才)(完成|实现|达到)|完成[^，。；]{0,8}?(?<![\d.])\d{1,2}(\.\d+)?%|${SHORT_OF}`, 'u');
/** "是否全部完成", "都配了吗": all of something asked. */
const ALL_ASKED = /(都|全部|所有|均|全都)/u;

/** A resolve to meet one, which says nothing of whether it was ("力争完成全年目标"). */
const RESOLVED = /(力争|争取|确保|拟|将|计划|打算|预计)[^，。；]{0,4}(完成|实现|达到|达成)/u;

/** A clause that says whether a target was met, not a resolve to meet it ("计划未能全部完成" says it was not). */
const saysMet = (clause: string) => MET_OR_MISSED.test(clause) && (!RESOLVED.test(clause) || /未|没有|没|尚未/u.test(clause));

/** The text says whether a target was met ("未达到年初确定的97%目标"): what was done, though it names a target. */
export function saysMetOrMissed(text: string): boolean {
  return splitClauses(text).some((c) => saysMet(c.simplified));
}

/**
 * Yes or no from the evidence's own polarity: a clause about the question's
 * matter that says it did not happen answers "没有"; a clause that states it
 * (with a figure above zero, or as done) answers "是的"; otherwise no verdict.
 * Whether a target was met is settled only by a clause saying it was or was not (a figure achieved is no verdict).
 */
export function polarity(evidence: string, keyTerms: string[], asked = '', decisive = keyTerms): 'no' | 'yes' | null {
  const clauses = splitClauses(evidence).map((c) => c.simplified);
  // "调解成功率达到95%了吗" of "调解成功率96.8%": the figure reached, against the bound asked.
  const threshold = thresholdAsked(asked);
  const reached = threshold ? reachedFigure(clauses, threshold) : null;
  if (threshold && reached) return meetsThreshold(reached.value, threshold) ? 'yes' : 'no';
  if (MET_ASKED.test(asked)) {
    const said = clauses.filter(saysMet);
    if (said.length) return said.some((c) => MISSED.test(c)) ? 'no' : 'yes';
    // "年初计划培养200名，实际培养212名": the figure done against the one planned, in one unit.
    const figures = figuresOf(evidence);
    // Rates after a plan ("计划抽检3000批次，完成率108.7%") read as its targets are none in the unit of what was done.
    const planned = figures.filter((f) => f.target && figures.some((d) => !d.target && baseUnit(d.unit) === baseUnit(f.unit)));
    const done = figures.filter((f) => !f.target && planned.some((p) => baseUnit(p.unit) === baseUnit(f.unit)));
    // Of several done ("建成示范单位120家，计划发展承诺单位150家，实际发展112家"), the one right after the plan.
    const plan = planned.length === 1 ? planned[0]! : undefined;
    const against = plan && (done.length === 1 ? done[0] : done.find((f) => f.index > plan.index));
    if (plan && against) return against.value >= plan.value ? 'yes' : 'no';
    // "任务全部完成了吗" of "明确任务28项，年底完成26项": the part done of the whole, below.
    if (!ALL_ASKED.test(asked)) return null;
  }
  const about = clauses.filter((c) => keyTerms.some((t) => c.includes(t)));
  const scope = about.length ? about : clauses;
  // "是否实现零上访", "是不是未发生": a question that asks about the absence itself is answered yes by it.
  if (statesNone(asked.replace(/(有没有|有无|是否|是不是|有未|能否|可否)/gu, ''))) return scope.some((c) => statesNone(c)) ? 'yes' : null;
  if (scope.some((c) => statesNoneOf(c, asked))) return 'no';
  // "是不是都配了" against "仍有5个未配备": some are not, so not all are.
  if (ALL_ASKED.test(asked) && scope.some((c) => NOT_ALL.test(c))) return 'no';
  // "全部完成了吗" of "目录完成进度不理想": behind, so not done.
  if (/完成/u.test(asked) && scope.some((c) => LAGGING.test(c))) return 'no';
  // "是否全部完成" of "目录14项，实际完成13项", "执法人员14名，其中持有执法证件11名": the part done of the whole, in one unit.
  const share = ALL_ASKED.test(asked) ? partOfWhole(evidence, asked) : null;
  if (share) return share.part < share.whole ? 'no' : 'yes';
  // "结果都公示了吗" of "抽查结果公示率100%", "实现全覆盖了吗" of "覆盖率达到98%": the rate of the very thing asked.
  const rate = ALL_ASKED.test(asked) || /全覆盖/u.test(asked) ? rateOfAsked(scope, asked) : null;
  if (rate !== null) return rate >= 100 ? 'yes' : 'no';
  // "计划年内为所有派出所配齐，实现…全覆盖": a plan, to the end of its sentence, says nothing of what was done.
  const planFrom = clauses.findIndex((c) => PLANNED.test(c));
  // What was done says yes only in a clause with every one of the question's key words ("收到依申请公开3件" is no 行政复议).
  // A statement of none narrowed to some of the thing ("未发生因政府信息公开引起的行政诉讼") says neither.
  const done = about.filter((c) => (planFrom < 0 || clauses.indexOf(c) < planFrom) && (!decisive.length || decisive.every((t) => c.includes(t))) && !statesNone(c));
  if (done.length && done.some((c) => POSITIVE_DONE.test(c) || figuresOf(c).some((f) => f.value > 0 && !f.target))) return 'yes';
  // "行政诉讼有没有败诉的" of "…一审行政诉讼案件37件，…败诉4件": the very thing asked after 有没有, counted above none.
  const thing = ASKED_THING.exec(asked)?.[1] ?? ASKED_THING_IN.exec(asked)?.[1];
  const counted = (c: string) => thing !== undefined && c.includes(thing) && !statesNone(c) && figuresOf(c.slice(c.indexOf(thing))).some((f) => f.value > 0 && !f.target);
  if (clauses.some((c, i) => (planFrom < 0 || i < planFrom) && counted(c))) return 'yes';
  return null;
}

/** What "有没有…的" asks of ("有没有败诉的": 败诉). */
const ASKED_THING = /(?:有没有|有无|是否有|是不是有)([\u4e00-\u9fff]{2,6}?)(?:的|[？?吗]|$)/u;
/** …or what is asked to have happened in something ("是否有行政机关在一审行政诉讼中败诉": 败诉). */
const ASKED_THING_IN = /(?:有没有|有无|是否有|是不是有)[^，。？?]{0,16}?[中里]([\u4e00-\u9fff]{2,4}?)(?:的|过|[？?吗]|$)/u;

/** Whether all was done, asked in any words for it, and how a report says a part was. */
const DONE_ASKED = /(办完|做完|干完|弄完|完成|办结|落实|作出|做出|实施|执行|兑现|整改|解决|化解)/u;
const DONE_SAID = /(完成|办结|落实|实施)/u;

/** The rate (in %) a clause gives of a thing the question names by the words before its 率 ("公示率" for 都公示). */
function rateOfAsked(clauses: string[], asked: string): number | null {
  for (const c of clauses) {
    for (const f of figuresOf(c)) {
      const named = /([\u4e00-\u9fff]{2})率[^，。；\d]{0,4}$/u.exec(f.before)?.[1];
      if (!f.target && /^[%％]$/u.test(f.unit) && named && asked.includes(named)) return f.value;
    }
  }
  return null;
}

/** A whole and, after it in the same unit, a part named by a word of the question ("完成13项" for 全部完成). */
function partOfWhole(evidence: string, asked: string): { whole: number; part: number } | null {
  // "计划建设的阵地都建成了吗" of "计划建设3处已建成2处": the whole is the plan, when the question asks of one.
  const figures = figuresOf(evidence).filter((f) => !f.target || /计划|目标|任务/u.test(asked));
  const words = new Set(charPairs(asked));
  // "都办完了吗" of "目录7项，已按程序完成6项": done, in the report's word for it.
  const done = DONE_ASKED.test(asked) ? DONE_SAID : null;
  for (const [i, whole] of figures.entries()) {
    // Not an average ("平均每个嘎查6名"), which is no part.
    const part = figures.slice(i + 1).find((f) => !f.target && baseUnit(f.unit) === baseUnit(whole.unit) && f.value <= whole.value && !/(平均|每|人均|户均)/u.test(f.before)
      && (charPairs(f.before).some((p) => words.has(p)) || (done !== null && done.test(f.before))));
    if (part) return { whole: whole.value, part: part.value };
  }
  return null;
}

/**
 * The figure a clause states the thing reached, in the unit of the bound asked and not a target, in the clause of the
 * term. Beside the bound itself, restated ("| 案件自动派遣率 | 80% | 76.5%", a row of target and result), the other.
 */
function reachedFigure(clauses: string[], threshold: Threshold): Figure | null {
  const reachedIn = (c: string, words: string) => {
    const figures = figuresOf(c).filter((x) => !x.target && unitAnswers(x.unit, threshold.unit) && (x.before.includes(words) || TABLE_ROW.test(c)));
    return figures.find((x) => x.value !== threshold.value) ?? figures[0] ?? null;
  };
  // "败诉率6.3%，…出庭应诉率100%": a figure whose own words name the thing asked more fully comes first.
  for (const words of [threshold.name, threshold.term]) {
    for (const c of clauses) {
      const found = c.includes(words) ? reachedIn(c, words) : null;
      if (found) return found;
    }
  }
  return null;
}

function meetsThreshold(value: number, t: Threshold): boolean {
  if (t.ceiling) return t.strict ? value < t.value : value <= t.value;
  return t.strict ? value > t.value : value >= t.value;
}

const DATE_PUBLISHED = /(发布|发稿|公开|上传)(时间|日期)[:：]?\s*((?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?)/u;

/** A line of a report that states a fact about it: the title, a signature line, or a paragraph. */
export interface StatedLine {
  text: string;
  /** The paragraph it is in, when it is one. */
  hit: Hit | null;
}

/** The fact a report-fact question asks, from the report's description, and where the report states it. */
export function reportFact(doc: ReportDocument, kind: MetaKind, paragraphs: Hit[]): { value: string; line: StatedLine } | null {
  const lines: StatedLine[] = [
    ...(doc.title ? [{ text: doc.title, hit: null }] : []),
    ...[doc.signedBy, doc.signedAt, doc.address].filter((l): l is string => Boolean(l)).map((text) => ({ text, hit: null })),
  ];
  const inText = (value: string) => {
    const line = lines.find((l) => toSimplified(l.text).includes(value));
    if (line) return line;
    for (const h of paragraphs) {
      const s = splitSentences(h.paragraph.text).find((x) => x.simplified.includes(value));
      if (s) return { text: s.text, hit: h };
    }
    return null;
  };
  // The province the site's filing number names ("赣ICP备…号"), for a province no line of the report names.
  const filedProvince = doc.filing ? filingProvince(toSimplified(doc.filing)) : null;
  if (kind === 'host') return doc.host ? { value: statedValue(doc.host), line: { text: doc.host, hit: null } } : null;
  if (kind === 'filing') return doc.filing ? { value: doc.filing, line: { text: doc.filing, hit: null } } : null;
  if (kind === 'source' || kind === 'publishedSource') {
    // Where a web page says the report comes from ("来源：县司法局"), and when it was published, asked with it.
    if (!doc.source) return null;
    const from = statedValue(doc.source);
    if (kind === 'source') return { value: from, line: { text: doc.source, hit: null } };
    const when = reportFact(doc, 'published', paragraphs);
    return when ? { value: `${when.value}发布，来源：${from}`, line: { text: `${doc.published ?? when.line.text} ${doc.source}`, hit: null } } : null;
  }
  if (kind === 'published' || kind === 'issued') {
    // The date a web page says it was published ("发布时间：2021-01-18"), which is not the date signed.
    if (doc.published) return { value: statedValue(doc.published), line: { text: doc.published, hit: null } };
    if (kind === 'issued') return reportFact(doc, 'date', paragraphs);
    for (const h of paragraphs) {
      const m = DATE_PUBLISHED.exec(h.paragraph.simplified);
      if (m?.[3]) return { value: m[3], line: { text: m[0], hit: h } };
    }
    return null;
  }
  if (kind === 'addressee') {
    // The body the report is addressed to, at its top ("蒲岭县人民政府：", "报送对象：…").
    for (const h of paragraphs.slice(0, 3)) {
      const to = addressedTo(toSimplified(h.paragraph.text));
      if (to.length) return { value: to.join('、'), line: { text: h.paragraph.text, hit: h } };
    }
    return null;
  }
  if (kind === 'signed') {
    // The signature's body and date together.
    if (!doc.signedAt || !doc.signedBy) return null;
    return { value: `${doc.signedBy}，${doc.signedAt}`, line: { text: doc.signedAt, hit: null } };
  }
  if (kind === 'date') {
    if (!doc.signedAt) return null;
    return { value: doc.signedAt, line: { text: doc.signedAt, hit: null } };
  }
  if (kind === 'issuer') {
    const value = doc.signedBy ?? doc.issuer;
    const line = inText(toSimplified(value)) ?? { text: doc.title, hit: null };
    return { value, line };
  }
  if (kind === 'year') {
    if (doc.year === null) return null;
    // The opening states the year in the report's own words; the title may have been made up from it.
    const opening = paragraphs.slice(0, 2).find((h) => h.paragraph.simplified.includes(`${doc.year}年`));
    const stated = opening ? splitSentences(opening.paragraph.text).find((x) => x.simplified.includes(`${doc.year}年`)) : undefined;
    const line = opening && stated ? { text: stated.text, hit: opening } : inText(`${doc.year}年`);
    return line ? { value: `${doc.year}年`, line } : null;
  }
  if (kind === 'above') {
    // The whole chain as one line states it ("临川省青嶂市蕖湖区"), else the paragraph naming most of its places
    // ("在浩珀旗委…的领导下…落实朔垣自治区、乌柃盟…").
    const value = doc.chain.join('');
    if (!value) return null;
    const whole = inText(value);
    if (whole) return { value: `${value}${doc.locality}`, line: whole };
    // A province only the site's filing number names ("湘ICP备…号") is said as such beside the places the text writes.
    const written = filedProvince === doc.chain[0] && doc.chain.length > 1 ? inText(doc.chain.slice(1).join('')) : null;
    if (written) return { value: `${doc.chain.slice(1).join('')}${doc.locality}（${filedProvince}，据网站备案号${doc.filing}）`, line: written };
    const named = (text: string) => doc.chain.filter((p) => toSimplified(text).includes(p)).length;
    const best = paragraphs.map((h) => ({ h, n: named(h.paragraph.text) })).sort((a, b) => b.n - a.n)[0];
    return best && best.n >= 2 ? { value: `${doc.chain.join('、')}（${doc.locality}）`, line: { text: best.h.paragraph.text, hit: best.h } } : null;
  }
  const wanted = kind === 'province' ? /(省|自治区)$/u : kind === 'city' ? /(市|州|盟)$/u : kind === 'county' ? /(区|县|旗)$/u : /./u;
  // Nearest first: a county-level city answers "哪个区/县" only when no district or county is written.
  const above = [...doc.chain].reverse();
  const value = above.find((p) => wanted.test(p)) ?? (kind === 'county' ? above.find((p) => /市$/u.test(p)) : undefined);
  if (!value) return null;
  const filed = doc.filing && filedProvince === value ? { text: doc.filing, hit: null } : null;
  // "安徽翮江高新技术产业开发区": a province may be written without its level.
  const line = inText(`${value}`) ?? (/(省|自治区)$/u.test(value) ? inText(provinceStem(value)) : null) ?? filed;
  return line ? { value: line === filed ? `${value}（据网站备案号${doc.filing}）` : value, line } : null;
}
