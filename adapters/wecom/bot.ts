/**
 * The WeCom AI bot (智能机器人) over its outbound long connection, with
 * @wecom/aibot-node-sdk: private chats and group chats (WeCom only delivers
 * group messages that @-mention the bot). The answer streams onto the SDK's
 * stream message as the core produces it and ends with the sources; when the
 * stream can no longer be written (the connection dropped, WeCom refused a
 * frame, or the answer came too late for it) the reply goes to the
 * message's response_url instead. Each msgid is answered once.
 * Conversations, rate limits, commands and formatting are the shared chat
 * module's (src/chat); all answering is the core's.
 */
import { WSAuthFailureError, WSReconnectExhaustedError, type WSClient, type WsFrame } from '@wecom/aibot-node-sdk';
import { z } from 'zod';
import { stripLeadingMentions } from '../../src/chat/commands.js';
import { helpText } from '../../src/chat/format.js';
import { createChatHandler, type ChatLimits, type ChatMessage, type ChatReplier, type ChatService, type Log, type Outcome } from '../../src/chat/handler.js';
import { sizeOf, splitReply, toMessages, WECOM_MARKDOWN_LIMIT, WECOM_STREAM_LIMIT } from '../../src/chat/split.js';
import { LRUCache } from 'lru-cache';

/** What the bot uses of the SDK's client. */
export type BotClient = Pick<WSClient, 'on' | 'off' | 'replyStream' | 'replyStreamNonBlocking' | 'replyWelcome' | 'sendMessage'>;

/** WeCom stops taking frames for a stream some minutes after the message; past this the reply goes to response_url. */
export const DEFAULT_STREAM_WINDOW_MS = 5 * 60_000;

const MessageBodySchema = z
  .object({
    msgid: z.string().min(1),
    chattype: z.enum(['single', 'group']),
    chatid: z.string().optional(),
    from: z.object({ userid: z.string().min(1) }),
    msgtype: z.string(),
    text: z.object({ content: z.string() }).optional(),
    response_url: z.string().optional(),
  })
  .passthrough();
type MessageBody = z.infer<typeof MessageBodySchema>;

const ResponseUrlResultSchema = z.object({ errcode: z.number().default(0), errmsg: z.string().default('') });

const EventBodySchema = z.object({ from: z.object({ userid: z.string() }).optional(), event: z.object({ eventtype: z.string() }) }).passthrough();

export interface WecomBotDeps {
  client: BotClient;
  service: ChatService;
  limits?: Partial<ChatLimits>;
  log?: Log;
  /** For response_url (tests, a proxy). */
  fetch?: typeof fetch;
  now?: () => number;
  newId?: () => string;
  streamWindowMs?: number;
  /** Called once each message is dealt with, after every reply to it went out (tests, metrics). */
  onHandled?: (msgid: string, outcome: Outcome | { kind: 'duplicate' | 'ignored'; reason?: string }) => void;
}

export interface WecomBot {
  /** Stops listening and waits for the messages being answered. */
  stop(): Promise<void>;
  conversationOf(key: string): string | undefined;
}

export function wecomBotHelpText(): string {
  return helpText({ group: '@我 提问', groupExample: '@法治问答 址山镇2020年开展了哪些普法活动？' });
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : typeof err === 'object' && err && 'errmsg' in err ? String((err as { errmsg: unknown }).errmsg) : String(err));

