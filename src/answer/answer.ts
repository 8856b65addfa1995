/**
 * The product: a question in, a short answer with numbered citations out, or
 * an honest refusal when the reports do not say.
 */
import type { Citation, ReportDocument } from '../schema.js';
import type { HybridRetriever, Hit } from '../retrieve/hybrid.js';
import { detectScript, toSimplified, toTraditional } from '../ingest/script.js';
import { guardAnswer, refusedByModel } from './guard.js';
import type { LlmAnswerer } from './llm.js';
import type { AnswerEvent } from './stream.js';
import { ConversationStore } from './conversation.js';
import { bestSentences, sectionItems, sectionParagraphs, type Evidence, type ExtractContext } from './extract.js';
import { contentTerms, questionType } from './question.js';
import type { AnswerResult, AskOptions } from './types.js';

/** Below this share of the question's content found in the best sentence, the reports are taken not to answer. */
export const MIN_EVIDENCE = 0.45;
const EVIDENCE_DEPTH = 8;
/** A question across reports is answered for at most this many of them. */
const MAX_REPORTS = 12;

export interface AnswerDeps {
  conversations?: ConversationStore;
  /** An OpenAI-compatible chat model; without it every answer is extractive. */
  llm?: LlmAnswerer;
}

interface Part {
  hit: Hit;
  text: string;
  simplified: string;
}

const newId = () => globalThis.crypto.randomUUID();

function reportList(documents: ReportDocument[]): string {
  return documents.map((d) => `${d.locality}（${d.year ?? '年份不详'}年）`).join('、');
}

function placeLabel(doc: ReportDocument): string {
  return doc.locality;
}

function refusal(message: string, base: Omit<AnswerResult, 'answered' | 'answer' | 'citations' | 'mode'>): AnswerResult {
  return { ...base, answered: false, answer: message, citations: [], mode: 'extractive' };
}

function citationOf(hit: Hit, n: number, quote?: string): Citation {
  const d = hit.document;
  return {
    n,
    id: hit.paragraph.id,
    docId: d.id,
    title: d.title,
    locality: d.locality,
    ...(d.region ? { region: d.region } : {}),
    year: d.year,
    section: hit.paragraph.section,
    text: hit.paragraph.text,
    simplified: hit.paragraph.simplified,
    ...(quote ? { quote } : {}),
    score: Number(hit.score.toFixed(6)),
  };
}

/** Numbers the cited paragraphs in order of first use, then adds the other retrieved ones as further sources. */
function numberCitations(parts: Part[], others: Hit[], topK: number): { citations: Citation[]; marker: (p: Part) => string } {
  const citations: Citation[] = [];
  const byId = new Map<string, number>();
  for (const p of parts) {
    if (byId.has(p.hit.paragraph.id)) continue;
    byId.set(p.hit.paragraph.id, citations.length + 1);
    citations.push(citationOf(p.hit, citations.length + 1, p.text));
  }
  for (const h of others) {
    if (citations.length >= Math.max(topK, byId.size)) break;
    if (byId.has(h.paragraph.id)) continue;
    byId.set(h.paragraph.id, citations.length + 1);
    citations.push(citationOf(h, citations.length + 1));
  }
  return { citations, marker: (p) => `[${byId.get(p.hit.paragraph.id)}]` };
}

/** All paragraphs of a report as hits, for answers that list a whole section. */
function documentHits(retriever: HybridRetriever, docId: string): Hit[] {
  const document = retriever.document(docId);
  if (!document) return [];
  return retriever.paragraphsOf(docId).map((paragraph) => ({ paragraph, document, score: 0, lexical: null, dense: null }));
}

function yesNo(evidence: string): string {
  return /(未|没有|无|尚未|不曾|从未)(发生|出现|聘请|设立|开展|收到|受理|有)|(未|没有)[^，。；]{0,6}(案件|情况|事件)|为零|零(发生|事故|投诉)/u.test(evidence) ? '没有。' : '是的。';
}

/** Splits an answer into the pieces a stream sends: sentence by sentence, markers kept with their sentence. */
export function answerPieces(answer: string): string[] {
  return answer.match(/[^。！？!?\n]+(?:[。！？!?]+(?:\[\d+\])*|\n|$)/gu) ?? [answer];
}

const useLlm = (deps: AnswerDeps, options: AskOptions, extractive: AnswerResult): deps is AnswerDeps & { llm: LlmAnswerer } =>
  Boolean(deps.llm) && options.mode !== 'extractive' && extractive.answered;

/**
 * The LLM's answer when it passes the guard (every [n] given, every figure in
 * a cited paragraph); otherwise the extractive answer with the reason.
 */
