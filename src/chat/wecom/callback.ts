/**
 * The WeCom self-built app (自建应用) callback, as a Hono sub-app for the
 * service's own app (Node and the Worker alike):
 *
 * - GET: URL verification. The msg_signature is checked over echostr, which
 *   is decrypted and answered in plain text.
 * - POST: a message. Signature, then decryption and the corp id are checked
 *   (a failure is a 4xx and nothing is sent), and the reply is an empty 200
 *   at once: WeCom retries a callback that takes over 5 s, up to three times.
 *   The answer is worked out in the background (the Worker's waitUntil, else
 *   a tracked promise) and sent with /cgi-bin/message/send. Each MsgId (each
 *   event by user and time) is answered once however often it is delivered.
 *
 * Text messages are questions; other types get the "text only" hint; the
 * enter_agent and subscribe events get the help text once per member.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { ConfigError, parseEnv } from '../../config.js';
import { readBodyLimited } from '../../http/body.js';
import { ApiError } from '../../http/errors.js';
import { helpText } from '../format.js';
import { createChatHandler, type ChatLimits, type ChatService, type Log, type Outcome } from '../handler.js';
import { toMessages, WECOM_TEXT_LIMIT } from '../split.js';
import { LRUCache } from 'lru-cache';
import { createWecomApi, DEFAULT_WECOM_API_BASE, type WecomApi } from './api.js';
import { createWecomCipher, WecomCryptoError, type WecomCipher } from './crypto.js';
import { parseWecomXml, WecomXmlError } from './xml.js';

export const DEFAULT_WECOM_CALLBACK_PATH = '/wecom/callback';
/** WeCom's callbacks are a few hundred bytes; anything near this is not one. */
export const MAX_CALLBACK_BYTES = 64 * 1024;

const REQUIRED = ['WECOM_CORP_ID', 'WECOM_AGENT_ID', 'WECOM_SECRET', 'WECOM_TOKEN', 'WECOM_ENCODING_AES_KEY'] as const;

const blankIsUnset = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const WecomCallbackEnvSchema = z.object({
  WECOM_CORP_ID: z.string().trim().regex(/^[\w-]{1,64}$/u, 'must be the corp id (我的企业 → 企业信息 → 企业ID), e.g. ww0123456789abcdef'),
  WECOM_AGENT_ID: z.coerce.number().int().positive('must be the app’s AgentId, a number'),
  WECOM_SECRET: z.string().trim().min(1),
  WECOM_TOKEN: z.string().trim().regex(/^[A-Za-z0-9]{1,32}$/u, 'must be the Token set on the app’s 接收消息 page (letters and digits, at most 32)'),
  WECOM_ENCODING_AES_KEY: z.string().trim().regex(/^[A-Za-z0-9]{43}$/u, 'must be the 43-character EncodingAESKey set on the app’s 接收消息 page'),
  WECOM_CALLBACK_PATH: z.preprocess(blankIsUnset, z.string().regex(/^\/[\w\-./]*$/u, 'must be a path starting with /').default(DEFAULT_WECOM_CALLBACK_PATH)),
  WECOM_API_BASE: z.preprocess(blankIsUnset, z.string().url().default(DEFAULT_WECOM_API_BASE)),
});

export interface WecomCallbackConfig {
  corpId: string;
  agentId: number;
  secret: string;
  token: string;
  encodingAesKey: string;
  /** Where the routes answer, e.g. /wecom/callback. */
  path: string;
  /** The WeCom API's base URL (tests point it at a local fake). */
  apiBase: string;
}

/**
 * The callback's configuration, or undefined when none of the five WECOM_*
 * variables is set (the callback is off). Some but not all set, or any of
 * them invalid, is a ConfigError naming each variable at fault.
 */
export function wecomCallbackConfigFromEnv(env: Record<string, string | undefined>): WecomCallbackConfig | undefined {
  const set = REQUIRED.filter((name) => blankIsUnset(env[name]) !== undefined);
  if (set.length === 0) return undefined;
  const missing = REQUIRED.filter((name) => !set.includes(name));
  if (missing.length) {
    const lines = missing.map((name) => `  ${name}: required with ${set.join(', ')} (the WeCom callback needs all five)`);
    throw new ConfigError(`invalid WeCom callback configuration:\n${lines.join('\n')}`);
  }
  const c = parseEnv(WecomCallbackEnvSchema, env, 'WeCom callback configuration');
  return {
    corpId: c.WECOM_CORP_ID,
    agentId: c.WECOM_AGENT_ID,
    secret: c.WECOM_SECRET,
    token: c.WECOM_TOKEN,
    encodingAesKey: c.WECOM_ENCODING_AES_KEY,
    path: c.WECOM_CALLBACK_PATH,
    apiBase: c.WECOM_API_BASE,
  };
}

