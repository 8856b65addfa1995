/**
 * Extractive answering: from the retrieved paragraphs, the sentence or clauses
 * that answer, chosen by the question's type and by how much of the question's
 * content they hold.
 */
import { toSimplified } from '../ingest/script.js';
import type { Hit } from '../retrieve/hybrid.js';
import type { LexicalIndex } from '../retrieve/lexical.js';
import { asSentence, hasFigure, splitClauses, splitSentences, type Sentence } from './sentences.js';
import { conditionFigure, coverage, measuredPhrase, type QuestionType, type SectionKind, type Term } from './question.js';

export interface Evidence {
  hit: Hit;
  /** The answering text in the report's script and in simplified form. */
  quote: string;
  quoteSimplified: string;
  strength: number;
}

export interface ExtractContext {
  type: QuestionType;
  section?: SectionKind;
  terms: Term[];
  search: string;
  lexical: LexicalIndex;
}

const MAX_QUOTE = 130;

function tokenSet(lexical: LexicalIndex, text: string): Set<string> {
  return new Set(lexical.tokens(text));
}

/** Shares of a phrase's bigrams found in a text: "财政收入" in "财政预决算" is 1/3. */
function phraseMatch(phrase: string, text: string): number {
  if (phrase.length < 2) return text.includes(phrase) ? 1 : 0;
  let hit = 0;
  for (let i = 0; i + 1 < phrase.length; i++) if (text.includes(phrase.slice(i, i + 2))) hit++;
  return hit / (phrase.length - 1);
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
  const scores = clauses.map((c) => coverage(ctx.terms, tokenSet(ctx.lexical, c.search)));
  const wantFigure = ctx.type === 'numeric';
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
  const condition = conditionFigure(ctx.search);
  const out: Evidence[] = [];
  hits.forEach((hit, rank) => {
    const sentences = splitSentences(hit.paragraph.text);
    const heading = hit.paragraph.section.join(' ');
    const headingTokens = tokenSet(ctx.lexical, heading);
    let best: { s: Sentence; score: number } | null = null;
    for (const s of sentences) {
      const tokens = tokenSet(ctx.lexical, s.search);
      for (const t of headingTokens) tokens.add(t);
      let score = coverage(ctx.terms, tokens);
      if (ctx.type === 'numeric') {
        if (!hasFigure(s.search)) score *= 0.4;
        if (measured) score *= 0.5 + 0.5 * phraseMatch(measured, s.search);
      }
      if (condition) {
        const near = new RegExp(`${condition.term}[^，。；,;]{0,8}${condition.figure.replace(/\./g, '\\.')}`, 'u');
        if (!near.test(s.search.replace(/\s+/gu, ''))) score *= 0.3;
      }
      score *= 1 - Math.min(rank, 10) * 0.02;
      if (!best || score > best.score) best = { s, score };
    }
    if (!best) return;
    const quote = ctx.type === 'numeric' || ctx.type === 'who' || ctx.type === 'fact' || (ctx.type === 'yesno' && best.s.text.length > MAX_QUOTE)
      ? trimToClauses(best.s, ctx)
      : { text: asSentence(best.s.text), simplified: asSentence(best.s.simplified) };
    out.push({ hit, quote: quote.text, quoteSimplified: quote.simplified, strength: best.score });
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

/** Paragraphs of the report's "problems" or "plans" section, in report order. */
export function sectionParagraphs(hits: Hit[], kind: SectionKind): Hit[] {
  const heading = kind === 'problems' ? PROBLEM_HEADING : PLAN_HEADING;
  return hits.filter((h) => heading.test(toSimplified(h.paragraph.section[0] ?? '')))
    .sort((a, b) => a.paragraph.ordinal - b.paragraph.ordinal);
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
