/**
 * Two figures asked in one question ("法律援助案件的年度目标是多少？实际办了多少件？", "立案多少件？辦結多少件？"), two
 * facts of a report ("讲的是哪一年的工作，园区在哪个省") or two persons ("第一责任人是谁？分管法制工作的是谁？"):
 * each is a question of its own, answered apart and joined. The second carries the first's place and year, and its
 * thing counted where it names none of its own ("实际办了多少件" of 法律援助案件).
 */
import type { Citation } from '../schema.js';
import { placeMentions } from '../place/places.js';
import { searchForm } from '../retrieve/tokenize.js';
import { questionType } from './question.js';
import type { AnswerResult } from './types.js';

const ASKS = /(多少|几)/u;
/** An ask's question word and what follows it ("是多少", "有几件？"): cut off, what it is about is left. */
const ASK_TAIL = /(是|为|有|共)?(多少|几).*$/u;
/** "的年度目标是多少", "年初计划多少场": a target asked, after the thing it is set for. */
const TARGET_TAIL = /的?(年度|年初|全年|原定|原)?(目标|计划|任务)[\u4e00-\u9fff]{0,4}?(是|为|定为|定了)?(多少|几).*$/u;
/** A first ask's verb of a target, with the 把 before its thing ("把纠错率控制在多少以内"): not the second's. */
const AIM_VERB = /(控制在|保持在|压缩到|压缩至|降到|降至|降低到|提高到|提升到|达到)$/u;
/** Words of an ask that name no thing counted ("实际办了多少件", "实际控制在多少"). */
const BARE = /(实际上|实际|完成了|完成|办理了|办理|办了|做到了|做到|做了|实现了|开展了|开展|举办了|举办|达到了|达到|控制在|一共|是|为|有|共|的|了|都)/gu;
/** A first ask's word for what was done, at the end of its thing ("纠错率2022年实际是多少"): not the second's. */
const AIM_END = /(实际上|实际完成|实际|完成了|完成)$/u;
/** Words of a target ask that name no thing ("下一年目标压缩到多少天"). */
const AIM_WORDS = /(下一年|下年|明年|来年|下一步|目标|计划|力争|打算|准备|压缩到|压缩至|降到|降至|降低到|提高到|提升到|控制在|达到|以内|以上)/gu;
/** The year after the one asked first ("下一年", "明年"). */
const NEXT_YEAR = /(下一年度?|下年度?|明年|来年)/u;
/** A body after a place's name ("珰江县文旅局", "襜山高新区管委会"): a question without a year is about it too. */
const BODY_AFTER = /^[\u4e00-\u9fff]{0,10}?(局|委员会|委|办公室|中心|管委会|办事处|人民政府|政府)/u;

/** The words of a question that name its place and year ("瑷溪镇2019年"): what a second ask is about as well. */
function contextOf(ask: string): string {
  const year = /^.*?(?:19|20)\d{2}\s*年度?/u.exec(ask)?.[0] ?? '';
  // Places are found in search form ("朦山區" as 朦山区), at the same indices where the conversion keeps the length.
  const search = searchForm(ask);
  const last = placeMentions(search.length === ask.length ? search : ask).filter((m) => m.index < 12 + year.length).pop();
  if (!last) return year;
  const end = last.index + last.name.length;
  const place = ask.slice(0, end) + (BODY_AFTER.exec(ask.slice(end))?.[0] ?? '');
  // "2023年薏原区应急管理局…": the place after the year is the second ask's too.
  return place.length > year.length ? place : year;
}

