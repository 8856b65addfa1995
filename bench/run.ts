/**
 * `npm run bench`: speed and memory figures, each beside its floor measured in the same run.
 *   bundled corpus: index build, start-up, the floors (the model embedding one query alone and many
 *   at once, an hnswlib search), asks in process and over HTTP with distinct questions (places ×
 *   topics × phrasings from the corpus, bench/questions.ts) and, as a second figure, the shared
 *   question set repeated; where the time of an ask goes, under load.
 *   scale (--scale N, default 50000 paragraphs; 0 skips it): the same on a corpus generated from the
 *   real reports (bench/scale-corpus.ts). Its vectors are cached in .bench/, so only the first run
 *   pays for embedding them.
 *   --store postgres: also the index in PostgreSQL + pgvector beside the embedded one at the bundled
 *   corpus: importing the reports into a fresh database (parse, embed, write a generation), a re-index
 *   with the vectors reused, and asks in process (distinct questions, 1 and 50 clients) on both
 *   backends in the same run. The database is DATABASE_URL when set, else PGlite (PostgreSQL in
 *   WebAssembly, one session, in this process) over the wire protocol.
 * Flags: --scale N, --seconds S (each load figure, default 10), --clients 1,4,50, --store embedded|postgres.
 */
import { rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../adapters/node/config.js';
import { readQuestions } from '../adapters/node/cli/eval-rules.js';
import { loadCorpus } from '../adapters/node/corpus.js';
import { CachedEmbeddings, LocalEmbeddings } from '../adapters/node/index/embeddings.js';
import { buildIndex, embedCachePath, embeddingText, openIndex, type LoadedIndex } from '../adapters/node/index/store.js';
import { embeddingsFor, retrieverFor } from '../adapters/node/service.js';
import { QaEngine } from '../src/engine.js';
import type { ReportDocument } from '../src/schema.js';
import { startServerProcess, waitReady } from '../tests/helpers/process.js';
import { TestDatabase } from '../tests/helpers/pglite.js';
import { createPool } from '../adapters/node/store/postgres/pool.js';
import { PgIndexStore } from '../adapters/node/store/postgres/store.js';
import type { IndexGeneration } from '../src/store/index.js';
import { closedLoop, httpLoop, line, loopText, mean, pct, versus } from './measure.js';
import { distinctQuestions } from './questions.js';
import { generateCorpus } from './scale-corpus.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '50000' },
    seconds: { type: 'string', default: '10' },
    clients: { type: 'string', default: '1,4,50' },
    store: { type: 'string', default: 'embedded' },
  },
});
const scale = Number(values.scale);
const seconds = Number(values.seconds);
const clientCounts = values.clients.split(',').map(Number);
const config = loadConfig();
const embeddings = embeddingsFor(config);
const shared = readQuestions('../shared/eval/questions.jsonl').map((q) => q.q);
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

interface Floors {
  embedMs: number;
  searchMs: number;
  batchedPerSecond: number;
}

/** The floors: the model embedding one query alone (p50), many distinct queries at once (per second), hnswlib k=50 (p50). */
async function floors(index: LoadedIndex, questions: string[]): Promise<Floors> {
  if (!(embeddings instanceof LocalEmbeddings)) throw new Error('the bench measures the local model');
  const pool = embeddings.pool;
  const alone: number[] = [];
  const search: number[] = [];
  for (const q of questions.slice(0, 200)) {
    const before = pool.stats.computeMs;
    const [v] = await embeddings.embedDocuments([`${q}#`]);
    alone.push(pool.stats.computeMs - before);
    const t = performance.now();
    index.vectors.searchVector(v!, 50);
    search.push(performance.now() - t);
  }
  const many = questions.slice(0, 600).map((q) => `${q}##`);
  const t = performance.now();
  await embeddings.embedDocuments(many);
  const batchedPerSecond = many.length / ((performance.now() - t) / 1000);
  const f = { embedMs: pct(alone, 50), searchMs: pct(search, 50), batchedPerSecond };
  line('floor: the model embeds one query alone', `p50 ${f.embedMs.toFixed(2)} ms  p99 ${pct(alone, 99).toFixed(2)} ms`);
  line('floor: the model, distinct queries at once', `${f.batchedPerSecond.toFixed(0)} queries/s on ${pool.size} worker threads`);
  line('floor: hnswlib-node search k=50', `p50 ${f.searchMs.toFixed(3)} ms  p99 ${pct(search, 99).toFixed(3)} ms`);
  return f;
}

