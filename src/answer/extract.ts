/**
 * Extractive answering: from the retrieved paragraphs, the sentence or clauses
 * that answer, chosen by the question's type and by how much of the question's
 * content they hold.
 */
import { toSimplified } from '../ingest/script.js';
import type { Hit, TermStats } from '../retrieve/retriever.js';
import { figuresOf, pairMatch, statesNone, unitAnswers } from './figures.js';
import { asSentence, enumeratedItems, hasFigure, splitClauses, splitSentences, startsItem, type Sentence } from './sentences.js';
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

/** A figure, or a statement that there was none ("未发生行政诉讼案件" answers "几起" with none). */
const figureLike = (s: string) => hasFigure(s) || statesNone(s);

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
    const bonus = wantFigure && figureLike(clauses[i]?.search ?? '') ? 0.15 : 0;
    if (s + bonus > (scores[best] ?? 0) + (wantFigure && figureLike(clauses[best]?.search ?? '') ? 0.15 : 0)) best = i;
  });
  let from = best;
  let to = best;
  if (wantFigure && !figureLike(clauses[best]?.search ?? '')) {
    while (to + 1 < clauses.length && !figureLike(clauses[to]?.search ?? '')) to++;
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
  // Words equally rare are equally the key: which one a report writes ("信访" or "上访") is not for the order of the question to decide.
  const rarest = Math.max(...ctx.terms.map((t) => t.weight));
  const keyTerms = ctx.terms.filter((t) => t.weight === rarest);
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
      const key = !keyTerms.length || keyTerms.some((t) => coverage([t], tokens) >= 0.5);
      if (ctx.type === 'numeric') {
        if (!figureLike(s.search)) score *= 0.4;
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
  const sentences = splitSentences(hit.paragraph.text);
  const first = sentences.length > 1 && isInlineHeading(sentences[0]?.simplified ?? '', hit) ? sentences[1] : sentences[0];
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

const NUMBERING = /^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+部分\s*)/u;

/** A sentence that only repeats the section's own heading ("七、存在的不足和下一步打算。"), run into its paragraph: no item of it. */
const isInlineHeading = (sentence: string, hit: Hit) => {
  const bare = sentence.replace(NUMBERING, '').replace(/[。：:]$/u, '');
  return isBareHeading(sentence) && bare.length >= 2 && toSimplified(hit.paragraph.section[0] ?? '').replace(NUMBERING, '') === bare;
};

export function sectionItems(hits: Hit[]): { hit: Hit; text: string; simplified: string }[] {
  const seen = new Set<string>();
  const out: { hit: Hit; text: string; simplified: string }[] = [];
  for (const hit of hits) {
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
