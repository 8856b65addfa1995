/**
 * The OpenAI-compatible face: request schema, turning messages into a
 * question plus a conversation, and shaping results as chat.completion(s).
 */
import { z } from '@hono/zod-openapi';
import { hashId } from '../util/hash.js';
import type { AnswerResult } from '../answer/types.js';
import type { Citation } from '../schema.js';
import { ApiError } from './errors.js';

const TextPartSchema = z.object({ type: z.literal('text'), text: z.string() });

export const ChatMessageSchema = z
  .object({
    role: z.enum(['system', 'developer', 'user', 'assistant']),
    content: z.union([z.string(), z.array(TextPartSchema).max(100)]),
    name: z.string().optional(),
  })
  .passthrough();

export const ChatCompletionRequestSchema = z
  .object({
    model: z.string().max(200).optional(),
    messages: z.array(ChatMessageSchema).min(1).max(200),
    stream: z.boolean().nullish(),
    user: z.string().max(200).optional(),
  })
  .passthrough()
  .openapi('ChatCompletionRequest');

export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequestSchema>;
type ChatMessage = z.infer<typeof ChatMessageSchema>;

export function messageText(message: ChatMessage): string {
  return typeof message.content === 'string' ? message.content : message.content.map((p) => p.text).join('\n');
}

export interface ChatTurn {
  question: string;
  /** Hash of the user/assistant turns before the question ('' when there are none). */
  historyKey: string;
  /** Those turns (system messages left out), to key the next turn once this one is answered. */
  turnsBefore: { role: 'user' | 'assistant'; text: string }[];
}

export const MAX_QUESTION_CHARS = 2000;

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

/** A stable key for a conversation state: the same turns give the same key in any process. */
export function historyKey(turns: { role: string; text: string }[]): string {
  if (!turns.length) return '';
  const text = turns.map((t) => `${t.role}\u0000${t.text}`).join('\u0001');
  return `${hashId(text)}${hashId(text, 1)}`;
}

/**
 * Maps the state of an OpenAI-style conversation (the turns the client sends
 * back) to the core's conversationId, so a follow-up reaches the same
 * conversation memory. Bounded; an unknown state falls back to an id derived
 * from the turns' hash, which is deterministic but starts a fresh memory.
 */
export class ConversationKeys {
  private readonly ids = new Map<string, string>();

  constructor(private readonly max = 5000) {}

  resolve(turn: ChatTurn): string | undefined {
    if (!turn.historyKey) return undefined;
    const known = this.ids.get(turn.historyKey);
    if (known) {
      this.ids.delete(turn.historyKey);
      this.ids.set(turn.historyKey, known);
      return known;
    }
    return `oa-${turn.historyKey}`;
  }

  /** Remembers that the turns so far plus this question and answer belong to `conversationId`. */
  remember(turn: ChatTurn, answer: string, conversationId: string): void {
    const key = historyKey([...turn.turnsBefore, { role: 'user', text: turn.question }, { role: 'assistant', text: answer.trim() }]);
    this.ids.delete(key);
    this.ids.set(key, conversationId);
    while (this.ids.size > this.max) {
      const oldest = this.ids.keys().next().value;
      if (oldest === undefined) break;
      this.ids.delete(oldest);
    }
  }
}

export function completionId(result: Pick<AnswerResult, 'id'>): string {
  return `chatcmpl-${result.id}`;
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
    id: completionId(result),
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
