/**
 * `npm run bench`: speed and memory figures, printed.
 *   bundled corpus: ingest+embed throughput, start-up with a saved index, retrieval and answer latency;
 *   scale (--scale N, default 50000 paragraphs): the same on a corpus generated from the real reports
 *   (paragraphs recombined, places and figures renamed). Its vectors are cached in .bench/, so only
 *   the first run pays for embedding them.
 * Flags: --scale N (0 skips the scale part), --rounds R (question rounds, default 5).
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../adapters/node/config.js';
import { answerQuestion } from '../src/answer/answer.js';
import { readQuestions } from '../adapters/node/cli/eval-rules.js';
import { loadCorpus } from '../adapters/node/corpus.js';
import { buildIndex, openIndex } from '../adapters/node/index/store.js';
import autocannon from 'autocannon';
import { embeddingsFor, retrieverFor } from '../adapters/node/service.js';
import { startServerProcess, waitReady } from '../tests/helpers/process.js';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '50000' }, rounds: { type: 'string', default: '5' } } });
const scale = Number(values.scale);
const rounds = Number(values.rounds);
const config = loadConfig();
const embeddings = embeddingsFor(config);
const questions = readQuestions('../shared/eval/questions.jsonl').map((q) => q.q);
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const line = (label: string, value: string) => console.log(`${label.padEnd(44)} ${value}`);

async function latency(label: string, fn: (q: string) => Promise<unknown>): Promise<void> {
  for (const q of questions.slice(0, 3)) await fn(q);
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const q of questions) {
      // Each round words the questions a little differently, so no query cache answers them.
      const t = performance.now();
      await fn(`${'请问'.repeat(r)}${q}`);
      times.push(performance.now() - t);
    }
  }
  line(label, `p50 ${pct(times, 50).toFixed(1)} ms  p99 ${pct(times, 99).toFixed(1)} ms  (${times.length} asks)`);
}

async function measure(name: string, corpusDir: string, indexDir: string, fresh: boolean): Promise<void> {
  console.log(`\n## ${name}`);
  if (fresh) await rm(indexDir, { recursive: true, force: true });
  const corpus = await loadCorpus(corpusDir);
  const logs: string[] = [];
  let t = performance.now();
  const built = await buildIndex({ corpusDir, indexDir, embeddings, log: (m) => logs.push(m) }, corpus);
  const buildMs = performance.now() - t;
  const embedded = Number(/embedded (\d+)/.exec(logs.join('\n'))?.[1] ?? 0);
  line('reports / paragraphs', `${corpus.documents.length} / ${corpus.paragraphs.length}`);
  line('index build', `${(buildMs / 1000).toFixed(1)} s, ${embedded} embedded, ${(corpus.paragraphs.length / (buildMs / 1000)).toFixed(0)} paragraphs/s`);
  if (embedded > 0) line('ingest+embed throughput (uncached)', `${(embedded / (buildMs / 1000)).toFixed(1)} paragraphs/s`);
  t = performance.now();
  await buildIndex({ corpusDir, indexDir, embeddings }, corpus);
  line('re-index, vectors cached', `${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  const loaded = await openIndex({ corpusDir, indexDir, embeddings });
  line('start-up with a saved index (load+verify)', `${(performance.now() - t).toFixed(0)} ms${loaded.rebuilt ? ' (REBUILT?)' : ''}`);
  const retriever = retrieverFor(loaded);
  void built;
  await latency('retrieval latency', (q) => retriever.retrieve(q, { topK: 5 }));
  await latency('answer latency (in process)', (q) => answerQuestion(retriever, q, { topK: 5 }));
  await breakdown(retriever, loaded);
  const mem = process.memoryUsage();
  line('resident memory', `${mb(mem.rss)} (heap ${mb(mem.heapUsed)})`);
  await overHttp(corpusDir, indexDir);
}

/** Where one ask's time goes, with the floors: the model alone embedding one query, hnswlib alone searching. */
async function breakdown(retriever: ReturnType<typeof retrieverFor>, loaded: Awaited<ReturnType<typeof openIndex>>): Promise<void> {
  const stages: Record<string, number[]> = { embed: [], vector: [], lexical: [], fuse: [], extract: [], total: [] };
  const floorEmbed: number[] = [];
  const floorHnsw: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const q of questions) {
      const variant = `${q}${r}`; // a question not seen before: no query cache
      let t = performance.now();
      const vector = await embeddings.embedQuery(variant);
      floorEmbed.push(performance.now() - t);
      t = performance.now();
      loaded.vectors.searchVector(vector, 50);
      floorHnsw.push(performance.now() - t);
      const result = await answerQuestion(retriever, variant, { topK: 5 });
      const tm = result.timings;
      const denseMs = tm.denseMs ?? 0;
      stages.embed!.push(Math.min(denseMs, floorEmbed.at(-1)!));
      stages.vector!.push(Math.max(0, denseMs - floorEmbed.at(-1)!));
      stages.lexical!.push(tm.lexicalMs ?? 0);
      stages.fuse!.push(tm.fuseMs ?? 0);
      stages.extract!.push(tm.extractMs ?? 0);
      stages.total!.push(tm.totalMs ?? 0);
    }
  }
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  line('one ask, mean ms by stage', Object.entries(stages).map(([k, v]) => `${k} ${avg(v).toFixed(2)}`).join(' · '));
  line('floor: model embeds one query', `p50 ${pct(floorEmbed, 50).toFixed(2)} ms  p99 ${pct(floorEmbed, 99).toFixed(2)} ms`);
  line('floor: hnswlib-node search k=50', `p50 ${pct(floorHnsw, 50).toFixed(3)} ms  p99 ${pct(floorHnsw, 99).toFixed(3)} ms`);
}

