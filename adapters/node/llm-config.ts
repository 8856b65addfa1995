/** The optional LLM, from configuration: none unless LLM_BASE_URL and LLM_MODEL are set. */
import type { Config } from './config.js';
import type { AnswerDeps } from '../../src/answer/answer.js';
import { LlmAnswerer } from '../../src/answer/llm.js';
import { redactSecrets } from '../../src/util/redact.js';

export function llmDepsFor(config: Config, log?: (entry: Record<string, unknown>) => void): Omit<AnswerDeps, 'conversations'> {
  if (!config.LLM_BASE_URL || !config.LLM_MODEL) return {};
  log?.({ msg: 'LLM answers enabled', model: config.LLM_MODEL, baseURL: redactSecrets(config.LLM_BASE_URL, { known: [config.LLM_API_KEY] }) });
  // the log takes what clients are not told: why an LLM answer was rejected or failed
  return { llm: new LlmAnswerer({ baseURL: config.LLM_BASE_URL, apiKey: config.LLM_API_KEY, model: config.LLM_MODEL, timeoutMs: config.LLM_TIMEOUT_MS }), ...(log ? { log } : {}) };
}
