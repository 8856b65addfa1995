/**
 * `npm run eval`: a question set in process, scored by the rules of ../shared/eval/score.mjs.
 *   --set shared|dev|test   which reports and questions (shared: corpus/ and ../shared/eval/questions.jsonl;
 *                           dev/test: tests/eval/<set>/reports and every questions*.jsonl beside them)
 *   --retrieval             score the retrieved paragraphs alone
 *   --sweep                 print the sweep of each threshold and weight (dev only: test is only ever reported)
 *   --kinds                 a summary line per question kind as well
 *   --lexical-only          without the dense index, as a Worker without Vectorize answers
 * The index of each set is built under .index-eval/<set>; vectors come from its embedding cache.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { answerQuestion } from '../../../src/answer/answer.js';
import { DEFAULT_TUNING, type Tuning } from '../../../src/answer/tuning.js';
import { DEFAULT_FUSION, HybridRetriever, type FusionWeights } from '../../../src/retrieve/hybrid.js';
import { loadConfig } from '../config.js';
import { buildIndex, type LoadedIndex } from '../index/store.js';
import { embeddingsFor } from '../service.js';
import { readQuestions, scoreOne, summarize, summaryLine, type EvalQuestion, type Scored, type Summary } from './eval-rules.js';

const { values } = parseArgs({
  options: {
    set: { type: 'string', default: 'shared' },
    retrieval: { type: 'boolean', default: false },
    sweep: { type: 'boolean', default: false },
    /** With --sweep: only the sweeps whose label starts with this ("floorDense", "minDense=0.6"). */
    only: { type: 'string' },
    kinds: { type: 'boolean', default: false },
    questions: { type: 'string' },
    k: { type: 'string', default: '5' },
    verbose: { type: 'boolean', short: 'v', default: false },
    quiet: { type: 'boolean', short: 'q', default: false },
    'lexical-only': { type: 'boolean', default: false },
  },
});
const set = values.set ?? 'shared';
if (!['shared', 'dev', 'test'].includes(set)) throw new Error(`--set must be shared, dev or test (got ${set})`);
if (values.sweep && set === 'test') throw new Error('the test split is only reported, never swept: use --set dev');
const k = Number(values.k);

const corpusDir = set === 'shared' ? 'corpus' : join('tests', 'eval', set, 'reports');
const questionFiles = values.questions ? [values.questions]
  : set === 'shared' ? ['../shared/eval/questions.jsonl']
    : readdirSync(join('tests', 'eval', set)).filter((f) => /^questions.*\.jsonl$/u.test(f)).sort().map((f) => join('tests', 'eval', set, f));
const questions = questionFiles.flatMap(readQuestions);

const config = loadConfig();
// Built afresh each run (ingestion may have changed; the embedding cache makes it cheap).
const index: LoadedIndex = await buildIndex({ corpusDir, indexDir: join('.index-eval', set), embeddings: embeddingsFor(config), log: (m) => console.error(m) });
console.error(`${set}: ${index.documents.length} reports, ${index.paragraphs.length} paragraphs, ${questions.length} questions from ${questionFiles.join(', ')}`);

async function run(qs: EvalQuestion[], fusion: FusionWeights, tuning: Tuning, print: boolean, dense = !values['lexical-only']): Promise<{ rows: Scored[]; s: Summary }> {
  const retriever = new HybridRetriever(index.documents, index.paragraphs, index.lexical, dense ? index.dense : null, fusion);
  const rows: Scored[] = [];
  for (const q of qs) {
    let row: Scored;
    let answer = '';
    if (values.retrieval) {
      const r = await retriever.retrieve(retriever.analyze(q.q), { topK: k });
      const citations = r.hits.map((h) => ({ text: h.paragraph.text, title: h.document.title, locality: h.document.locality }));
      row = scoreOne(q, { answered: r.hits.length > 0, answer: '', citations }, k);
    } else {
      const result = await answerQuestion(retriever, q.q, { topK: k }, { tuning });
      answer = result.answer;
      row = scoreOne(q, result, k);
    }
    rows.push(row);
    if (!print) continue;
    const marks = q.kind === 'none' ? `refused=${row.none_ok ? 'yes' : 'NO'}`
      : `cite=${row.cite_ok ? 'ok' : 'MISS'}${values.retrieval ? '' : ` answer=${row.answer_ok ? 'ok' : row.answered ? 'WRONG' : 'MISS'} len=${row.len}`}`;
    console.log(`${q.id.padEnd(7)} ${q.kind.padEnd(11)} ${marks}  ${q.q}`);
    if (values.verbose && answer) console.log(`        ${answer.replace(/\n/g, ' ').slice(0, 300)}`);
  }
  return { rows, s: summarize(rows) };
}

const line = (s: Summary) => (values.retrieval ? `cite_hit@${k}=${s.cite_hit?.toFixed(2) ?? 'n/a'} (retrieval only, ${s.questions} questions)` : summaryLine(s, k));
/** What the sweep maximises: answers, with a wrong answer costing two (it is worse than a refusal), and refusals of `none` questions. */
const objective = (s: Summary) => (s.answer_hit ?? 0) - 2 * (s.wrong ?? 0) + (s.none_ok ?? 0) + (s.cite_hit ?? 0);