export function createWecomBot(deps: WecomBotDeps): WecomBot {
  const { client } = deps;
  const log: Log = (entry) => {
    try {
      deps.log?.(entry);
    } catch {
      // a broken logger must not break the bot
    }
  };
  const now = deps.now ?? Date.now;
  const doFetch = deps.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const windowMs = deps.streamWindowMs ?? DEFAULT_STREAM_WINDOW_MS;
  const chat = createChatHandler({
    channel: 'wecom-bot',
    service: deps.service,
    helpText: wecomBotHelpText(),
    log,
    ...(deps.limits ? { limits: deps.limits } : {}),
    ...(deps.now ? { now: deps.now } : {}),
    ...(deps.newId ? { newId: deps.newId } : {}),
  });
  const seen = new LRUCache<string, true>({ max: 10_000 });
  const inflight = new Set<Promise<void>>();
  let stopped = false;

  const handled = (msgid: string, outcome: Parameters<NonNullable<WecomBotDeps['onHandled']>>[1]) => {
    try {
      deps.onHandled?.(msgid, outcome);
    } catch {
      // an observer must not break the bot
    }
  };

  /** Posts a reply to response_url (once per message), the rest of a long one as pushed messages. */
  const late = async (body: MessageBody, text: string): Promise<void> => {
    const [first, ...rest] = toMessages(text, WECOM_MARKDOWN_LIMIT);
    if (first === undefined) return;
    if (!body.response_url) throw new Error('the stream failed and the message has no response_url');
    const response = await doFetch(body.response_url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ msgtype: 'markdown', markdown: { content: first } }),
      signal: AbortSignal.timeout(10_000),
    });
    const result = ResponseUrlResultSchema.safeParse(await response.json().catch(() => undefined));
    if (!response.ok || !result.success || result.data.errcode !== 0) {
      throw new Error(`response_url: ${response.ok ? (result.success ? `errcode ${result.data.errcode} ${result.data.errmsg}` : 'not JSON') : `HTTP ${response.status}`}`);
    }
    for (const part of rest) await push(body, part);
    log({ msg: 'wecom-bot late reply', msgid: body.msgid, parts: rest.length + 1 });
  };

  /** An active message to the chat (the sender in a private chat). */
  const push = (body: MessageBody, content: string) =>
    client.sendMessage(body.chattype === 'group' ? body.chatid ?? '' : body.from.userid, { msgtype: 'markdown', markdown: { content } });

  /** The stream of one message's reply, falling back to response_url. */
  const replier = (frame: WsFrame<MessageBody>, body: MessageBody): ChatReplier => {
    const streamId = `s-${crypto.randomUUID()}`;
    const started = now();
    let broken = false;
    let finished = false;

    const fail = (err: unknown) => {
      if (!broken) log({ level: 'warn', msg: 'wecom-bot stream failed', msgid: body.msgid, error: messageOf(err) });
      broken = true;
    };

    const finish = async (text: string) => {
      finished = true;
      const within = sizeOf(text, WECOM_STREAM_LIMIT.unit) <= WECOM_STREAM_LIMIT.max;
      // Over the stream's limit: numbered markdown parts, the first in the stream, the rest pushed.
      const [first, ...rest] = within ? [text] : toMessages(text, WECOM_MARKDOWN_LIMIT);
      if (!broken && now() - started > windowMs) fail(new Error('the answer came after the stream window'));
      if (!broken) await client.replyStream(frame, streamId, first ?? '', true).catch(fail);
      if (broken) return late(body, text);
      for (const part of rest) await push(body, part);
    };

    return {
      send: finish,
      async stream(text, final) {
        if (final) return finish(text);
        if (broken || finished || now() - started > windowMs) return;
        // Intermediate frames are skipped while the previous one waits for its ack, so a slow link never queues them up.
        const shown = sizeOf(text, WECOM_STREAM_LIMIT.unit) <= WECOM_STREAM_LIMIT.max ? text : (splitReply(text, WECOM_STREAM_LIMIT.max - 4, 'bytes')[0] ?? '');
        await client.replyStreamNonBlocking(frame, streamId, shown, false).catch(fail);
      },
    };
  };

  const onMessage = (frame: WsFrame) => {
    const parsed = MessageBodySchema.safeParse(frame.body);
    if (!parsed.success) {
      log({ level: 'warn', msg: 'wecom-bot message unreadable', error: parsed.error.issues[0]?.message ?? 'invalid' });
      return;
    }
    const body = parsed.data;
    if (stopped) return handled(body.msgid, { kind: 'ignored', reason: 'stopped' });
    if (seen.has(body.msgid)) {
      log({ level: 'debug', msg: 'wecom-bot duplicate delivery', msgid: body.msgid });
      return handled(body.msgid, { kind: 'duplicate' });
    }
    seen.set(body.msgid, true);
    const group = body.chattype === 'group';
    const raw = body.msgtype === 'text' ? (body.text?.content ?? '') : null;
    const message: ChatMessage = {
      chat: group ? 'group' : 'dm',
      userId: body.from.userid,
      ...(group ? { groupId: body.chatid ?? '' } : {}),
      text: raw === null ? null : group ? stripLeadingMentions(raw) : raw.trim(),
    };
    const run = chat
      .handle(message, replier(frame as WsFrame<MessageBody>, body))
      .then((outcome) => handled(body.msgid, outcome));
    inflight.add(run);
    void run.finally(() => inflight.delete(run));
  };

  const onEnterChat = (frame: WsFrame) => {
    const parsed = EventBodySchema.safeParse(frame.body);
    if (!parsed.success || stopped) return;
    client.replyWelcome(frame, { msgtype: 'text', text: { content: wecomBotHelpText() } }).catch((err: unknown) => {
      log({ level: 'warn', msg: 'wecom-bot welcome failed', error: messageOf(err) });
    });
  };

  client.on('message', onMessage);
  client.on('event.enter_chat', onEnterChat);

  return {
    async stop() {
      stopped = true;
      client.off('message', onMessage);
      client.off('event.enter_chat', onEnterChat);
      await Promise.allSettled([...inflight]);
      await chat.stop();
    },
    conversationOf: (key) => chat.conversationOf(key),
  };
}

