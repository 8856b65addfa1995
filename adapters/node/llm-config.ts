/** The optional LLM, from configuration: none unless LLM_BASE_URL and LLM_MODEL are set. */
import type { Config } from './config.js';
import type { AnswerDeps } from '../../src/answer/answer.js';
import { LlmAnswerer } from '../../src/answer/llm.js';

export function llmDepsFor(config: Config, log?: (entry: Record<string, unknown>) => void): Omit<AnswerDeps, 'conversations'> {
  if (!config.LLM_BASE_URL || !config.LLM_MODEL) return {};
  log?.({ msg: 'LLM answers enabled', model: config.LLM_MODEL, baseURL: config.LLM_BASE_URL });
  return { llm: new LlmAnswerer({ baseURL: config.LLM_BASE_URL, apiKey: config.LLM_API_KEY, model: config.LLM_MODEL, timeoutMs: config.LLM_TIMEOUT_MS }) };
}
