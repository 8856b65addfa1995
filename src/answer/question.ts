/**
 * What kind of answer a question wants, read from its wording, and the terms
 * that evidence must contain (the question without its scaffolding: places,
 * years, question words).
 */
import type { QueryAnalysis } from '../retrieve/query.js';
import type { LexicalIndex } from '../retrieve/lexical.js';

export type QuestionType = 'numeric' | 'list' | 'yesno' | 'who' | 'section' | 'fact';
export type SectionKind = 'problems' | 'plans';

const SECTION_PROBLEMS = /(存在(哪些|什么|的)?(问题|不足|困难|短板)|问题和不足|问题与不足|不足之处|有哪些不足|哪些短板)/u;
const SECTION_PLANS = /(下一步|工作计划|计划|打算|工作安排|主要安排|工作思路|工作要点|今后)/u;
const NUMERIC = /(多少|几[个名次件项人天条份家所批位场起宗户]|几$|比例|比率|占比|百分之|多大|多长|[率量数额]是?(多少|几|为何|怎样))/u;
const WHO = /(谁|由谁|哪个单位|哪个部门|哪家|哪一家|什么单位|什么机构|什么部门|来自哪|哪个机构)/u;
const YESNO = /(是否|有没有|有无|是不是|能否|可否|有未|[吗嘛][？?]?$)/u;
const LIST = /(哪些|哪几|分别是|分别为|分别有|包括什么|包括哪|什么内容|哪几项|哪几个|有什么|都有)/u;

export function questionType(search: string): { type: QuestionType; section?: SectionKind } {
  if (SECTION_PROBLEMS.test(search)) return { type: 'section', section: 'problems' };
  if (SECTION_PLANS.test(search) && /(哪些|什么|内容|有何|如何|怎样|怎么|打算|安排)/u.test(search)) return { type: 'section', section: 'plans' };
  if (NUMERIC.test(search)) return { type: 'numeric' };
  if (WHO.test(search)) return { type: 'who' };
  if (YESNO.test(search)) return { type: 'yesno' };
  if (LIST.test(search)) return { type: 'list' };
  return { type: 'fact' };
}

/** Words that frame a question rather than say what it is about. */
const SCAFFOLD = [
  '请问', '一下', '多少', '几', '哪些', '哪几', '什么', '是否', '有没有', '有无', '是不是', '怎么样', '怎么', '如何', '怎样',
  '分别', '哪家', '哪个', '哪一', '由谁', '谁', '吗', '呢', '报告中', '报告里', '报告', '那么', '那', '还有', '情况',
  '的', '了', '是', '有', '都', '在', '和', '及', '与', '或者', '被', '中', '年', '共', '全年', '这个', '那个', '其',
  '达到', '达', '为', '来', '要', '对', '等', '内容', '主要', '方面',
];

/** A content word of the question: matched by itself or, for a word the corpus never uses, by its bigrams. */
export interface Term {
  word: string;
  weight: number;
  /** Tokens any of which matches the word whole. */
  tokens: string[];
  /** Bigram tokens that match it in part (only for words the corpus does not use). */
  parts: string[];
}

/** The question's content words (place words, longest first, taken out) with their weights: rarer words weigh more, words the corpus never uses most. */
export function contentTerms(analysis: QueryAnalysis, placeWords: string[], lexical: LexicalIndex): Term[] {
  let text = analysis.expanded.replace(/(19|20)\d{2}\s*年/gu, ' ');
  for (const w of placeWords) text = text.split(w).join(' ');
  text = text.replace(/(街道|街镇|乡镇|镇街)/gu, ' ');
  for (const w of SCAFFOLD) text = text.split(w).join(' ');
  const terms = new Map<string, Term>();
  for (const token of lexical.tokens(text)) {
    if (!token.startsWith('w:')) continue;
    const word = token.slice(2);
    if (word.length < 2 && !/\d/u.test(word)) continue;
    const weight = lexical.idf(token);
    const seen = lexical.documentFrequency(token) > 0;
    const parts = seen || word.length < 3 ? [] : [...word].slice(0, -1).map((ch, i) => `b:${ch}${word[i + 1]}`);
    terms.set(word, { word, weight, tokens: [token, `b:${word}`], parts });
  }
  return [...terms.values()];
}

/** The share of the question's term weight found in a text's tokens. */
export function coverage(terms: Term[], tokens: Set<string>): number {
  const total = terms.reduce((s, t) => s + t.weight, 0);
  if (total === 0) return 0;
  let found = 0;
  for (const t of terms) {
    if (t.tokens.some((x) => tokens.has(x))) found += t.weight;
    else if (t.parts.length) found += (t.weight * t.parts.filter((x) => tokens.has(x)).length) / t.parts.length;
  }
  return found / total;
}

/** The thing a numeric question measures: the words just before 多少/几/是多少 ("财政收入" in "财政收入是多少"). */
export function measuredPhrase(search: string): string | null {
  const m = /([\u4e00-\u9fff]{2,8}?)(?:是|为|有|达到?了?|共|一共|总共)?(?:多少|几)/u.exec(search);
  if (!m?.[1]) return null;
  return m[1].replace(/^(的|了|共|有|是)+/u, '').replace(/(了|的|共|有|是|达到|达)+$/u, '') || null;
}

/** A figure the question itself states as a condition ("成功率达到了100%") and the term it qualifies. */
export function conditionFigure(search: string): { term: string; figure: string } | null {
  const m = /([\u4e00-\u9fff]{1,6})(?:达到了|达到|达|为|是|超过|不低于|在)?(\d+(?:\.\d+)?\s*[%％]|\d+(?:\.\d+)?\s*[件人次项个名天])/u.exec(search);
  if (!m?.[1] || !m[2]) return null;
  const term = m[1].replace(/(达到了|达到|达|为|是|超过|不低于|在|了)+$/u, '').slice(-3);
  return term ? { term, figure: m[2].replace(/\s+/gu, '').replace('％', '%') } : null;
}
