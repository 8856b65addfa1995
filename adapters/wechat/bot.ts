/**
 * The Wechaty side of the WeChat bot: decides whether a message is addressed
 * to the bot (private chat; in a group an @-mention by the bot's current name
 * or the prefix), ignores its own messages and official accounts, and sends
 * replies (in a group the first part @-mentions the asker). Conversations,
 * rate limits, commands and formatting are the shared chat module's
 * (src/chat); all answering is the core's.
 */
import { types, type Contact, type Message, type Room, type Wechaty as WechatyInterface } from 'wechaty';
import { prefixVariants, stripPrefix } from '../../src/chat/commands.js';
import { helpText } from '../../src/chat/format.js';
import { createChatHandler, type ChatService, type Log, type Outcome } from '../../src/chat/handler.js';
import { toMessages, wechatLimit } from '../../src/chat/split.js';
import { DEFAULT_BOT_CONFIG, type BotConfig } from './config.js';

export type { ChatService as BotService, Log, Outcome } from '../../src/chat/handler.js';

export interface BotDeps {
  wechaty: WechatyInterface;
  service: ChatService;
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

/** Message types that get the "text only" hint; the rest (links, cards, system notices …) are ignored. */
const HINTED_TYPES = new Set<types.Message>([
  types.Message.Audio,
  types.Message.Image,
  types.Message.Video,
  types.Message.Emoticon,
  types.Message.Attachment,
]);

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

export function wechatHelpText(groupPrefix: string): string {
  return helpText({ group: `@我 提问，或以“${groupPrefix}”开头`, groupExample: `${groupPrefix}址山镇2020年开展了哪些普法活动？` });
}

export function createBot(deps: BotDeps): Bot {
  const { wechaty } = deps;
  const config: BotConfig = { ...DEFAULT_BOT_CONFIG, ...deps.config };
  const log: Log = (entry) => {
    try {
      deps.log?.(entry);
    } catch {
      // a broken logger must not break the bot
    }
  };
  const prefixes = prefixVariants(config.groupPrefix);
  const limit = wechatLimit(config.maxChars);
  const chat = createChatHandler({
    channel: 'wechat',
    service: deps.service,
    helpText: wechatHelpText(config.groupPrefix),
    limits: { ratePerMinute: config.ratePerMinute, groupRatePerMinute: config.roomRatePerMinute, maxConversations: config.maxConversations },
    log,
    ...(deps.now ? { now: deps.now } : {}),
    ...(deps.newId ? { newId: deps.newId } : {}),
  });
  const inflight = new Set<Promise<Outcome>>();
  let stopped = false;

  /** Sends a reply, split into parts when long; in a group the first part @-mentions the asker. */
  const reply = async (room: Room | undefined, talker: Contact, text: string): Promise<void> => {
    for (const [i, part] of toMessages(text, limit).entries()) {
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
    return chat.handle(
      { chat: room ? 'group' : 'dm', userId: talker.id, ...(room ? { groupId: room.id } : {}), text: question },
      { send: (body) => reply(room, talker, body) },
    );
  };

  const handle = (message: Message): Promise<Outcome> => {
    const run = (async (): Promise<Outcome> => {
      let outcome: Outcome;
      try {
        outcome = await decide(message);
      } catch (err) {
        // A Wechaty lookup (room alias, mention list) that failed before the message reached the chat handler.
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
      await chat.stop();
    },
    conversationOf: (key) => chat.conversationOf(key),
  };
}