if (values.sweep) {
  const base = await run(questions, DEFAULT_FUSION, DEFAULT_TUNING, false);
  console.log(`defaults  ${line(base.s)}  objective=${objective(base.s).toFixed(3)}`);
  const report = async (label: string, fusion: FusionWeights, tuning: Tuning, dense = true) => {
    if (values.only && !label.startsWith(values.only)) return;
    const { s } = await run(questions, fusion, tuning, false, dense);
    console.log(`${label.padEnd(40)} ${line(s)}  objective=${objective(s).toFixed(3)}`);
  };
  for (const kk of [5, 10, 20, 60]) await report(`fusion k=${kk}`, { ...DEFAULT_FUSION, k: kk }, DEFAULT_TUNING);
  for (const lexical of [1, 1.5, 2, 3]) await report(`fusion lexical=${lexical}`, { ...DEFAULT_FUSION, lexical }, DEFAULT_TUNING);
  // The lexical threshold decides alone where there is no dense signal (a Worker): swept without it.
  for (const minEvidence of [0.3, 0.35, 0.4, 0.45, 0.5, 0.55]) await report(`lexical only, minEvidence=${minEvidence}`, DEFAULT_FUSION, { ...DEFAULT_TUNING, minEvidence }, false);
  for (const minLabel of [0.3, 0.4, 0.5, 0.6]) await report(`minLabel=${minLabel}`, DEFAULT_FUSION, { ...DEFAULT_TUNING, minLabel });
  // The cosine below which nothing is evidence: dev's answered questions hold 0.54 and up, its off-topic ones under 0.4.
  for (const floorDense of [0.35, 0.4, 0.45, 0.5, 0.55]) await report(`floorDense=${floorDense}`, DEFAULT_FUSION, { ...DEFAULT_TUNING, floorDense });
  // An answer of the shape asked (a yes/no settled, several things listed) over a stronger one without it (1.01: never).
  for (const shapedShare of [0.3, 0.5, 0.7, 0.85, 1.01]) await report(`shapedShare=${shapedShare}`, DEFAULT_FUSION, { ...DEFAULT_TUNING, shapedShare });
  for (const evidenceDepth of [6, 8, 12, 16]) await report(`evidenceDepth=${evidenceDepth}`, DEFAULT_FUSION, { ...DEFAULT_TUNING, evidenceDepth });
  for (const tableLabel of [0.6, 0.7, 0.8, 0.9, 1, 1.01]) await report(`tableLabel=${tableLabel}`, DEFAULT_FUSION, { ...DEFAULT_TUNING, tableLabel });
  for (const alternatives of [0, 0.25, 0.5, 0.75, 1]) await report(`alternatives=${alternatives}`, DEFAULT_FUSION, { ...DEFAULT_TUNING, alternatives });
  for (const sidesTogether of [0.3, 0.4, 0.5, 0.6]) await report(`sidesTogether=${sidesTogether}`, DEFAULT_FUSION, { ...DEFAULT_TUNING, sidesTogether });
  for (const sentenceLabel of [0, 0.6, 0.8, 1]) await report(`sentenceLabel=${sentenceLabel}`, DEFAULT_FUSION, { ...DEFAULT_TUNING, sentenceLabel });
  // A yes or no unsettled by a sentence saying the opposite, at this share of the deciding one's weight (1.01: never).
  for (const oppositeShare of [0.6, 0.8, 1.01]) await report(`oppositeShare=${oppositeShare}`, DEFAULT_FUSION, { ...DEFAULT_TUNING, oppositeShare });
  for (const reportsWord of [1, 3, 5, 10, Infinity]) await report(`reportsWord=${reportsWord}`, DEFAULT_FUSION, { ...DEFAULT_TUNING, reportsWord });
  for (const unwrittenShare of [0.3, 0.5, 0.7, 1]) await report(`unwrittenShare=${unwrittenShare}`, DEFAULT_FUSION, { ...DEFAULT_TUNING, unwrittenShare });
  for (const predicateShare of [0, 0.3, 0.5, 0.7]) await report(`predicateShare=${predicateShare}`, DEFAULT_FUSION, { ...DEFAULT_TUNING, predicateShare });
  for (const otherReport of [0.6, 0.7, 0.85, 1]) await report(`otherReport=${otherReport}`, DEFAULT_FUSION, { ...DEFAULT_TUNING, otherReport });
  // The paraphrase path (the share of the question's characters in the sentence, in a paragraph this close to the closest
  // in meaning), at the two cosine floors the semantic sweep below finds best.
  for (const minDense of [0.6, 0.65]) {
    for (const minChars of [0.35, 0.4, 0.45]) {
      for (const nearDense of [0.01, 0.02, 0.04, 0.06]) {
        await report(`minDense=${minDense} minChars=${minChars} nearDense=${nearDense}`, DEFAULT_FUSION, { ...DEFAULT_TUNING, minDense, minChars, nearDense });
      }
    }
  }
  for (const semanticEvidence of [0.1, 0.15, 0.2, 0.25, 0.3]) {
    for (const minDense of [0.6, 0.65, 0.7, 0.75, 0.8]) {
      await report(`semanticEvidence=${semanticEvidence} minDense=${minDense}`, DEFAULT_FUSION, { ...DEFAULT_TUNING, semanticEvidence, minDense });
    }
  }
} else {
  const { rows, s } = await run(questions, DEFAULT_FUSION, DEFAULT_TUNING, !values.quiet);
  if (values.kinds) {
    for (const kind of [...new Set(rows.map((r) => r.kind))].sort()) {
      const of = rows.filter((r) => r.kind === kind);
      console.log(`${kind.padEnd(12)} n=${String(of.length).padStart(3)}  ${line(summarize(of))}`);
    }
  }
  console.log(line(s));
}
