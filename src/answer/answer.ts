/**
 * The product: a question in, a short answer with numbered citations out, or
 * an honest refusal when the reports do not say. The answer is extractive
 * (extractive.ts); an optional LLM may reword it under a guard (llm-answer.ts).
 */
import type { Retriever } from '../retrieve/retriever.js';
import type { LlmAnswerer } from './llm.js';
import { answerWithLlm, streamWithLlm, type LogFn } from './llm-answer.js';
import { answerPieces, type AnswerEvent } from './stream.js';
import type { ConversationMemory } from './conversation.js';
import { extractiveAnswer } from './extractive.js';
import type { Tuning } from './tuning.js';
import type { AnswerResult, AskOptions } from './types.js';

export interface AnswerDeps {
  conversations?: ConversationMemory;
  /** An OpenAI-compatible chat model; without it every answer is extractive. */
  llm?: LlmAnswerer;
  /** Where the detail of a rejected or failed LLM answer goes; clients only get a generic warning. */
  log?: LogFn;
  /** The answer step's thresholds; the dev sweep passes its own (default: tuning.ts). */
  tuning?: Tuning;
}

const useLlm = (deps: AnswerDeps, options: AskOptions, extractive: AnswerResult): deps is AnswerDeps & { llm: LlmAnswerer } =>
  Boolean(deps.llm) && options.mode !== 'extractive' && extractive.answered;

export async function answerQuestion(
  retriever: Retriever,
  question: string,
  options: AskOptions = {},
  deps: AnswerDeps = {},
): Promise<AnswerResult> {
  const extractive = await extractiveAnswer(retriever, question, options, deps);
  if (!useLlm(deps, options, extractive)) return extractive;
  return answerWithLlm(deps.llm, question, extractive, deps.log);
}

/**
 * The answer as events: citations first, then text as it is produced, then
 * the whole (authoritative) result. The deltas join to exactly the result's
 * answer; with an LLM, no text the guard would reject is sent (llm-answer.ts).
 */
export async function* streamAnswer(
  retriever: Retriever,
  question: string,
  options: AskOptions = {},
  deps: AnswerDeps = {},
): AsyncIterable<AnswerEvent> {
  const extractive = await extractiveAnswer(retriever, question, options, deps);
  yield { type: 'citations', citations: extractive.citations };
  if (!useLlm(deps, options, extractive)) {
    for (const text of answerPieces(extractive.answer)) yield { type: 'delta', text };
    yield { type: 'done', result: extractive };
    return;
  }
  yield* streamWithLlm(deps.llm, question, extractive, deps.log);
}
