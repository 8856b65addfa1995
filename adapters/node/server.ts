/**
 * `npm start`: the HTTP service on Node. Listens at once (healthz answers 503
 * until the index is loaded), loads or builds the index with a progress line
 * on a terminal, and on SIGTERM stops taking requests and lets asks finish.
 * Timeouts and the connection cap: listen.ts.
 */
import { loadConfig } from './config.js';
import { NodeQaService } from './service.js';
import { llmDepsFor } from './llm-config.js';
import { loadBundles } from './assets.js';
import { createNodeApp } from './app.js';
import { createNodeMetrics } from './metrics.js';
import { combineObservers } from '../../src/observe.js';
import { RecentAnswers } from '../../src/recent-answers.js';
import { wecomCallbackConfigFromEnv } from '../../src/chat/wecom/callback.js';
import { listen } from './listen.js';
import { configOrExit } from './process.js';
import { jsonLogger } from '../../src/util/log.js';

const config = configOrExit(() => loadConfig());
const wecom = configOrExit(() => wecomCallbackConfigFromEnv(process.env));
const log = jsonLogger(config.LOG_LEVEL);

const tty = process.stderr.isTTY;
/** Off a terminal (systemd, a container) progress is a log line every few seconds instead of a redrawn line. */
const PROGRESS_LOG_MS = 5000;
let lastProgressLog = 0;
const service = new NodeQaService(config, {
  log: (message) => log({ msg: message }),
  onProgress: ({ stage, done, total }) => {
    if (tty) process.stderr.write(`\r索引 ${stage} ${done}/${total} (${Math.round((100 * done) / Math.max(1, total))}%)   ${done === total ? '\n' : ''}`);
    else if (done === total || Date.now() - lastProgressLog >= PROGRESS_LOG_MS) {
      lastProgressLog = Date.now();
      log({ msg: 'index progress', stage, done, total });
    }
  },
}, llmDepsFor(config, log));

// the widget (/widget.js) and the admin console (/admin/console.js): prebuilt in dist/assets when compiled, bundled now from source
const bundles = await loadBundles();
for (const [name, bundle] of Object.entries(bundles)) {
  if (bundle instanceof Error) log({ level: 'error', msg: `${name} unavailable; its route answers 404`, error: bundle.message });
}
const text = (bundle: string | Error) => (typeof bundle === 'string' ? bundle : undefined);

const metrics = createNodeMetrics({ service });
const recent = new RecentAnswers();
const app = createNodeApp(service, config, {
  log,
  widgetJs: text(bundles.widgetJs),
  adminConsoleJs: text(bundles.adminConsoleJs),
  observer: combineObservers(metrics.observer, recent.observer),
  recent,
  ...(wecom ? { wecom: { config: wecom } } : {}),
  ...(service.pool ? { pool: service.pool } : {}),
});
// GET /metrics with the admin token (404 without ADMIN_TOKEN); here, not in the app, because prom-client is Node-only
app.route('/', metrics.routes(config.ADMIN_TOKEN));

const server = listen(app.fetch, { ...config, hostname: config.HOST, port: config.PORT }, (info) => {
  log({ msg: `listening on http://${info.address}:${info.port}`, store: config.STORE, corpus: config.CORPUS_DIR, ...(config.STORE === 'embedded' ? { index: config.INDEX_DIR } : {}) }, true);
});

const started = performance.now();
service.start().then(
  (index) => log({ msg: 'index ready', documents: index.documents.length, paragraphs: index.paragraphs.length, store: service.store.kind, generation: index.id, rebuilt: index.rebuilt, reason: index.reason, skipped: index.skipped, ms: Math.round(performance.now() - started) }),
  (err: unknown) => {
    log({ level: 'error', msg: 'index failed to load', error: err instanceof Error ? err.message : String(err) });
    process.exit(1);
  },
);

const shutdown = (signal: string) => {
  log({ msg: `${signal}: closing, letting requests in flight finish` });
  server.close(() => void service.close().finally(() => process.exit(0)));
  setTimeout(() => process.exit(0), 10_000).unref();
};
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