export function splitAsks(question: string): [string, string] | null {
  const parts = question.split(/[？?；;，,]/u).map((p) => p.trim()).filter(Boolean);
  if (parts.length !== 2) return null;
  // Typed in search form, as every question is ("報送給哪個單位" as 报送给哪个单位).
  const facts = parts.map((p) => questionType(searchForm(p)));
  // "报告讲的是哪一年的工作，园区在哪个省": two facts of the report; "第一责任人是谁？分管法制工作的是谁？": two persons of it.
  // The second is about the first's place and year.
  const twoFacts = facts[0]!.type === 'meta' && facts[1]!.type === 'meta' && facts[0]!.meta !== facts[1]!.meta;
  if (twoFacts || (facts[0]!.type === 'who' && facts[1]!.type === 'who')) {
    const context = contextOf(parts[0]!);
    return context && !parts[1]!.startsWith(context) ? [parts[0]!, `${context}${parts[1]!}`] : [parts[0]!, parts[1]!];
  }
  if (!parts.every((p) => ASKS.test(p))) return null;
  const [first, second] = parts as [string, string];
  // A sum, a difference or a comparison reads both asks together.
  if (questionType(searchForm(question)).type !== 'numeric' || facts[0]!.type !== 'numeric' || facts[1]!.type !== 'numeric') return null;
  const year = /(?:19|20)\d{2}\s*年度?/u;
  // "2018年目标是多少，2017年实际是多少": the second ask's own year, for the first's thing.
  // …without the first's words of a plan ("徜阳区计划2023年组织…几次" → "徜阳区组织…"), which would join its place to a verb.
  if (year.test(second)) {
    const asked = first.replace(year, '').replace(TARGET_TAIL, '').replace(ASK_TAIL, '').replace(AIM_END, '').replace(/(计划|打算|力争|准备)/gu, '');
    return [first, `${AIM_VERB.test(asked) ? asked.replace(AIM_VERB, '').replace(/把/u, '') : asked}${second}`];
  }
  // "…2023年平均办案时长是多少天，下一年目标压缩到多少天": the year after the first's, written as a year.
  const next = NEXT_YEAR.test(second) ? year.exec(first)?.[0] : undefined;
  const context = next ? contextOf(first).replace(next, `${Number(next.slice(0, 4)) + 1}年`) : contextOf(first);
  if (!context || second.startsWith(context)) return null;
  const own = next ? second.replace(NEXT_YEAR, '') : second;
  const named = own.replace(/^(而|那么|那|其中|另外|以及|和|及)/u, '').replace(/(多少|几).*$/u, '').replace(BARE, '').replace(AIM_WORDS, '');
  // A word the first ask's thing holds ("实际抽查多少户" of "抽查市场主体计划多少户") names no thing of its own.
  if (named.length >= 2 && !first.slice(context.length).includes(named)) return [first, `${context}${own}`];
  const content = first.slice(contextOf(first).length);
  // "培育了多少名法律明白人": the thing may follow the ask.
  const after = /(?:多少|几)[个名次件项人天条份家所批位场起宗户处]?([\u4e00-\u9fff“”]{2,})$/u.exec(content)?.[1];
  const thing = after ?? (TARGET_TAIL.test(content) ? content.replace(TARGET_TAIL, '') : content.replace(ASK_TAIL, '')).replace(/的$/u, '').replace(AIM_END, '');
  return thing.length >= 2 ? [first, `${context}${thing}${own}`] : null;
}

/** The answers to two asks as one: the second's citations numbered on from the first's, a paragraph cited by both once. */
export function joinAnswers(first: AnswerResult, second: AnswerResult, topK: number): AnswerResult {
  // One ask answered: its answer, and the other's refusal, so that a half is not taken for the whole.
  if (!first.answered || !second.answered) {
    const [answered, refused] = first.answered ? [first, second] : [second, first];
    return answered.answered ? { ...answered, answer: `${answered.answer}${refused.answer}` } : first;
  }
  // One quote answers both ("| 法律援助案件（件） | 15 | 19", a row of target and result).
  if (second.answer === first.answer) return first;
  const cited = (a: AnswerResult) => new Set([...a.answer.matchAll(/\[(\d+)\]/gu)].map((m) => Number(m[1])));
  const [one, two] = [cited(first), cited(second)];
  const citations: Citation[] = first.citations.filter((c) => one.has(c.n));
  const renumber = new Map<number, number>();
  for (const c of second.citations.filter((x) => two.has(x.n))) {
    const same = citations.find((x) => x.id === c.id);
    if (same) renumber.set(c.n, same.n);
    else {
      renumber.set(c.n, citations.length + 1);
      citations.push({ ...c, n: citations.length + 1 });
    }
  }
  // The paragraphs read beside them, as each answer listed them, up to the number asked.
  for (const c of [...first.citations, ...second.citations]) {
    if (citations.length >= topK) break;
    if (!citations.some((x) => x.id === c.id)) citations.push({ ...c, n: citations.length + 1 });
  }
  // The report named once where both answers name it ("翥岗县市场监督管理局：…。…").
  const label = /^[^：:]{2,40}[：:]/u.exec(first.answer)?.[0];
  const rest = label && second.answer.startsWith(label) ? second.answer.slice(label.length) : second.answer;
  const answer = `${first.answer}${rest.replace(/\[(\d+)\]/gu, (_m, n: string) => `[${renumber.get(Number(n)) ?? n}]`)}`;
  return { ...first, answer, citations };
}
