/**
 * `npm run load`: a real server process on loopback and autocannon at N connections for D seconds,
 * first with distinct questions (places × topics × phrasings from the corpus, bench/questions.ts; no
 * question asked twice in a round), then with the shared question set repeated, each beside the
 * floor measured in this run (the model embedding distinct queries on every core). With --reindex,
 * an admin re-index runs in the middle of the first figure. Exits non-zero on any failed ask.
 * With --corpus and --index the server opens that corpus and its saved index in place (the generated
 * 50,000-paragraph corpus: `--corpus .bench/scale-corpus-50000 --index .bench/scale-index`, made by
 * `npm run bench`), and the time from start to ready is printed.
 *   --connections 50 --duration 60 [--reindex] [--repeated-only] [--corpus DIR --index DIR]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readQuestions } from '../adapters/node/cli/eval-rules.js';
import { loadCorpus } from '../adapters/node/corpus.js';
import { LocalEmbeddings } from '../adapters/node/index/embeddings.js';
import { tempConfig } from '../tests/helpers/index.js';
import { startServerProcess, waitReady } from '../tests/helpers/process.js';
import { httpLoop, loopText, type LoopResult } from './measure.js';
import { distinctQuestions } from './questions.js';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '50' },
    duration: { type: 'string', default: '60' },
    reindex: { type: 'boolean', default: false },
    'repeated-only': { type: 'boolean', default: false },
    questions: { type: 'string', default: '../shared/eval/questions.jsonl' },
    corpus: { type: 'string' },
    index: { type: 'string' },
  },
});
if ((values.corpus === undefined) !== (values.index === undefined)) throw new Error('--corpus and --index go together');
const TOKEN = 'load-test-admin-token-0123456789';
const connections = Number(values.connections);
const duration = Number(values.duration);
const config = await tempConfig(values.corpus && values.index ? { CORPUS_DIR: values.corpus, INDEX_DIR: values.index } : {});
const corpus = await loadCorpus(config.CORPUS_DIR);
const distinct = distinctQuestions(corpus.documents, corpus.paragraphs, 5000);
const repeated = readQuestions(values.questions).map((q) => q.q);

/** The floor: distinct queries embedded at once by the model's worker threads, per second (measured before the server starts). */
async function floor(): Promise<number> {
  const model = new LocalEmbeddings({ modelDir: config.EMBEDDINGS_MODEL_DIR });
  try {
    // Every worker loaded first: a bulk call starts the workers questions do not use.
    await model.embedDocuments(['预热', '预热。']);
    const texts = distinct.slice(0, 120).map((q) => `${q}#`);
    const t = performance.now();
    await model.embedDocuments(texts);
    return texts.length / ((performance.now() - t) / 1000);
  } finally {
    await model.close();
  }
}
const floorPerSecond = await floor();

const spawned = performance.now();
const server = await startServerProcess({ CORPUS_DIR: config.CORPUS_DIR, INDEX_DIR: config.INDEX_DIR, DATA_DIR: config.DATA_DIR, ADMIN_TOKEN: TOKEN, RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'warn' });
const listening = performance.now();
await waitReady(server.url, 600_000);
const ready = performance.now();
const before = readFileSync(`${config.INDEX_DIR}/CURRENT`, 'utf8');

let reindexResult = 'not run';
const reindex = values.reindex
  ? new Promise<void>((resolve) => setTimeout(async () => {
    const t = performance.now();
    const res = await fetch(`${server.url}/api/admin/reindex`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    reindexResult = `HTTP ${res.status} after ${((performance.now() - t) / 1000).toFixed(1)} s: ${await res.text()}`;
    resolve();
  }, (duration * 1000) / 3))
  : Promise.resolve();
const results: [string, LoopResult][] = [];
if (!values['repeated-only']) results.push([`${distinct.length} distinct questions`, await httpLoop(server.url, distinct, connections, duration)]);
await reindex;
results.push([`${repeated.length} shared questions repeated`, await httpLoop(server.url, repeated, connections, values['repeated-only'] ? duration : Math.min(duration, 10))]);
const after = readFileSync(`${config.INDEX_DIR}/CURRENT`, 'utf8');
await server.stop();

console.log(`load: ${corpus.paragraphs.length} paragraphs, ${connections} connections, ${duration} s; floor: the model embeds ${floorPerSecond.toFixed(0)} distinct queries/s`);
console.log(`  server start to ready (saved index): ${((ready - spawned) / 1000).toFixed(2)} s, of which listening to ready ${((ready - listening) / 1000).toFixed(2)} s`);
for (const [what, r] of results) console.log(`  ${what}: ${loopText(r)}; ratio to floor ${(r.perSecond / floorPerSecond).toFixed(2)}`);
const failed = results.reduce((n, [, r]) => n + r.failed, 0);
console.log(`  failed asks ${failed} `);
if (values.reindex) console.log(`  re-index under load: ${reindexResult}; index ${before === after ? 'NOT swapped' : 'swapped'} (${before.trim()} → ${after.trim()})`);
process.exit(failed > 0 || (values.reindex && before === after) ? 1 : 0);
