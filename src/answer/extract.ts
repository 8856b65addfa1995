/**
 * Extractive answering: from the retrieved paragraphs, the sentence or clauses
 * that answer, chosen by the question's type and by how much of the question's
 * content they hold.
 */
import { toSimplified } from '../ingest/script.js';
import type { Hit, TermStats } from '../retrieve/retriever.js';
import { figuresOf, pairMatch, unitAnswers } from './figures.js';
import { asSentence, hasFigure, splitClauses, splitSentences, type Sentence } from './sentences.js';
import { conditionFigure, coverage, measuredPhrase, questionUnit, type Aim, type QuestionType, type SectionKind, type Term } from './question.js';
import type { Tuning } from './tuning.js';

export interface Evidence {
  hit: Hit;
  /** The answering text in the report's script and in simplified form. */
  quote: string;
  quoteSimplified: string;
  /** Lexical strength: the question's content found in the sentence, adjusted for the question's type. */
  strength: number;
  /** The sentence holds the question's rarest word. */
  key: boolean;
}

/**
 * Whether evidence answers: lexical strength with the question's rarest word,
 * or weaker lexical strength when the paragraph is close in meaning (a paraphrase). Without a
 * dense signal (a lexical-only Worker) the lexical rule alone decides.
 */
export function answers(e: Evidence, tuning: Tuning): boolean {
  if (e.strength >= tuning.minEvidence && e.key) return true;
  return e.hit.dense !== null && e.strength >= tuning.semanticEvidence && e.hit.dense >= tuning.minDense;
}

export interface ExtractContext {
  type: QuestionType;
  section?: SectionKind;
  terms: Term[];
  search: string;
  lexical: TermStats;
  aim?: Aim;
  /** Quote whole sentences (a computation reads every figure of them). */
  whole?: boolean;
}

/** Names a who-question wants: a firm, a lawyer, a person holding a post, a body that leads. */
const NAMED = /(律师事务所|事务所|[\u4e00-\u9fff]{2,3}(律师|同志|主任|书记|镇长|乡长|局长|主任)|由[\u4e00-\u9fff]{2,12}(负责|牵头|承担|兼任|担任)|牵头|兼任|担任)/u;

/** How a sentence's figures suit the aim: a target asked for wants a target figure, a done one a done figure. */
function aimFactor(text: string, aim: Aim | undefined): number {
  const figures = figuresOf(text);
  if (!figures.length) return 1;
  const targets = figures.filter((f) => f.target).length;
  if (aim === 'target') return targets ? 1 : 0.6;
  return targets === figures.length ? 0.6 : 1;
}

const MAX_QUOTE = 130;

function tokenSet(lexical: TermStats, text: string): Set<string> {
  return new Set(lexical.tokens(text));
}

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
  const scores = clauses.map((c) => coverage(ctx.terms, tokenSet(ctx.lexical, c.search)) * (wantFigure ? aimFactor(c.search, ctx.aim) : 1));
  let best = 0;
  scores.forEach((s, i) => {
    const bonus = wantFigure && hasFigure(clauses[i]?.search ?? '') ? 0.15 : 0;
    if (s + bonus > (scores[best] ?? 0) + (wantFigure && hasFigure(clauses[best]?.search ?? '') ? 0.15 : 0)) best = i;
  });
  let from = best;
  let to = best;
  if (wantFigure && !hasFigure(clauses[best]?.search ?? '')) {
    while (to + 1 < clauses.length && !hasFigure(clauses[to]?.search ?? '')) to++;
  }
  // A clause that starts with a figure or a bare verb leans on the one before it for its subject.
  while (from > 0 && /^[\d其共累计并且和及、]/u.test(clauses[from]?.search ?? '') && to - from < 3) from--;
  const length = () => clauses.slice(from, to + 1).reduce((n, c) => n + c.text.length, 0);
  while (to + 1 < clauses.length && hasFigure(clauses[to + 1]?.search ?? '') && length() + (clauses[to + 1]?.text.length ?? 0) <= MAX_QUOTE) to++;
  while (length() > MAX_QUOTE && to > best) to--;
  return joinClauses(clauses, from, to);
}