/** Paragraphs per second: the pool (one single-threaded session per core) against one session on every core (the set-up before). */
async function embedThroughput(index: LoadedIndex): Promise<void> {
  const byId = new Map(index.documents.map((d) => [d.id, d]));
  const texts = index.paragraphs.slice(0, 96).map((p, i) => `${embeddingText(p, byId.get(p.docId) as ReportDocument)}${i}`);
  const rate = async (e: LocalEmbeddings) => {
    await e.embedQuery('预热');
    const t = performance.now();
    await e.embedDocuments(texts);
    return texts.length / ((performance.now() - t) / 1000);
  };
  const single = new LocalEmbeddings({ modelDir: config.EMBEDDINGS_MODEL_DIR, workers: 1, threadsPerWorker: 2 });
  const before = await rate(single);
  await single.close();
  const now = await rate(embeddings as LocalEmbeddings);
  line('embedding paragraphs (model alone)', `${now.toFixed(1)}/s vs ${before.toFixed(1)}/s in one 2-thread session: ratio ${(now / before).toFixed(2)}`);
}

async function inProcess(index: LoadedIndex, questions: string[], f: Floors): Promise<void> {
  const engine = new QaEngine(retrieverFor(index));
  const ask = (q: string) => engine.answer(q, { topK: 5 });
  await closedLoop(questions.slice(-20), 1, 60, ask, 20);
  const single = await closedLoop(questions, 1, seconds, ask);
  line('in process, 1 client, distinct', `${loopText(single)}; p50 ${versus(single.p50, f.embedMs + f.searchMs, 'ms', 2)}`);
  const pool = (embeddings as LocalEmbeddings).pool;
  const stats = { ...pool.stats };
  const timings: Record<string, number[]> = {};
  const load = await closedLoop(questions, 50, seconds, async (q) => {
    const r = await ask(q);
    for (const [k, v] of Object.entries(r.timings)) (timings[k] ??= []).push(v);
  });
  line('in process, 50 clients, distinct', `${loopText(load)}; asks/s ${versus(load.perSecond, f.batchedPerSecond, '/s', 0)}`);
  const texts = Math.max(1, pool.stats.texts - stats.texts);
  const stages = Object.entries(timings).map(([k, v]) => `${k.replace(/Ms$/u, '')} ${mean(v).toFixed(2)}`);
  line('  where an ask goes under that load (mean ms)', stages.join(' · '));
  line('  of dense: queue wait · model, per query', `${((pool.stats.waitMs - stats.waitMs) / texts).toFixed(2)} · ${((pool.stats.computeMs - stats.computeMs) / texts).toFixed(2)} (${texts} queries in ${pool.stats.batches - stats.batches} messages)`);
  const repeated = await closedLoop(shared, 50, seconds, ask);
  line('in process, 50 clients, shared set repeated', loopText(repeated));
}

async function overHttp(corpusDir: string, indexDir: string, questions: string[], f: Floors): Promise<void> {
  const server = await startServerProcess({ CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, DATA_DIR: '.bench/data', RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'warn' });
  const t = performance.now();
  await waitReady(server.url, 600_000);
  line('server start to ready (saved index)', `${((performance.now() - t) / 1000).toFixed(2)} s`);
  try {
    let offset = 0;
    for (const clients of clientCounts) {
      // Each figure starts where the last stopped, so the server meets no question twice in a run.
      const slice = [...questions.slice(offset), ...questions.slice(0, offset)];
      const r = await httpLoop(server.url, slice, clients, seconds);
      offset = (offset + r.asks) % questions.length;
      line(`over HTTP, ${clients} clients, distinct`, `${loopText(r)}; asks/s ratio to floor ${(r.perSecond / f.batchedPerSecond).toFixed(2)}`);
    }
    const r = await httpLoop(server.url, shared, 50, seconds);
    line('over HTTP, 50 clients, shared set repeated', loopText(r));
  } finally {
    await server.stop();
  }
}