/** The same questions over HTTP against a real server process, at 16 and 64 connections. */
async function overHttp(corpusDir: string, indexDir: string): Promise<void> {
  const server = await startServerProcess({ CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, DATA_DIR: '.bench/data', RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'warn' });
  const t = performance.now();
  await waitReady(server.url, 600_000);
  line('server start to ready (saved index)', `${((performance.now() - t) / 1000).toFixed(1)} s`);
  for (const connections of [16, 64]) {
    let i = 0;
    const requests: autocannon.Request[] = [{
      method: 'POST', path: '/api/ask', headers: { 'content-type': 'application/json' },
      setupRequest: (req) => ({ ...req, body: JSON.stringify({ question: questions[i++ % questions.length] }) }),
    }];
    const r = await autocannon({ url: server.url, connections, duration: 10, requests });
    line(`over HTTP, ${connections} connections, 10 s`, `${r.requests.average.toFixed(0)} req/s  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms  failed ${r.errors + r.timeouts + r.non2xx}`);
  }
  await server.stop();
}

const SYLLABLES = '安宝北滨昌城川春大德东丰凤福港光广海和河红华惠嘉江金锦景康兰乐丽临龙隆梅民明南宁平浦青庆瑞山盛石顺泰天通万文西祥新兴阳永玉圆长正中洲竹紫'.split('');

/** A corpus of about `target` paragraphs: real report lines recombined under made-up places and figures. */
async function generateCorpus(dir: string, target: number): Promise<void> {
  const marker = join(dir, `.generated-${target}`);
  try {
    await readFile(marker);
    return;
  } catch { /* generate below */ }
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const real = await loadCorpus(config.CORPUS_DIR);
  const bySection = real.paragraphs;
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)] as T;
  let paragraphs = 0;
  for (let n = 0; paragraphs < target; n++) {
    const place = `${pick(SYLLABLES)}${pick(SYLLABLES)}${pick(SYLLABLES)}${pick(['街道', '镇', '乡'])}`;
    const year = 2018 + Math.floor(rand() * 7);
    const lines = [`${place}${year}年法治政府建设情况报告`, `${year}年以来，${place}认真贯彻落实法治政府建设各项部署，现将有关情况报告如下：`];
    let heading = 0;
    for (let i = 0; i < 20; i++) {
      if (i % 5 === 0) lines.push(`${'一二三四五六七八九十'[heading++]}、${pick(['主要举措和成效', '存在的问题和不足', '下一步工作安排', '依法行政工作'])}`);
      const p = pick(bySection).simplified.replace(/\d+(\.\d+)?/gu, (m) => String(Math.max(1, Math.round(Number(m) * (0.5 + rand()))))).replace(/(月亮岛|址山|西营门|郭家沱|古美路)/gu, place.slice(0, 3));
      lines.push(p);
    }
    paragraphs += 21;
    await writeFile(join(dir, `gen-${String(n).padStart(5, '0')}.txt`), `${lines.join('\n')}\n`);
  }
  await writeFile(marker, '');
}

console.log(`# 法治问答 bench (${new Date().toISOString()}, node ${process.version}, model ${embeddings.modelId})`);
await measure('bundled corpus', config.CORPUS_DIR, '.bench/bundled-index', true);
if (scale > 0) {
  const dir = `.bench/scale-corpus-${scale}`;
  await generateCorpus(dir, scale);
  console.log(`\n(generated ${(await readdir(dir)).filter((f) => f.endsWith('.txt')).length} reports in ${dir}; the first run embeds them all and caches the vectors in .bench/scale-index)`);
  await measure(`scale: ~${scale} paragraphs`, dir, '.bench/scale-index', false);
}
