/**
 * `npm run load`: a real server process on loopback, the shared questions asked
 * by autocannon at N connections for D seconds; with --reindex, an admin
 * re-index runs in the middle of the load. Exits non-zero on any failed ask.
 *   --connections 50 --duration 60 [--reindex] [--rounds 16,64]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { readQuestions } from '../adapters/node/cli/eval-rules.js';
import { tempConfig } from '../tests/helpers/index.js';
import { startServerProcess, waitReady } from '../tests/helpers/process.js';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '50' },
    duration: { type: 'string', default: '60' },
    reindex: { type: 'boolean', default: false },
    questions: { type: 'string', default: '../shared/eval/questions.jsonl' },
  },
});
const TOKEN = 'load-test-admin-token-0123456789';
const questions = readQuestions(values.questions).map((q) => q.q);
const config = await tempConfig();
const server = await startServerProcess({ CORPUS_DIR: config.CORPUS_DIR, INDEX_DIR: config.INDEX_DIR, DATA_DIR: config.DATA_DIR, ADMIN_TOKEN: TOKEN, RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'warn' });
await waitReady(server.url);
const before = readFileSync(`${config.INDEX_DIR}/CURRENT`, 'utf8');

let i = 0;
const requests: autocannon.Request[] = questions.map(() => ({
  method: 'POST',
  path: '/api/ask',
  headers: { 'content-type': 'application/json' },
  setupRequest: (req) => ({ ...req, body: JSON.stringify({ question: questions[i++ % questions.length] }) }),
}));

const connections = Number(values.connections);
const duration = Number(values.duration);
let reindexResult = 'not run';
const reindex = values.reindex
  ? new Promise<void>((resolve) => setTimeout(async () => {
    const t = performance.now();
    const res = await fetch(`${server.url}/api/admin/reindex`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    reindexResult = `HTTP ${res.status} after ${((performance.now() - t) / 1000).toFixed(1)} s: ${await res.text()}`;
    resolve();
  }, (duration * 1000) / 3))
  : Promise.resolve();
const result = await autocannon({ url: server.url, connections, duration, requests });
await reindex;
const after = readFileSync(`${config.INDEX_DIR}/CURRENT`, 'utf8');
await server.stop();

const failed = result.errors + result.timeouts + result.non2xx;
console.log(`load: ${connections} connections, ${duration} s, ${questions.length} questions in turn`);
console.log(`  requests ${result.requests.total}, ${result.requests.average.toFixed(0)} req/s, latency p50 ${result.latency.p50} ms p99 ${result.latency.p99} ms max ${result.latency.max} ms`);
console.log(`  failed asks ${failed} (errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx})`);
if (values.reindex) console.log(`  re-index under load: ${reindexResult}; index ${before === after ? 'NOT swapped' : 'swapped'} (${before.trim()} → ${after.trim()})`);
process.exit(failed > 0 || (values.reindex && before === after) ? 1 : 0);
