/**
 * The WeChat message handler: decides whether a message is addressed to the
 * bot, keeps a conversation per person (per person per group in groups),
 * limits the rate, runs the commands and hands questions to the core. All
 * answering is the core's (a QaService in process or over HTTP); this only
 * routes and formats.
 */
import { randomUUID } from 'node:crypto';
import { types, type Contact, type Message, type Room, type Wechaty as WechatyInterface } from 'wechaty';
import type { AnswerResult } from '../../src/answer/types.js';
import { detectScript, type Script } from '../../src/ingest/script.js';
import type { Citation, ReportDocument } from '../../src/schema.js';
import type { QaService } from '../../src/service.js';
import { DEFAULT_BOT_CONFIG, type BotConfig } from './config.js';
import {
  FAILED,
  formatAnswer,
  formatReportList,
  formatSource,
  helpText,
  MAX_QUESTION_CHARS,
  NO_ANSWER_YET,
  RATE_LIMITED,
  RESET_DONE,
  TEXT_ONLY_HINT,
  TOO_LONG,
  toMessages,
} from './format.js';
import { LruMap, WindowLimiter } from './state.js';

/** What the bot needs of the core: a QaService, or the HTTP client (whose documents() is asynchronous). */
export interface BotService {
  answer: QaService['answer'];
  documents(): ReportDocument[] | Promise<ReportDocument[]>;
}

export type Log = (entry: Record<string, unknown>) => void;

export type Command = 'help' | 'source' | 'reports' | 'reset';

export type Outcome =
  | { kind: 'ignored'; reason: 'self' | 'official' | 'not-addressed' | 'unsupported' | 'stopped' }
  | { kind: 'limited'; key: string; notified: boolean }
  | { kind: 'hint' }
  | { kind: 'command'; command: Command }
  | { kind: 'too-long' }
  | { kind: 'answer'; answered: boolean; conversationId: string }
  | { kind: 'error'; error: string };

export interface BotDeps {
  wechaty: WechatyInterface;
  service: BotService;
  config?: Partial<BotConfig>;
  log?: Log;
  /** The clock of the rate limits (tests). */
  now?: () => number;
  /** A new conversation id. */
  newId?: () => string;
  /** Called once each message is dealt with, after every reply to it was sent (tests, metrics). */
  onHandled?: (message: Message, outcome: Outcome) => void;
}

export interface Bot {
  /** Deals with one message (the bot calls this for every 'message' event). Never rejects. */
  handle(message: Message): Promise<Outcome>;
  /** Stops listening and waits for the messages being answered. */
  stop(): Promise<void>;
  /** The conversation id a key (`dm:<contactId>` or `room:<roomId>:<contactId>`) currently uses. */
  conversationOf(key: string): string | undefined;
}

interface Conversation {
  id: string;
  last?: { citations: Citation[] };
}

/** Message types that get the "text only" hint; the rest (links, cards, system notices …) are ignored. */
const HINTED_TYPES = new Set<types.Message>([
  types.Message.Audio,
  types.Message.Image,
  types.Message.Video,
  types.Message.Emoticon,
  types.Message.Attachment,
]);

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
const fullWidthDigits = (s: string) => s.replace(/[０-９]/gu, (d) => String(d.charCodeAt(0) - 0xff10));

/** The prefix as configured and with the other width of a trailing colon: 问： and 问:. */
export function prefixVariants(prefix: string): string[] {
  const variants = [prefix];
  if (prefix.endsWith('：')) variants.push(`${prefix.slice(0, -1)}:`);
  else if (prefix.endsWith(':')) variants.push(`${prefix.slice(0, -1)}：`);
  return variants;
}

export function parseCommand(text: string): { command: Command; n?: number } | null {
  const t = fullWidthDigits(text.trim().replace(/[。.!！]+$/u, '').trim());
  if (/^(帮助|幫助|help|\?|？)$/iu.test(t)) return { command: 'help' };
  if (/^(报告列表|報告列表)$/u.test(t)) return { command: 'reports' };
  if (/^(重置|重新开始|重新開始)$/u.test(t)) return { command: 'reset' };
  const source = /^(?:来源|來源|出处|出處)\s*(\d{1,3})$/u.exec(t);
  if (source) return { command: 'source', n: Number(source[1]) };
  return null;
}

