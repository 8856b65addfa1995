/**
 * The LLM's part of an answer, whole or streamed, and what happens when it
 * fails: clients get a generic reason in `warnings` (which check failed, or
 * that the model was unavailable); the detail (the rejected figure, the
 * upstream's error) goes to the log only, with secrets masked.
 */
import { detectScript } from '../ingest/script.js';
import { redactSecrets } from '../util/redact.js';
import { guardAnswer, refusedByModel, type GuardCheck } from './guard.js';
import { guardedStream, type GuardedOutcome } from './guarded-stream.js';
import type { LlmAnswerer } from './llm.js';
import { LlmError } from './llm-error.js';
import { answerPieces, type AnswerEvent } from './stream.js';
import type { AnswerResult } from './types.js';

/** A structured log line (`level`, `msg`, fields); adapters pass their logger, e.g. adapters/node/process.ts's jsonLogger. */
export type LogFn = (entry: Record<string, unknown>) => void;

const GIVEN = 'the extractive answer is given';
const CHECK_NAMES: Record<GuardCheck, string> = {
  empty: 'empty-answer',
  citation: 'citation',
  figure: 'figure',
  money: 'amount',
  contact: 'contact-details',
};

export const LLM_WARNINGS = {
  refused: `the model found no answer in the paragraphs; ${GIVEN}`,
  rejected: (check: GuardCheck) => `the model's answer failed the ${CHECK_NAMES[check]} check; ${GIVEN}`,
  unavailable: `the model was unavailable; ${GIVEN}`,
};

type Failure = Exclude<GuardedOutcome, { kind: 'accepted' }>;

function errorFields(error: unknown): Record<string, unknown> {
  if (error instanceof LlmError) {
    // LlmError messages are already masked (llm.ts).
    return { error: error.message, kind: error.kind, ...(error.status !== undefined ? { status: error.status } : {}) };
  }
  return { error: redactSecrets(error instanceof Error ? error.message : String(error), { internalAddresses: true }).slice(0, 300) };
}

/** The client's warning for a failure, after logging its detail. */
function report(failure: Failure, answerId: string, log: LogFn | undefined): string {
  const streamed = failure.sent.length;
  const safeLog = (entry: Record<string, unknown>) => {
    try {
      log?.({ answerId, ...entry, ...(streamed > 0 ? { streamedChars: streamed } : {}) });
    } catch {
      // a broken logger must not break answers
    }
  };
  switch (failure.kind) {
    case 'refused':
      safeLog({ level: 'info', msg: 'LLM found no answer in the paragraphs' });
      return LLM_WARNINGS.refused;
    case 'rejected':
      safeLog({ level: 'warn', msg: 'LLM answer rejected', check: failure.check, reason: redactSecrets(failure.reason) });
      return LLM_WARNINGS.rejected(failure.check);
    case 'failed':
      safeLog({ level: 'warn', msg: 'LLM unavailable', ...errorFields(failure.error) });
      return LLM_WARNINGS.unavailable;
  }
}

const withLlmTime = (extractive: AnswerResult, started: number): Record<string, number> => ({
  ...extractive.timings,
  llmMs: Number((performance.now() - started).toFixed(1)),
});

/** The model's whole answer if it passes the guard; otherwise the extractive one, with a generic warning. */
export async function answerWithLlm(llm: LlmAnswerer, question: string, extractive: AnswerResult, log?: LogFn): Promise<AnswerResult> {
  const started = performance.now();
  let outcome: GuardedOutcome;
  try {
    const text = (await llm.answer(question, extractive.citations, detectScript(question))).trim();
    const verdict = refusedByModel(text) ? null : guardAnswer(text, extractive.citations);
    if (!verdict) outcome = { kind: 'refused', sent: '' };
    else if (!verdict.ok) outcome = { kind: 'rejected', sent: '', reason: verdict.reason, check: verdict.check };
    else return { ...extractive, answer: text, mode: 'llm', timings: withLlmTime(extractive, started) };
  } catch (error) {
    outcome = { kind: 'failed', sent: '', error };
  }
  return { ...extractive, timings: withLlmTime(extractive, started), warnings: [report(outcome, extractive.id, log)] };
}

/**
 * The model's answer as `delta` events, sentence by sentence as the guard
 * accepts them (see guarded-stream.ts), then `done`. The deltas always join
 * to exactly `done.result.answer`:
 *
 * - the model's answer passes: its text, `mode: 'llm'`;
 * - it is rejected, refused or the model fails before anything was sent: the
 *   extractive answer, `mode: 'extractive'`, as answerQuestion gives it;
 * - that happens after some sentences were sent: those sentences (each one
 *   passed the guard), a line break, then the extractive answer, `mode: 'llm'`.
 *
 * In every case the warning is generic and the detail is logged.
 */
export async function* streamWithLlm(llm: LlmAnswerer, question: string, extractive: AnswerResult, log?: LogFn): AsyncGenerator<AnswerEvent> {
  const started = performance.now();
  const accepted = guardedStream(llm.stream(question, extractive.citations, detectScript(question)), extractive.citations);
  let step = await accepted.next();
  while (!step.done) {
    yield { type: 'delta', text: step.value };
    step = await accepted.next();
  }
  const outcome = step.value;
  const timings = withLlmTime(extractive, started);
  if (outcome.kind === 'accepted') {
    yield { type: 'done', result: { ...extractive, answer: outcome.sent, mode: 'llm', timings } };
    return;
  }
  const warnings = [report(outcome, extractive.id, log)];
  const lead = outcome.sent === '' || /\s$/u.test(outcome.sent) ? outcome.sent : `${outcome.sent}\n`;
  if (lead !== outcome.sent) yield { type: 'delta', text: '\n' };
  for (const text of answerPieces(extractive.answer)) yield { type: 'delta', text };
  const result: AnswerResult =
    lead === '' ? { ...extractive, timings, warnings } : { ...extractive, answer: `${lead}${extractive.answer}`, mode: 'llm', timings, warnings };
  yield { type: 'done', result };
}