/** The best answering sentence of each given paragraph, scored. */
export function bestSentences(hits: Hit[], ctx: ExtractContext): Evidence[] {
  const measured = ctx.type === 'numeric' ? measuredPhrase(ctx.search) : null;
  const unit = ctx.type === 'numeric' ? questionUnit(ctx.search) : null;
  const condition = conditionFigure(ctx.search);
  // The question's rarest word ("护照" in "怎么办理护照"): lexical evidence that lacks it does not answer.
  const keyTerm = ctx.terms.reduce<Term | null>((k, t) => (!k || t.weight > k.weight ? t : k), null);
  const out: Evidence[] = [];
  hits.forEach((hit, rank) => {
    const sentences = splitSentences(hit.paragraph.text);
    const heading = hit.paragraph.section.join(' ');
    const headingTokens = tokenSet(ctx.lexical, heading);
    let best: { s: Sentence; score: number; key: boolean } | null = null;
    for (const s of sentences) {
      const tokens = tokenSet(ctx.lexical, s.search);
      for (const t of headingTokens) tokens.add(t);
      let score = coverage(ctx.terms, tokens);
      const key = !keyTerm || coverage([keyTerm], tokens) >= 0.5;
      if (ctx.type === 'numeric') {
        if (!hasFigure(s.search)) score *= 0.4;
        if (measured) score *= 0.5 + 0.5 * pairMatch(measured, s.search);
        score *= aimFactor(s.search, ctx.aim);
        if (unit && !figuresOf(s.search).some((f) => unitAnswers(f.unit, unit))) score *= 0.75;
      }
      if (ctx.type === 'who' && !NAMED.test(s.search)) score *= 0.6;
      if (condition) {
        const near = new RegExp(`${condition.term}[^，。；,;]{0,8}${condition.figure.replace(/\./g, '\\.')}`, 'u');
        if (!near.test(s.search.replace(/\s+/gu, ''))) score *= 0.3;
      }
      score *= 1 - Math.min(rank, 10) * 0.02;
      if (!best || score > best.score) best = { s, score, key };
    }
    if (!best) return;
    const quote = !ctx.whole && (ctx.type === 'numeric' || ctx.type === 'who' || ctx.type === 'fact' || (ctx.type === 'yesno' && best.s.text.length > MAX_QUOTE))
      ? trimToClauses(best.s, ctx)
      : { text: asSentence(best.s.text), simplified: asSentence(best.s.simplified) };
    out.push({ hit, quote: quote.text, quoteSimplified: quote.simplified, strength: best.score, key: best.key });
  });
  return out.sort((a, b) => b.strength - a.strength);
}

const PROBLEM_HEADING = /(问题|不足|短板|差距|困难|薄弱)/u;
const PLAN_HEADING = /(下一步|计划|打算|安排|思路|展望|工作重点|要点|今后)/u;

/** The item a paragraph contributes to a list of a section: its own heading or its first sentence. */
function itemOf(hit: Hit): { text: string; simplified: string } {
  const first = splitSentences(hit.paragraph.text)[0];
  const sub = hit.paragraph.section[1];
  if (sub && !hit.paragraph.text.startsWith(sub.slice(0, 4))) {
    const simplifiedSub = splitSentences(sub)[0]?.simplified ?? sub;
    return { text: sub, simplified: simplifiedSub };
  }
  return { text: first?.text ?? hit.paragraph.text, simplified: first?.simplified ?? hit.paragraph.simplified };
}

/** A paragraph that is a heading the segmenter could not tell from text: short, unpunctuated ("存在的问题", "第二部分 下一步打算"). */
const isBareHeading = (text: string) => text.length <= 40 && !/[，,。；;：:]/u.test(text.replace(/[。]$/u, ''));

/**
 * Paragraphs of the report's "problems" or "plans" section, in report order:
 * under a heading of that kind, or, where headings stayed paragraphs, after
 * such a heading paragraph until the next heading paragraph.
 */
export function sectionParagraphs(hits: Hit[], kind: SectionKind): Hit[] {
  const heading = kind === 'problems' ? PROBLEM_HEADING : PLAN_HEADING;
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
  return out;
}

export function sectionItems(hits: Hit[]): { hit: Hit; text: string; simplified: string }[] {
  const seen = new Set<string>();
  const out: { hit: Hit; text: string; simplified: string }[] = [];
  for (const hit of hits) {
    if (hit.paragraph.chunk && hit.paragraph.chunk > 1) continue;
    const item = itemOf(hit);
    if (seen.has(item.simplified)) continue;
    seen.add(item.simplified);
    out.push({ hit, ...item });
  }
  return out;
}