function judgeLlm(text: string, extractive: AnswerResult, llmMs: number): AnswerResult {
  const timings = { ...extractive.timings, llmMs: Number(llmMs.toFixed(1)) };
  if (refusedByModel(text)) return { ...extractive, timings, warnings: ['the LLM found no answer in the paragraphs; the extractive answer is given'] };
  const verdict = guardAnswer(text, extractive.citations);
  if (!verdict.ok) return { ...extractive, timings, warnings: [`LLM answer rejected: ${verdict.reason}; the extractive answer is given`] };
  return { ...extractive, answer: text.trim(), mode: 'llm', timings };
}

const llmFailure = (extractive: AnswerResult, err: unknown): AnswerResult =>
  ({ ...extractive, warnings: [`LLM unavailable (${err instanceof Error ? err.message : String(err)}); the extractive answer is given`] });

export async function answerQuestion(
  retriever: HybridRetriever,
  question: string,
  options: AskOptions = {},
  deps: AnswerDeps = {},
): Promise<AnswerResult> {
  const extractive = await extractiveAnswer(retriever, question, options, deps);
  if (!useLlm(deps, options, extractive)) return extractive;
  const t = performance.now();
  try {
    return judgeLlm(await deps.llm.answer(question, extractive.citations, detectScript(question)), extractive, performance.now() - t);
  } catch (err) {
    return llmFailure(extractive, err);
  }
}

/** The answer as events: citations first, then text as it is produced, then the whole (authoritative) result. */
export async function* streamAnswer(
  retriever: HybridRetriever,
  question: string,
  options: AskOptions = {},
  deps: AnswerDeps = {},
): AsyncIterable<AnswerEvent> {
  const extractive = await extractiveAnswer(retriever, question, options, deps);
  yield { type: 'citations', citations: extractive.citations };
  if (!useLlm(deps, options, extractive)) {
    for (const text of answerPieces(extractive.answer)) yield { type: 'delta', text };
    yield { type: 'done', result: extractive };
    return;
  }
  const t = performance.now();
  let text = '';
  let result: AnswerResult;
  try {
    for await (const delta of deps.llm.stream(question, extractive.citations, detectScript(question))) {
      text += delta;
      yield { type: 'delta', text: delta };
    }
    result = judgeLlm(text, extractive, performance.now() - t);
  } catch (err) {
    result = llmFailure(extractive, err);
  }
  yield { type: 'done', result };
}

