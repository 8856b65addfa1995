/** `npm run ask -- "问题"` (answer), `--retrieve` (top paragraphs only), `--json` (the answer object). */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openNodeIndex } from '../service.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    retrieve: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    k: { type: 'string', default: '5' },
  },
});
const question = positionals.join(' ').trim();
if (!question) {
  console.error('usage: npm run ask -- [--retrieve] [--json] [--k 5] "问题"');
  process.exit(2);
}
const config = loadConfig();
const handle = await openNodeIndex(config, { log: (m) => console.error(m) });
const k = Number(values.k);
if (values.retrieve) {
  const r = await handle.retriever.retrieve(question, { topK: k });
  const a = r.analysis;
  const places = a.places.map((p) => `${p.name}→${p.docIds.join('/')}`).join(' ') || '-';
  console.log(`places=${places} preferred=${a.preferredDocIds?.join(',') ?? '-'} year=${a.year ?? '-'} allowed=${a.allowedDocIds.length} unknown=${a.unknownPlaces.join(',') || '-'}`);
  r.hits.forEach((h, i) => {
    console.log(`\n#${i + 1} ${h.score.toFixed(4)} lex=${h.lexical?.toFixed(2) ?? '-'} dense=${h.dense?.toFixed(3) ?? '-'}  ${h.paragraph.id}  ${h.document.locality} ${h.document.year ?? ''}  ${h.paragraph.section.join(' › ')}`);
    console.log(`   ${h.paragraph.text.slice(0, 200)}`);
  });
} else {
  const { answerQuestion } = await import('../../../src/answer/answer.js');
  const result = await answerQuestion(handle.retriever, question, { topK: k });
  if (values.json) console.log(JSON.stringify(result, null, 2));
  else {
    console.log(result.answer);
    for (const c of result.citations) console.log(`\n[${c.n}] ${c.title} · ${c.section.join(' › ')}\n    ${c.quote ?? c.text.slice(0, 160)}`);
  }
}
