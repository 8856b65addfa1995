/**
 * The conversation side of every chat channel: given a message already
 * addressed to the bot (the adapter decides that), it limits the rate per
 * person and per group, runs the commands, keeps a conversation per person
 * per chat for follow-ups, hands questions to the core and sends the
 * formatted reply through the adapter, streamed where the channel can. One
 * log line per answer, never the question. Runtime-neutral.
 */
import type { AnswerEvent } from '../answer/stream.js';
import type { AnswerResult, AskOptions } from '../answer/types.js';
import { detectScript } from '../ingest/script.js';
import type { Citation, ReportDocument } from '../schema.js';
import type { LogEntry } from '../util/log.js';
import { parseCommand, type Command } from './commands.js';
import {
  FAILED,
  formatAnswer,
  formatReportList,
  formatSource,
  NO_ANSWER_YET,
  noSuchSource,
  RATE_LIMITED,
  RESET_DONE,
  TEXT_ONLY_HINT,
  TOO_LONG,
} from './format.js';
import { LRUCache } from 'lru-cache';
import { MAX_QUESTION_CHARS } from '../limits.js';
import { WindowLimiter } from './state.js';

/** What a chat channel needs of the core: a QaService, or the HTTP client (whose documents() is asynchronous). */
export interface ChatService {
  answer(question: string, options?: AskOptions): Promise<AnswerResult>;
  /** Where present and the channel streams, answers arrive as they are produced. */
  answerStream?(question: string, options?: AskOptions): AsyncIterable<AnswerEvent>;
  documents(): ReportDocument[] | Promise<ReportDocument[]>;
}

export type Log = (entry: LogEntry) => void;

/** One message addressed to the bot. */
export interface ChatMessage {
  chat: 'dm' | 'group';
  userId: string;
  /** The group's id (chat 'group'). */
  groupId?: string;
  /** The text with any addressing (mention, prefix) removed; null for a message that is not text, which gets the "text only" hint. */
  text: string | null;
}

/** How the adapter sends; it splits a reply to its channel's limit. */
export interface ChatReplier {
  /** Sends one whole reply. */
  send(text: string): Promise<void>;
  /** When present, an answer streams: called with the reply so far, `final` on the last call (which carries the formatted reply with its sources). */
  stream?(text: string, final: boolean): Promise<void>;
}

export type Outcome =
  | { kind: 'ignored'; reason: string }
  | { kind: 'limited'; key: string; notified: boolean }
  | { kind: 'hint' }
  | { kind: 'command'; command: Command }
  | { kind: 'too-long' }
  | { kind: 'answer'; answered: boolean; conversationId: string }
  | { kind: 'error'; error: string };

export interface ChatLimits {
  /** Questions per person per minute; 0: no limit. */
  ratePerMinute: number;
  /** Questions per group per minute; 0: no limit. */
  groupRatePerMinute: number;
  /** Conversations remembered for follow-ups (least recently used forgotten first). */
  maxConversations: number;
}

export const DEFAULT_CHAT_LIMITS: ChatLimits = { ratePerMinute: 6, groupRatePerMinute: 20, maxConversations: 5000 };

export interface ChatHandlerOptions {
  /** Names the channel in log lines and conversation ids: 'wechat', 'wecom', 'wecom-bot'. */
  channel: string;
  service: ChatService;
  /** The channel's 帮助 text. */
  helpText: string;
  limits?: Partial<ChatLimits>;
  log?: Log;
  /** The clock of the rate limits (tests). */
  now?: () => number;
  /** A new conversation id. */
  newId?: () => string;
}

export interface ChatHandler {
  /** Deals with one addressed message and sends every reply to it. Never rejects. */
  handle(message: ChatMessage, replier: ChatReplier): Promise<Outcome>;
  /** The conversation key of a message: `dm:<user>` or `room:<group>:<user>`. */
  keyOf(message: Pick<ChatMessage, 'chat' | 'userId' | 'groupId'>): string;
  /** The conversation id a key currently uses. */
  conversationOf(key: string): string | undefined;
  /** Refuses new messages and waits for those being answered. */
  stop(): Promise<void>;
}

interface Conversation {
  id: string;
  last?: { citations: Citation[] };
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function createChatHandler(options: ChatHandlerOptions): ChatHandler {
  const { channel, service } = options;
  const limits: ChatLimits = { ...DEFAULT_CHAT_LIMITS, ...options.limits };
  const now = options.now ?? Date.now;
  const newId = options.newId ?? (() => `${channel}-${crypto.randomUUID()}`);
  const log: Log = (entry) => {
    try {
      options.log?.(entry);
    } catch {
      // a broken logger must not break the bot
    }
  };
  const conversations = new LRUCache<string, Conversation>({ max: limits.maxConversations });
  const limiter = new WindowLimiter(now);
  const chains = new Map<string, Promise<void>>();
  const inflight = new Set<Promise<Outcome>>();
  let stopped = false;

  const keyOf = (m: Pick<ChatMessage, 'chat' | 'userId' | 'groupId'>) => (m.chat === 'group' ? `room:${m.groupId ?? ''}:${m.userId}` : `dm:${m.userId}`);

  const conversation = (key: string): Conversation => {
    let c = conversations.get(key);
    if (!c) {
      c = { id: newId() };
      conversations.set(key, c);
    }
    return c;
  };

  /** One conversation's messages are answered one after another, so follow-ups see the turn before. */
  const serial = <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const run = (chains.get(key) ?? Promise.resolve()).then(work);
    const tail = run.then(() => undefined, () => undefined);
    chains.set(key, tail);
    void tail.then(() => {
      if (chains.get(key) === tail) chains.delete(key);
    });
    return run;
  };