async function extractiveAnswer(
  retriever: HybridRetriever,
  question: string,
  options: AskOptions,
  deps: AnswerDeps,
): Promise<AnswerResult> {
  const started = performance.now();
  const conversationId = options.conversationId ?? newId();
  const topK = options.topK ?? 5;
  const base = { id: newId(), conversationId, timings: {} as Record<string, number> };

  let analysis = retriever.analyze(question, options.filters);
  const previous = deps.conversations?.context(conversationId);
  if (previous && !analysis.placeDocIds && !analysis.unknownPlaces.length && !options.filters?.docId && !options.filters?.locality) {
    // A follow-up ("那成功率呢？") keeps the place, and the year unless it names another.
    const names = (previous.placeDocIds ?? []).map((id) => retriever.document(id)?.locality).filter(Boolean).join('和');
    const year = analysis.year === null && previous.year !== null ? `${previous.year}年` : '';
    analysis = retriever.analyze(`${names}${year}${question}`, options.filters);
  }

  const finish = (result: AnswerResult): AnswerResult => {
    result.timings = { ...result.timings, totalMs: Number((performance.now() - started).toFixed(1)) };
    deps.conversations?.add(conversationId, { question, answer: result.answer, placeDocIds: analysis.placeDocIds, year: analysis.year, at: Date.now() });
    return result;
  };
  const inScript = (text: string) => (analysis.script === 'traditional' ? toTraditional(text) : text);
  // Quotes keep the report's own characters where the report is in the question's script.
  const quoteOf = (p: Part) => (analysis.script === 'traditional'
    ? (p.hit.document.script === 'traditional' ? p.text : toTraditional(p.simplified))
    : p.simplified);

  if (analysis.unknownPlaces.length && !analysis.placeDocIds) {
    return finish(refusal(inScript(`语料中没有${analysis.unknownPlaces.join('、')}的报告。现有报告：${reportList(retriever.documents)}。`), base));
  }
  if (analysis.uncoveredYear !== null) {
    const docs = (analysis.placeDocIds ?? []).map((id) => retriever.document(id)).filter((d): d is ReportDocument => Boolean(d));
    const place = docs.length ? docs.map(placeLabel).join('、') : '';
    const have = docs.length ? reportList(docs) : reportList(retriever.documents);
    return finish(refusal(inScript(`语料中没有${place}${analysis.uncoveredYear}年的报告。现有报告：${have}。`), base));
  }

  const retrieval = await retriever.retrieve(question, { topK: Math.max(topK, EVIDENCE_DEPTH), filters: options.filters }, analysis);
  base.timings = { ...retrieval.timings };
  const t0 = performance.now();
  const { type, section } = questionType(analysis.search);
  const ctx: ExtractContext = { type, section, terms: contentTerms(analysis, retriever.places.map((p) => p.word), retriever.lexical), search: analysis.search, lexical: retriever.lexical };

  const parts: Part[] = [];
  const multi = (analysis.placeDocIds?.length ?? 0) > 1 || (analysis.acrossReports && !analysis.placeDocIds);

  if (type === 'section' && section) {
    const ranked = [...new Set(retrieval.hits.map((h) => h.paragraph.docId))];
    const docIds = (analysis.placeDocIds ?? (multi ? ranked : ranked.slice(0, 1))).slice(0, MAX_REPORTS);
    for (const docId of docIds) {
      const items = sectionItems(sectionParagraphs(documentHits(retriever, docId), section));
      if (!items.length) continue;
      parts.push(...items);
    }
  }

  let answerText = '';
  if (parts.length) {
    const { citations, marker } = numberCitations(parts, retrieval.hits, topK);
    const byDoc = new Map<string, Part[]>();
    for (const p of parts) byDoc.set(p.hit.document.id, [...(byDoc.get(p.hit.document.id) ?? []), p]);
    answerText = [...byDoc.values()].map((ps) => {
      const doc = ps[0]!.hit.document;
      const heading = ps[0]!.hit.paragraph.section[0] ?? '';
      const items = ps.map((p) => `${quoteOf(p).replace(/[。；;]+$/u, '')}${marker(p)}`).join('；');
      const title = heading.replace(/^[一二三四五六七八九十]+、/u, '');
      return `${inScript(placeLabel(doc))}${title ? `（${inScript(toSimplified(title))}）` : ''}：${items}。`;
    }).join('\n');
    base.timings = { ...base.timings, extractMs: performance.now() - t0 };
    return finish({ ...base, answered: true, answer: answerText, citations, mode: 'extractive' });
  }

  let chosen: Evidence[] = [];
  const notFound: string[] = [];
  if (multi) {
    // The reports to answer for: those named, else those whose paragraphs rank highest for the question.
    const wide = analysis.placeDocIds ? null : await retriever.retrieve(question, { topK: 60, filters: options.filters }, analysis);
    const docIds = analysis.placeDocIds ?? [...new Set(wide?.hits.map((h) => h.paragraph.docId))];
    for (const docId of docIds.slice(0, MAX_REPORTS)) {
      const hits = wide
        ? wide.hits.filter((h) => h.paragraph.docId === docId).slice(0, 3)
        : (await retriever.retrieve(question, { topK: 3, filters: { ...options.filters, docId } }, { ...analysis, allowedDocIds: [docId] })).hits;
      const best = bestSentences(hits, ctx)[0];
      if (best && best.strength >= MIN_EVIDENCE) chosen.push(best);
      else if (analysis.placeDocIds) notFound.push(retriever.document(docId)?.locality ?? docId);
    }
  } else {
    const best = bestSentences(retrieval.hits.slice(0, EVIDENCE_DEPTH), ctx)[0];
    if (best && best.strength >= MIN_EVIDENCE) chosen = [best];
  }
  base.timings = { ...base.timings, extractMs: performance.now() - t0 };

  if (!chosen.length) {
    const scope = analysis.placeDocIds?.map((id) => retriever.document(id)?.locality).filter(Boolean).join('、');
    return finish(refusal(inScript(`未找到：${scope ? `${scope}的报告` : '现有报告'}中没有找到能回答这个问题的内容。`), base));
  }

  const chosenParts: Part[] = chosen.map((e) => ({ hit: e.hit, text: e.quote, simplified: e.quoteSimplified }));
  const { citations, marker } = numberCitations(chosenParts, retrieval.hits, topK);
  const sentences = chosenParts.map((p) => {
    const label = placeLabel(p.hit.document);
    const quote = quoteOf(p);
    const body = p.simplified.includes(label.replace(/(街道|镇|乡|街)$/u, '')) ? quote : `${inScript(label)}：${quote}`;
    return `${body.replace(/。$/u, '')}${marker(p)}。`;
  });
  // A report named in the question that does not say is reported as such, not left out silently.
  for (const place of notFound) sentences.push(inScript(`${place}：报告中未找到相关内容。`));
  answerText = type === 'yesno' && !multi ? `${inScript(yesNo(chosenParts[0]!.simplified))}${sentences.join('')}` : sentences.join(multi ? '\n' : '');
  return finish({ ...base, answered: true, answer: answerText, citations, mode: 'extractive' });
}