/** What the connection logs need of the SDK's client. */
export type SupervisedClient = Pick<WSClient, 'on' | 'off'>;

/**
 * Logs the long connection: connected, dropped, and one line per reconnect
 * attempt (naming the last error), not one per socket error the SDK raises
 * while offline. The SDK itself reconnects with a growing pause; when it
 * stops for good (the Bot ID or Secret refused too often, or another
 * connection with the same bot took over) `onGiveUp` is told, so the
 * process can end and its supervisor see it.
 */
export function logConnection(client: SupervisedClient, log: Log, onGiveUp?: (reason: string) => void): () => void {
  let connected = false;
  let lastError: string | undefined;
  const giveUp = (reason: string) => {
    log({ level: 'error', msg: 'wecom-bot gave up', reason });
    onGiveUp?.(reason);
  };
  const onAuthenticated = () => {
    connected = true;
    lastError = undefined;
    log({ msg: 'wecom-bot connected' });
  };
  const onDisconnected = (reason: string) => {
    if (connected) log({ level: 'warn', msg: 'wecom-bot disconnected', reason });
    connected = false;
  };
  const onReconnecting = (attempt: number) => {
    log({ level: 'warn', msg: 'wecom-bot reconnecting', attempt, ...(lastError ? { error: lastError } : {}) });
  };
  const onError = (error: Error) => {
    if (error instanceof WSAuthFailureError) return giveUp(`WeCom refused the Bot ID or Secret ${lastError ? `(${lastError}) ` : ''}on every attempt: check WECOM_BOT_ID and WECOM_BOT_SECRET`);
    if (error instanceof WSReconnectExhaustedError) return giveUp(error.message);
    lastError = error.message;
    log({ level: connected ? 'error' : 'debug', msg: 'wecom-bot error', error: error.message });
  };
  const onReplaced = () => giveUp('another connection with the same Bot ID took over (only one may be connected)');
  client.on('authenticated', onAuthenticated);
  client.on('disconnected', onDisconnected);
  client.on('reconnecting', onReconnecting);
  client.on('error', onError);
  client.on('event.disconnected_event', onReplaced);
  return () => {
    client.off('authenticated', onAuthenticated);
    client.off('disconnected', onDisconnected);
    client.off('reconnecting', onReconnecting);
    client.off('error', onError);
    client.off('event.disconnected_event', onReplaced);
  };
}

/**
 * The SDK's own log lines, into ours at debug level: the lines that matter
 * are logConnection's and the bot's. Its debug lines are dropped: they carry
 * whole message bodies, questions included, which this service never logs.
 */
export function sdkLogger(log: Log) {
  const at = (message: string, args: unknown[]) => log({ level: 'debug', msg: 'wecom-bot sdk', text: [message, ...args.map((a) => (a instanceof Error ? a.message : String(a)))].join(' ') });
  return {
    debug: () => undefined,
    info: (message: string, ...args: unknown[]) => at(message, args),
    warn: (message: string, ...args: unknown[]) => at(message, args),
    error: (message: string, ...args: unknown[]) => at(message, args),
  };
}
