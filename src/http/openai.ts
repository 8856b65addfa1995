/**
 * The OpenAI-compatible face: turning messages into a question plus the
 * history before it, and shaping results as chat.completion(s).
 */
import type { AnswerResult } from '../answer/types.js';
import { MAX_QUESTION_CHARS } from '../limits.js';
import type { Citation } from '../schema.js';
import { hashId } from '../util/hash.js';
import { ApiError } from './errors.js';
import type { ChatCompletionRequest, ChatMessage } from './schemas.js';

function messageText(message: ChatMessage): string {
  return typeof message.content === 'string' ? message.content : message.content.map((p) => p.text).join('\n');
}

export interface ChatTurn {
  question: string;
  /** Hash of the user/assistant turns before the question ('' when there are none). */
  historyKey: string;
  /** Those turns (system messages left out), to key the next turn once this one is answered. */
  turnsBefore: { role: 'user' | 'assistant'; text: string }[];
}

/** The last user message is the question; earlier user/assistant turns are the conversation so far. */
export function chatTurn(request: ChatCompletionRequest): ChatTurn {
  let last = -1;
  request.messages.forEach((m, i) => {
    if (m.role === 'user') last = i;
  });
  if (last === -1) throw new ApiError(400, 'invalid_request', 'messages: must contain a user message');
  const question = messageText(request.messages[last]!).trim();
  if (!question) throw new ApiError(400, 'invalid_request', `messages[${last}].content: the question must not be empty`);
  if (question.length > MAX_QUESTION_CHARS) {
    throw new ApiError(400, 'invalid_request', `messages[${last}].content: the question must be at most ${MAX_QUESTION_CHARS} characters`);
  }
  const turnsBefore = request.messages
    .slice(0, last)
    .filter((m): m is ChatMessage & { role: 'user' | 'assistant' } => m.role === 'user' || m.role === 'assistant')
    .map((m) => ({ role: m.role, text: messageText(m).trim() }));
  return { question, historyKey: historyKey(turnsBefore), turnsBefore };
}

/** A stable key for a conversation state: the same turns give the same key. */
export function historyKey(turns: { role: string; text: string }[]): string {
  if (!turns.length) return '';
  const text = turns.map((t) => `${t.role}\u0000${t.text}`).join('\u0001');
  return `${hashId(text)}${hashId(text, 1)}`;
}

/** The key the next turn will send: this turn's history plus its question and answer. */
export function nextHistoryKey(turn: ChatTurn, answer: string): string {
  return historyKey([...turn.turnsBefore, { role: 'user', text: turn.question }, { role: 'assistant', text: answer.trim() }]);
}

export function fazhiExtra(result: AnswerResult) {
  return {
    answered: result.answered,
    mode: result.mode,
    answerId: result.id,
    conversationId: result.conversationId,
    ...(result.warnings?.length ? { warnings: result.warnings } : {}),
  };
}

export function chatCompletion(result: AnswerResult, model: string, created: number) {
  return {
    id: `chatcmpl-${result.id}`,
    object: 'chat.completion' as const,
    created,
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant' as const, content: result.answer, refusal: null },
        logprobs: null,
        finish_reason: 'stop' as const,
      },
    ],
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
    citations: result.citations,
    x_fazhi: fazhiExtra(result),
  };
}

export function chatChunk(
  id: string,
  model: string,
  created: number,
  delta: { role?: 'assistant'; content?: string },
  finishReason: 'stop' | null,
  extra: { citations?: Citation[]; x_fazhi?: ReturnType<typeof fazhiExtra> } = {},
) {
  return {
    id,
    object: 'chat.completion.chunk' as const,
    created,
    model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...extra,
  };
}
