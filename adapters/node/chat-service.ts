/**
 * The core for a chat adapter's Node entry (`npm run wechat`, `npm run wecom`):
 * over HTTP when API_BASE_URL is set, else a NodeQaService in this process,
 * its index loaded or built first (reading the same variables as `npm start`).
 */
import type { ChatService, Log } from '../../src/chat/handler.js';
import { createHttpService } from '../../src/chat/http-service.js';
import { loadConfig } from './config.js';
import { llmDepsFor } from './llm-config.js';
import { configOrExit } from './process.js';
import { NodeQaService } from './service.js';

export async function chatCoreService(apiBaseUrl: string | undefined, log: Log): Promise<ChatService> {
  if (apiBaseUrl) {
    log({ msg: 'answering over HTTP', api: apiBaseUrl });
    return createHttpService({ baseUrl: apiBaseUrl });
  }
  const core = configOrExit(() => loadConfig());
  const service = new NodeQaService(core, { log: (message) => log({ msg: message }) }, llmDepsFor(core, log));
  const started = performance.now();
  const index = await service.start();
  log({ msg: 'index ready', documents: index.documents.length, paragraphs: index.paragraphs.length, rebuilt: index.rebuilt, ms: Math.round(performance.now() - started) });
  return service;
}