export interface WecomCallbackOptions {
  config: WecomCallbackConfig;
  log?: Log;
  /** How the API is reached (tests, a proxy). */
  fetch?: typeof fetch;
  limits?: Partial<ChatLimits>;
  /** The clock of the rate limits and the token cache. */
  now?: () => number;
  /** Pauses before retrying a WeCom API call. */
  retryDelaysMs?: readonly number[];
  /**
   * Where a background answer goes outside the Worker (which has waitUntil):
   * a Node server can collect them to wait for on shutdown. By default they
   * are kept until settled.
   */
  background?: (task: Promise<void>) => void;
  /** Called once each delivered message is dealt with (tests, metrics). */
  onHandled?: (delivery: { key: string; outcome: Outcome | { kind: 'greeted' | 'ignored'; reason?: string } }) => void;
}

const QuerySchema = z.object({
  msg_signature: z.string().regex(/^[0-9a-fA-F]{40}$/u),
  timestamp: z.string().regex(/^\d{1,12}$/u),
  nonce: z.string().min(1).max(64),
});
const EchoSchema = QuerySchema.extend({ echostr: z.string().min(1).max(4096) });

const EnvelopeSchema = z.object({ Encrypt: z.string().min(1) }).passthrough();

/** The decrypted message: the fields this app reads. */
const MessageSchema = z
  .object({
    ToUserName: z.string().optional(),
    FromUserName: z.string().min(1),
    CreateTime: z.string().regex(/^\d+$/u),
    MsgType: z.string().min(1),
    Content: z.string().optional(),
    MsgId: z.string().optional(),
    AgentID: z.string().optional(),
    Event: z.string().optional(),
  })
  .passthrough();
type WecomMessage = z.infer<typeof MessageSchema>;

const GREETED_EVENTS = new Set(['enter_agent', 'subscribe']);

const problem = (c: Context, status: 400 | 401 | 403 | 413, code: string, message: string) => c.json({ error: { code, message } }, status);

export function wecomCallbackHelpText(): string {
  return helpText();
}