async function measure(name: string, corpusDir: string, indexDir: string, fresh: boolean): Promise<void> {
  console.log(`\n## ${name}`);
  if (fresh) await rm(indexDir, { recursive: true, force: true });
  const corpus = await loadCorpus(corpusDir);
  const logs: string[] = [];
  let t = performance.now();
  await buildIndex({ corpusDir, indexDir, embeddings, log: (m) => logs.push(m) }, corpus);
  const buildMs = performance.now() - t;
  const embedded = Number(/embedded (\d+)/.exec(logs.join('\n'))?.[1] ?? 0);
  line('reports / paragraphs', `${corpus.documents.length} / ${corpus.paragraphs.length}`);
  line('index build', `${(buildMs / 1000).toFixed(1)} s, ${embedded} embedded${embedded > 0 ? `, ${(embedded / (buildMs / 1000)).toFixed(1)} paragraphs/s` : ''}`);
  t = performance.now();
  await buildIndex({ corpusDir, indexDir, embeddings }, corpus);
  line('re-index, vectors cached', `${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  const index = await openIndex({ corpusDir, indexDir, embeddings });
  line('start-up with a saved index (load+verify)', `${(performance.now() - t).toFixed(0)} ms${index.rebuilt ? ' (REBUILT?)' : ''}`);
  const questions = distinctQuestions(index.documents, index.paragraphs, 5000);
  line('distinct questions', `${questions.length} (places × topics × phrasings)`);
  await embedThroughput(index);
  const f = await floors(index, questions);
  await inProcess(index, questions, f);
  const mem = process.memoryUsage();
  line('resident memory (bench process)', `${mb(mem.rss)} (heap ${mb(mem.heapUsed)})`);
  await overHttp(corpusDir, indexDir, questions, f);
}

/** Asks in process on one generation: 1 client and 50, distinct questions. */
async function asksOn(name: string, generation: Pick<IndexGeneration, 'documents' | 'paragraphs' | 'lexical' | 'dense'>, questions: string[]): Promise<void> {
  const engine = new QaEngine(retrieverFor(generation));
  const timings: Record<string, number[]> = {};
  const ask = async (q: string) => {
    for (const [k, v] of Object.entries((await engine.answer(q, { topK: 5 })).timings)) (timings[k] ??= []).push(v);
  };
  await closedLoop(questions.slice(-20), 1, 60, ask, 20);
  for (const k of Object.keys(timings)) delete timings[k];
  line(`${name}: in process, 1 client, distinct`, loopText(await closedLoop(questions, 1, seconds, ask)));
  line('  where that ask goes (mean ms)', Object.entries(timings).map(([k, v]) => `${k.replace(/Ms$/u, '')} ${mean(v).toFixed(2)}`).join(' · '));
  line(`${name}: in process, 50 clients, distinct`, loopText(await closedLoop([...questions].reverse(), 50, seconds, ask)));
}

async function measurePostgres(corpusDir: string, indexDir: string, label: string): Promise<void> {
  console.log(`\n## PostgreSQL + pgvector (STORE=postgres) beside the embedded index, ${label}`);
  const external = process.env.DATABASE_URL;
  const db = external ? { url: external, stop: async () => {} } : await TestDatabase.start();
  line('database', external ? 'DATABASE_URL' : 'PGlite 0.5 + pgvector over the wire protocol, in this process (one session)');
  const pool = createPool({ url: db.url, max: 10, statementTimeoutMs: 15_000 });
  // the vectors the embedded index computed for this corpus, so the import's time is the database's, not the model's again
  const cached = new CachedEmbeddings(embeddings, embedCachePath(indexDir, embeddings.modelId));
  await cached.load();
  const store = new PgIndexStore({ pool, url: db.url, embeddings: cached, importDir: corpusDir, pollMs: 60_000 });
  try {
    let t = performance.now();
    const generation = await store.open();
    const importS = (performance.now() - t) / 1000;
    line('import into the database (parse, embed, write)', `${importS.toFixed(1)} s, ${(generation.paragraphs.length / importS).toFixed(1)} paragraphs/s (${generation.rebuilt ? generation.reason : 'already there'})`);
    t = performance.now();
    const again = await store.publish();
    line('re-index, vectors reused (new generation)', `${((performance.now() - t) / 1000).toFixed(1)} s`);
    t = performance.now();
    const reader = new PgIndexStore({ pool, url: db.url, embeddings, pollMs: 60_000 });
    await reader.open();
    line('another instance loads the generation', `${(performance.now() - t).toFixed(0)} ms`);
    await reader.close();
    const embedded = await openIndex({ corpusDir, indexDir, embeddings });
    const questions = distinctQuestions(embedded.documents, embedded.paragraphs, 5000);
    // each backend has its own query-vector cache, so both meet the questions alike
    await asksOn('embedded', embedded, questions);
    await asksOn('postgres', again, questions);
  } finally {
    await store.close();
    await pool.end();
    await db.stop();
  }
}

console.log(`# 法治问答 bench (${new Date().toISOString()}, node ${process.version}, model ${embeddings.modelId})`);
await measure('bundled corpus', config.CORPUS_DIR, '.bench/bundled-index', true);
if (values.store === 'postgres') await measurePostgres(config.CORPUS_DIR, '.bench/bundled-index', 'bundled corpus');
if (scale > 0) {
  const dir = `.bench/scale-corpus-${scale}`;
  await generateCorpus(config.CORPUS_DIR, dir, scale);
  console.log(`\n(the generated corpus is in ${dir}; the first run embeds it and caches the vectors in .bench/scale-index)`);
  await measure(`scale: ~${scale} paragraphs`, dir, '.bench/scale-index', false);
  if (values.store === 'postgres') await measurePostgres(dir, '.bench/scale-index', `~${scale} paragraphs`);
}
if (embeddings instanceof LocalEmbeddings) await embeddings.close();
