/**
 * `npm start`: the HTTP service on Node. Listens at once (healthz answers 503
 * until the index is loaded), loads or builds the index with a progress line
 * on a terminal, and on SIGTERM stops taking requests and lets asks finish.
 */
import { serve } from '@hono/node-server';
import { loadConfig } from './config.js';
import { NodeQaService } from './service.js';
import { llmDepsFor } from './llm-config.js';
import { buildWidget } from '../widget/build.js';
import { createNodeApp } from './app.js';
import { configOrExit, jsonLogger } from './process.js';

const config = configOrExit(() => loadConfig());
const log = jsonLogger(config.LOG_LEVEL);

const tty = process.stderr.isTTY;
const service = new NodeQaService(config, {
  log: (message) => log({ msg: message }),
  onProgress: ({ stage, done, total }) => {
    if (tty) process.stderr.write(`\r索引 ${stage} ${done}/${total} (${Math.round((100 * done) / Math.max(1, total))}%)   ${done === total ? '\n' : ''}`);
  },
}, llmDepsFor(config, log));

// the embeddable widget (GET /widget.js), bundled from adapters/widget/ in ~50 ms
let widgetJs: string | undefined;
try {
  widgetJs = await buildWidget();
} catch (err) {
  log({ level: 'error', msg: 'widget build failed; /widget.js will answer 404', error: err instanceof Error ? err.message : String(err) });
}

const app = createNodeApp(service, config, { log, widgetJs });

const server = serve({ fetch: app.fetch, hostname: config.HOST, port: config.PORT }, (info) => {
  log({ msg: `listening on http://${info.address}:${info.port}`, corpus: config.CORPUS_DIR, index: config.INDEX_DIR }, true);
});

const started = performance.now();
service.start().then(
  (index) => log({ msg: 'index ready', documents: index.documents.length, paragraphs: index.paragraphs.length, rebuilt: index.rebuilt, reason: index.reason, skipped: index.manifest.skipped, ms: Math.round(performance.now() - started) }),
  (err: unknown) => {
    log({ level: 'error', msg: 'index failed to load', error: err instanceof Error ? err.message : String(err) });
    process.exit(1);
  },
);

const shutdown = (signal: string) => {
  log({ msg: `${signal}: closing, letting requests in flight finish` });
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 10_000).unref();
};
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