export function wecomCallbackRoutes(service: ChatService, options: WecomCallbackOptions): Hono {
  const { config } = options;
  const log: Log = (entry) => {
    try {
      options.log?.(entry);
    } catch {
      // a broken logger must not break the callback
    }
  };
  let cipher: Promise<WecomCipher> | undefined;
  const getCipher = () => (cipher ??= createWecomCipher({ token: config.token, encodingAesKey: config.encodingAesKey, corpId: config.corpId }));
  const api: WecomApi = createWecomApi({
    baseUrl: config.apiBase,
    corpId: config.corpId,
    secret: config.secret,
    agentId: config.agentId,
    log,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}),
  });
  const chat = createChatHandler({
    channel: 'wecom',
    service,
    helpText: wecomCallbackHelpText(),
    log,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const seen = new LRUCache<string, true>({ max: 10_000 });
  const greeted = new LRUCache<string, true>({ max: 50_000 });
  const pending = new Set<Promise<void>>();
  const keep = options.background ?? ((task: Promise<void>) => {
    pending.add(task);
    void task.finally(() => pending.delete(task));
  });

  const handled = (key: string, outcome: Parameters<NonNullable<WecomCallbackOptions['onHandled']>>[0]['outcome']) => {
    try {
      options.onHandled?.({ key, outcome });
    } catch {
      // an observer must not break the callback
    }
  };

  /** Sends a reply to one member, in as many text messages as WeCom's 2,048-byte limit needs. */
  const sendTo = (user: string) => async (text: string) => {
    for (const part of toMessages(text, WECOM_TEXT_LIMIT)) await api.sendText(user, part);
  };

  const answer = async (key: string, message: WecomMessage): Promise<void> => {
    // A macrotask first, so the empty 200 is written before the core's synchronous work starts.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const user = message.FromUserName;
    if (message.MsgType === 'event') {
      if (!GREETED_EVENTS.has(message.Event ?? '') || greeted.has(user)) return handled(key, { kind: 'ignored', reason: `event ${message.Event ?? ''}` });
      greeted.set(user, true);
      try {
        await sendTo(user)(wecomCallbackHelpText());
      } catch (err) {
        log({ level: 'error', msg: 'wecom greeting failed', error: err instanceof Error ? err.message : String(err) });
      }
      return handled(key, { kind: 'greeted' });
    }
    const text = message.MsgType === 'text' ? (message.Content ?? '') : null;
    const outcome = await chat.handle({ chat: 'dm', userId: user, text }, { send: sendTo(user) });
    handled(key, outcome);
  };

  /** Hands work to the runtime: the Worker keeps the isolate alive for it; Node keeps the promise. */
  const inBackground = (c: Context, task: Promise<void>) => {
    let ctx: { waitUntil(p: Promise<unknown>): void } | undefined;
    try {
      ctx = c.executionCtx;
    } catch {
      // Hono throws when the runtime gave no execution context (Node).
    }
    if (ctx) ctx.waitUntil(task);
    else keep(task);
  };

  /** Checks the signature and decrypts; a Response when the request is refused. */
  const open = async (c: Context, query: z.infer<typeof QuerySchema>, encrypted: string): Promise<string | Response> => {
    const crypt = await getCipher();
    if (!(await crypt.verify(query.msg_signature, query.timestamp, query.nonce, encrypted))) {
      log({ level: 'warn', msg: 'wecom callback refused', reason: 'bad signature' });
      return problem(c, 401, 'bad_signature', 'msg_signature does not match');
    }
    try {
      return await crypt.decrypt(encrypted);
    } catch (err) {
      if (!(err instanceof WecomCryptoError)) throw err;
      log({ level: 'warn', msg: 'wecom callback refused', reason: err.reason });
      return err.reason === 'bad-corp-id' ? problem(c, 403, 'wrong_corp_id', err.message) : problem(c, 400, 'bad_ciphertext', err.message);
    }
  };

  const app = new Hono();

  app.get(config.path, async (c) => {
    const query = EchoSchema.safeParse(c.req.query());
    if (!query.success) return problem(c, 400, 'bad_request', 'msg_signature, timestamp, nonce and echostr are required');
    const plain = await open(c, query.data, query.data.echostr);
    if (typeof plain !== 'string') return plain;
    log({ msg: 'wecom callback verified' });
    return c.text(plain);
  });

  app.post(config.path, async (c) => {
    const query = QuerySchema.safeParse(c.req.query());
    if (!query.success) return problem(c, 400, 'bad_request', 'msg_signature, timestamp and nonce are required');
    let raw: Uint8Array;
    try {
      raw = await readBodyLimited(c.req.raw, MAX_CALLBACK_BYTES);
    } catch (err) {
      if (err instanceof ApiError) return problem(c, 413, 'too_large', 'a WeCom callback is a few hundred bytes');
      throw err;
    }
    let envelope: z.infer<typeof EnvelopeSchema>;
    let message: WecomMessage;
    try {
      const parsed = EnvelopeSchema.safeParse(parseWecomXml(new TextDecoder().decode(raw)));
      if (!parsed.success) return problem(c, 400, 'bad_request', 'the body has no <Encrypt> element');
      envelope = parsed.data;
    } catch (err) {
      if (err instanceof WecomXmlError) return problem(c, 400, 'bad_xml', err.message);
      throw err;
    }
    const plain = await open(c, query.data, envelope.Encrypt);
    if (typeof plain !== 'string') return plain;
    try {
      const parsed = MessageSchema.safeParse(parseWecomXml(plain));
      if (!parsed.success) return problem(c, 400, 'bad_message', 'the decrypted message lacks FromUserName, CreateTime or MsgType');
      message = parsed.data;
    } catch (err) {
      if (err instanceof WecomXmlError) return problem(c, 400, 'bad_xml', err.message);
      throw err;
    }
    if (message.AgentID && message.AgentID !== String(config.agentId)) {
      log({ level: 'warn', msg: 'wecom callback for another app', agentId: message.AgentID });
      return c.body(null, 200);
    }
    // WeCom's own rule for telling deliveries apart: MsgId for messages, sender and time for events.
    const key = message.MsgId ? `msg:${message.MsgId}` : `event:${message.FromUserName}:${message.CreateTime}:${message.Event ?? message.MsgType}`;
    if (seen.has(key)) {
      log({ level: 'debug', msg: 'wecom duplicate delivery', key });
      return c.body(null, 200);
    }
    seen.set(key, true);
    inBackground(c, answer(key, message).catch((err: unknown) => {
      log({ level: 'error', msg: 'wecom answer failed', key, error: err instanceof Error ? err.message : String(err) });
    }));
    return c.body(null, 200);
  });

  return app;
}
