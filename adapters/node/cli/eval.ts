/**
 * `npm run eval`: the shared question set in process, scored by the rules of
 * ../shared/eval/score.mjs. `--retrieval` scores the retrieved paragraphs alone.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openNodeIndex } from '../service.js';
import { readQuestions, scoreOne, summarize, type Scored } from './eval-rules.js';

const { values } = parseArgs({
  options: {
    retrieval: { type: 'boolean', default: false },
    questions: { type: 'string', default: '../shared/eval/questions.jsonl' },
    k: { type: 'string', default: '5' },
    verbose: { type: 'boolean', short: 'v', default: false },
  },
});
const k = Number(values.k);
const handle = await openNodeIndex(loadConfig(), { log: (m) => console.error(m) });
const rows: Scored[] = [];
const fmt = (x: number | null) => (x === null ? 'n/a' : x.toFixed(2));
for (const q of readQuestions(values.questions)) {
  let row: Scored;
  if (values.retrieval) {
    const r = await handle.retriever.retrieve(q.q, { topK: k });
    const citations = r.hits.map((h) => ({ text: h.paragraph.text, title: h.document.title, locality: h.document.locality }));
    row = scoreOne(q, { answered: r.hits.length > 0, answer: '', citations }, k);
  } else {
    const { answerQuestion } = await import('../../../src/answer/answer.js');
    const result = await answerQuestion(handle.retriever, q.q, { topK: k });
    row = scoreOne(q, result, k);
    if (values.verbose) console.log(`      ${result.answer.replace(/\n/g, ' ').slice(0, 300)}`);
  }
  rows.push(row);
  const marks = q.kind === 'none' ? `refused=${row.none_ok ? 'yes' : 'NO'}` : `cite=${row.cite_ok ? 'ok' : 'MISS'}${values.retrieval ? '' : ` answer=${row.answer_ok ? 'ok' : 'MISS'} len=${row.len}`}`;
  console.log(`${q.id.padEnd(5)} ${q.kind.padEnd(11)} ${marks}  ${q.q}`);
}
const s = summarize(rows);
console.log(values.retrieval
  ? `cite_hit@${k}=${fmt(s.cite_hit)} (retrieval only, ${s.questions} questions)`
  : `cite_hit@${k}=${fmt(s.cite_hit)} answer_hit=${fmt(s.answer_hit)} false_refusal=${fmt(s.false_refusal)} none_ok=${fmt(s.none_ok)} concise=${fmt(s.concise)}`);
