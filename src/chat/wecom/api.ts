/**
 * The few WeCom server APIs a self-built app needs, over fetch (Node and the
 * Worker): GET /cgi-bin/gettoken for the access token (cached until shortly
 * before it expires, fetched once however many senders wait for it, dropped
 * and fetched again when WeCom says it is invalid or expired: 40014, 42001,
 * 42009) and POST /cgi-bin/message/send. Busy answers (-1, 45009, 45033),
 * HTTP 5xx and network errors are retried with a growing pause; every retry
 * and failure is logged (never the token, the secret or the message text).
 */
import { z } from 'zod';
import type { Log } from '../handler.js';

export const DEFAULT_WECOM_API_BASE = 'https://qyapi.weixin.qq.com';

/** WeCom's codes for an access token that is invalid or expired. */
export const TOKEN_ERRCODES: ReadonlySet<number> = new Set([40014, 42001, 42009]);
/** Codes for "busy, try later": system busy, call frequency, concurrency. */
export const BUSY_ERRCODES: ReadonlySet<number> = new Set([-1, 45009, 45033]);

export const DEFAULT_RETRY_DELAYS_MS = [500, 2_000, 5_000] as const;
/** A token is renewed this long before WeCom says it expires. */
const EXPIRY_MARGIN_MS = 5 * 60_000;

export class WecomApiError extends Error {
  constructor(readonly errcode: number, readonly errmsg: string, readonly path: string) {
    super(`${path}: errcode ${errcode}: ${errmsg}`);
    this.name = 'WecomApiError';
  }
}

const ResultSchema = z.object({ errcode: z.number().int().default(0), errmsg: z.string().default('') }).passthrough();
const TokenSchema = z.object({ access_token: z.string().min(1), expires_in: z.number().positive() });
const SendSchema = z.object({ invaliduser: z.string().optional(), msgid: z.string().optional() });

export interface WecomApiOptions {
  baseUrl?: string;
  corpId: string;
  secret: string;
  agentId: number;
  fetch?: typeof fetch;
  log?: Log;
  now?: () => number;
  /** Pauses before the 1st, 2nd, … retry; their count is the number of retries. */
  retryDelaysMs?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
  timeoutMs?: number;
}

export interface WecomApi {
  /** A valid access token, from the cache when it has one. */
  token(): Promise<string>;
  /** Sends a text message to one member (userid); throws a WecomApiError or the network error once retries are spent. */
  sendText(toUser: string, content: string): Promise<{ msgid?: string }>;
}

type Attempt<T> = { ok: true; value: T } | { ok: false; error: Error; retry: 'token' | 'later' | 'no' };

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createWecomApi(options: WecomApiOptions): WecomApi {
  const base = (options.baseUrl ?? DEFAULT_WECOM_API_BASE).replace(/\/+$/u, '');
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const now = options.now ?? Date.now;
  const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const sleep = options.sleep ?? defaultSleep;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const log: Log = (entry) => {
    try {
      options.log?.(entry);
    } catch {
      // a broken logger must not break the sender
    }
  };
  let cached: { token: string; until: number } | undefined;
  let fetching: Promise<string> | undefined;

  /** One call: its parsed body, or why it failed and whether trying again can help. */
  const call = async <T>(path: string, query: Record<string, string>, schema: z.ZodType<T>, body?: unknown): Promise<Attempt<T>> => {
    const url = `${base}${path}?${new URLSearchParams(query).toString()}`;
    let response: Response;
    try {
      response = await doFetch(url, {
        method: body === undefined ? 'GET' : 'POST',
        headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err : new Error(String(err)), retry: 'later' };
    }
    if (!response.ok) {
      await response.body?.cancel();
      return { ok: false, error: new WecomApiError(-response.status, `HTTP ${response.status}`, path), retry: response.status >= 500 || response.status === 429 ? 'later' : 'no' };
    }
    const json: unknown = await response.json().catch(() => undefined);
    const result = ResultSchema.safeParse(json);
    if (!result.success) return { ok: false, error: new WecomApiError(-2, 'not a WeCom JSON answer', path), retry: 'later' };
    const { errcode, errmsg } = result.data;
    if (errcode !== 0) {
      const error = new WecomApiError(errcode, errmsg, path);
      return { ok: false, error, retry: TOKEN_ERRCODES.has(errcode) ? 'token' : BUSY_ERRCODES.has(errcode) ? 'later' : 'no' };
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) return { ok: false, error: new WecomApiError(-2, `unexpected answer: ${parsed.error.issues[0]?.message ?? 'invalid'}`, path), retry: 'no' };
    return { ok: true, value: parsed.data };
  };

  /** Runs `once` until it succeeds, retrying as it says with the configured pauses. */
  const withRetries = async <T>(path: string, once: () => Promise<Attempt<T>>): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      const result = await once();
      if (result.ok) return result.value;
      const errcode = result.error instanceof WecomApiError ? result.error.errcode : undefined;
      if (result.retry === 'no' || attempt >= delays.length) {
        log({ level: 'error', msg: 'wecom api failed', path, errcode, error: result.error.message, attempts: attempt + 1 });
        throw result.error;
      }
      if (result.retry === 'token') cached = undefined;
      // A stale token is replaced at once; a busy or unreachable server is given time.
      const delayMs = result.retry === 'token' && attempt === 0 ? 0 : delays[attempt]!;
      log({ level: 'warn', msg: 'wecom api retry', path, errcode, error: result.error.message, attempt: attempt + 1, delayMs });
      if (delayMs > 0) await sleep(delayMs);
    }
  };

  const fetchToken = async (): Promise<string> => {
    const value = await withRetries('/cgi-bin/gettoken', () => call('/cgi-bin/gettoken', { corpid: options.corpId, corpsecret: options.secret }, TokenSchema));
    const lifetime = value.expires_in * 1000;
    cached = { token: value.access_token, until: now() + Math.max(lifetime / 2, lifetime - EXPIRY_MARGIN_MS) };
    log({ level: 'debug', msg: 'wecom token fetched', expiresInS: value.expires_in });
    return value.access_token;
  };

  const token = async (): Promise<string> => {
    if (cached && now() < cached.until) return cached.token;
    fetching ??= fetchToken().finally(() => {
      fetching = undefined;
    });
    return fetching;
  };

  return {
    token,
    async sendText(toUser, content) {
      const body = { touser: toUser, msgtype: 'text', agentid: options.agentId, text: { content }, safe: 0 };
      const sent = await withRetries('/cgi-bin/message/send', async () => {
        let accessToken: string;
        try {
          accessToken = await token();
        } catch (err) {
          // gettoken has had its own retries.
          return { ok: false, error: err instanceof Error ? err : new Error(String(err)), retry: 'no' };
        }
        return call('/cgi-bin/message/send', { access_token: accessToken }, SendSchema, body);
      });
      if (sent.invaliduser) log({ level: 'warn', msg: 'wecom message not delivered', invaliduser: sent.invaliduser });
      return sent.msgid === undefined ? {} : { msgid: sent.msgid };
    },
  };
}