/** Removes the prefix (either width) from the start of a text; null when it does not start with it. */
function stripPrefix(text: string, prefixes: readonly string[]): string | null {
  const t = text.trimStart();
  const p = prefixes.find((x) => t.startsWith(x));
  return p === undefined ? null : t.slice(p.length).trim();
}

export function createBot(deps: BotDeps): Bot {
  const { wechaty, service } = deps;
  const config: BotConfig = { ...DEFAULT_BOT_CONFIG, ...deps.config };
  const now = deps.now ?? Date.now;
  const newId = deps.newId ?? (() => `wechat-${randomUUID()}`);
  const log: Log = (entry) => {
    try {
      deps.log?.(entry);
    } catch {
      // a broken logger must not break the bot
    }
  };
  const prefixes = prefixVariants(config.groupPrefix);
  const conversations = new LruMap<string, Conversation>(config.maxConversations);
  const limiter = new WindowLimiter(now);
  const chains = new Map<string, Promise<void>>();
  const inflight = new Set<Promise<Outcome>>();
  let stopped = false;

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

  /** Sends a reply, split into parts when long; in a group the first part @-mentions the asker. */
  const reply = async (room: Room | undefined, talker: Contact, text: string): Promise<void> => {
    const parts = toMessages(text, config.maxChars);
    for (const [i, part] of parts.entries()) {
      if (room) {
        if (i === 0) await room.say(part, talker);
        else await room.say(part);
      } else {
        await talker.say(part);
      }
    }
  };

  /** In a group: the question with the bot's @-mention or the prefix removed; null when neither addresses the bot. */
  const groupQuestion = async (message: Message, room: Room, text: string): Promise<string | null> => {
    const self = wechaty.currentUser;
    // The current name, read now: after a rename the new name is the one people type.
    const names = [self.name(), await room.alias(self).catch(() => undefined)].filter((n): n is string => Boolean(n && n.trim()));
    let rest = text;
    let byName = false;
    for (const name of names) {
      const stripped = rest.replace(new RegExp(`@${escapeRegExp(name)}(?:[\\u2005\\u0020]|$)`, 'gu'), ' ');
      if (stripped !== rest) {
        byName = true;
        rest = stripped;
      }
    }
    const byId = await message.mentionSelf().catch(() => false);
    // Mentioned by id under a name the bot no longer has: drop the leading @-token.
    if (byId && !byName) rest = rest.replace(/^\s*@[^\s\u2005]+[\u2005\s]?/u, ' ');
    rest = rest.trim();
    const unprefixed = stripPrefix(rest, prefixes);
    if (unprefixed !== null) return unprefixed;
    return byId || byName ? rest : null;
  };

  /** Answers an addressed message; when the core (or WeChat) fails, says so. */
  const respond = async (key: string, room: Room | undefined, talker: Contact, question: string): Promise<Outcome> => {
    try {
      return await respondTo(key, room, talker, question);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      log({ level: 'error', msg: 'wechat answer failed', key, error });
      await reply(room, talker, FAILED).catch(() => undefined);
      return { kind: 'error', error };
    }
  };

  const respondTo = async (key: string, room: Room | undefined, talker: Contact, question: string): Promise<Outcome> => {
    const command = parseCommand(question);
    if (command || !question) {
      const name = command?.command ?? 'help';
      switch (name) {
        case 'help':
          await reply(room, talker, helpText(config.groupPrefix));
          break;
        case 'reports':
          await reply(room, talker, formatReportList(await service.documents()));
          break;
        case 'reset':
          conversations.set(key, { id: newId() });
          await reply(room, talker, RESET_DONE);
          break;
        case 'source': {
          const last = conversations.get(key)?.last;
          const n = command?.n ?? 1;
          const citation = last?.citations.find((c) => c.n === n);
          if (!last) await reply(room, talker, NO_ANSWER_YET);
          else if (!citation) {
            await reply(room, talker, last.citations.length
              ? `上一个回答没有第${n}条来源（共${last.citations.length}条，可发送“来源 1”到“来源 ${last.citations.length}”）。`
              : '上一个回答没有引用来源。');
          } else await reply(room, talker, formatSource(citation));
          break;
        }
      }
      return { kind: 'command', command: name };
    }
    if (question.length > MAX_QUESTION_CHARS) {
      await reply(room, talker, TOO_LONG);
      return { kind: 'too-long' };
    }
    const c = conversation(key);
    const started = performance.now();
    const result: AnswerResult = await service.answer(question, { conversationId: c.id });
    // The core keeps the places and year under this id; a reset in the meantime wins.
    if (conversations.get(key) === c) c.last = { citations: result.citations };
    const script: Script = detectScript(question);
    await reply(room, talker, formatAnswer(result, script));
    log({
      msg: 'wechat answer',
      chat: room ? 'room' : 'dm',
      key,
      answered: result.answered,
      mode: result.mode,
      citations: result.citations.length,
      ms: Math.round(performance.now() - started),
    });
    return { kind: 'answer', answered: result.answered, conversationId: c.id };
  };

  const decide = async (message: Message): Promise<Outcome> => {
    if (stopped) return { kind: 'ignored', reason: 'stopped' };
    if (message.self()) return { kind: 'ignored', reason: 'self' };
    const talker = message.talker();
    if (talker.type() === types.Contact.Official) return { kind: 'ignored', reason: 'official' };
    const room = message.room();
    const isText = message.type() === types.Message.Text;
    const text = isText ? message.text() : '';
    let question: string | null;
    if (room) {
      // Non-text messages carry no @-mention, so in a group they never address the bot.
      question = isText ? await groupQuestion(message, room, text) : null;
      if (question === null) return { kind: 'ignored', reason: 'not-addressed' };
    } else {
      question = isText ? (stripPrefix(text, prefixes) ?? text.trim()) : null;
    }
    if (!isText && !HINTED_TYPES.has(message.type())) return { kind: 'ignored', reason: 'unsupported' };

    const decision = limiter.hit([
      { key: `person:${talker.id}`, limit: config.ratePerMinute },
      ...(room ? [{ key: `room:${room.id}`, limit: config.roomRatePerMinute }] : []),
    ]);
    if (!decision.allowed) {
      log({ level: 'warn', msg: 'wechat rate limited', key: decision.key, notified: decision.notify });
      if (decision.notify) await reply(room, talker, RATE_LIMITED);
      return { kind: 'limited', key: decision.key, notified: decision.notify };
    }
    if (question === null) {
      await reply(room, talker, TEXT_ONLY_HINT);
      return { kind: 'hint' };
    }
    const key = room ? `room:${room.id}:${talker.id}` : `dm:${talker.id}`;
    const asked = question;
    return serial(key, () => respond(key, room, talker, asked));
  };

  const handle = (message: Message): Promise<Outcome> => {
    const run = (async (): Promise<Outcome> => {
      let outcome: Outcome;
      try {
        outcome = await decide(message);
      } catch (err) {
        // Most likely a reply that could not be sent; nothing more to say then.
        const error = err instanceof Error ? err.message : String(err);
        log({ level: 'error', msg: 'wechat message failed', messageId: message.id, error });
        outcome = { kind: 'error', error };
      }
      if (outcome.kind === 'ignored') log({ level: 'debug', msg: 'wechat message ignored', messageId: message.id, reason: outcome.reason });
      try {
        deps.onHandled?.(message, outcome);
      } catch {
        // an observer must not break the bot
      }
      return outcome;
    })();
    inflight.add(run);
    void run.finally(() => inflight.delete(run));
    return run;
  };

  const listener = (message: Message) => {
    void handle(message);
  };
  wechaty.on('message', listener);

  return {
    handle,
    async stop() {
      stopped = true;
      wechaty.off('message', listener);
      await Promise.allSettled([...inflight]);
    },
    conversationOf: (key) => conversations.get(key)?.id,
  };
}