  const command = async (key: string, name: Command, n: number | undefined, replier: ChatReplier): Promise<void> => {
    switch (name) {
      case 'help':
        return replier.send(options.helpText);
      case 'reports':
        return replier.send(formatReportList(await service.documents()));
      case 'reset':
        conversations.set(key, { id: newId() });
        return replier.send(RESET_DONE);
      case 'source': {
        const last = conversations.get(key)?.last;
        const wanted = n ?? 1;
        const citation = last?.citations.find((c) => c.n === wanted);
        if (!last) return replier.send(NO_ANSWER_YET);
        return replier.send(citation ? formatSource(citation) : noSuchSource(wanted, last.citations.length));
      }
    }
  };

  /** The core's answer, streamed onto the channel when both can. */
  const ask = async (question: string, conversationId: string, replier: ChatReplier): Promise<AnswerResult> => {
    const script = detectScript(question);
    if (!replier.stream || !service.answerStream) {
      const result = await service.answer(question, { conversationId });
      await replier.send(formatAnswer(result, script));
      return result;
    }
    let text = '';
    let result: AnswerResult | undefined;
    for await (const event of service.answerStream(question, { conversationId })) {
      if (event.type === 'delta') {
        text += event.text;
        await replier.stream(text, false);
      } else if (event.type === 'done') result = event.result;
    }
    if (!result) throw new Error('the answer stream ended without a result');
    await replier.stream(formatAnswer(result, script), true);
    return result;
  };

  const respondTo = async (message: ChatMessage, key: string, question: string, replier: ChatReplier): Promise<Outcome> => {
    const parsed = parseCommand(question);
    if (parsed || !question) {
      const name = parsed?.command ?? 'help';
      await command(key, name, parsed?.n, replier);
      return { kind: 'command', command: name };
    }
    if (question.length > MAX_QUESTION_CHARS) {
      await replier.send(TOO_LONG);
      return { kind: 'too-long' };
    }
    const c = conversation(key);
    const started = performance.now();
    const result = await ask(question, c.id, replier);
    // The core keeps the places and year under this id; a reset in the meantime wins.
    if (conversations.get(key) === c) c.last = { citations: result.citations };
    log({
      msg: `${channel} answer`,
      chat: message.chat,
      key,
      answered: result.answered,
      mode: result.mode,
      citations: result.citations.length,
      ms: Math.round(performance.now() - started),
    });
    return { kind: 'answer', answered: result.answered, conversationId: c.id };
  };

  /** Answers; when the core (or the channel) fails, says so. */
  const respond = async (message: ChatMessage, key: string, question: string, replier: ChatReplier): Promise<Outcome> => {
    try {
      return await respondTo(message, key, question, replier);
    } catch (err) {
      const error = messageOf(err);
      log({ level: 'error', msg: `${channel} answer failed`, key, error });
      await replier.send(FAILED).catch(() => undefined);
      return { kind: 'error', error };
    }
  };

  const decide = async (message: ChatMessage, replier: ChatReplier): Promise<Outcome> => {
    if (stopped) return { kind: 'ignored', reason: 'stopped' };
    const decision = limiter.hit([
      { key: `person:${message.userId}`, limit: limits.ratePerMinute },
      ...(message.chat === 'group' ? [{ key: `room:${message.groupId ?? ''}`, limit: limits.groupRatePerMinute }] : []),
    ]);
    if (!decision.allowed) {
      log({ level: 'warn', msg: `${channel} rate limited`, key: decision.key, notified: decision.notify });
      if (decision.notify) await replier.send(RATE_LIMITED);
      return { kind: 'limited', key: decision.key, notified: decision.notify };
    }
    if (message.text === null) {
      await replier.send(TEXT_ONLY_HINT);
      return { kind: 'hint' };
    }
    const key = keyOf(message);
    const question = message.text.trim();
    return serial(key, () => respond(message, key, question, replier));
  };

  const handle = (message: ChatMessage, replier: ChatReplier): Promise<Outcome> => {
    const run = (async (): Promise<Outcome> => {
      try {
        return await decide(message, replier);
      } catch (err) {
        // Most likely a reply that could not be sent; nothing more to say then.
        const error = messageOf(err);
        log({ level: 'error', msg: `${channel} message failed`, key: keyOf(message), error });
        return { kind: 'error', error };
      }
    })();
    inflight.add(run);
    void run.finally(() => inflight.delete(run));
    return run;
  };

  return {
    handle,
    keyOf,
    conversationOf: (key) => conversations.get(key)?.id,
    async stop() {
      stopped = true;
      await Promise.allSettled([...inflight]);
    },
  };
}
