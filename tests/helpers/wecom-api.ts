/**
 * A fake WeCom server API on 127.0.0.1, speaking the real protocol of the
 * calls the service makes: GET /cgi-bin/gettoken (corp id and secret checked,
 * 40013 / 40001 otherwise; a fresh token with expires_in each time) and
 * POST /cgi-bin/message/send (40014 for an unknown token, 42001 for an
 * expired one, 44004 for empty and 45002 for over-long content, 81013 for a
 * member outside the app). Faults can be queued (an errcode such as -1 or
 * 45009, or an HTTP status) and a token expired on demand. Also takes the
 * AI bot's late replies: POST /aibot/response/<id> (a response_url).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentMessage {
  touser: string;
  agentid: number;
  msgtype: string;
  content: string;
  token: string;
}

export interface FakeWecomApiOptions {
  corpId: string;
  secret: string;
  agentId: number;
  /** Members the app may message (others get 81013); all when absent. */
  members?: readonly string[];
  /** Lifetime of a token in seconds (WeCom: 7200). */
  expiresIn?: number;
}

export type Fault = { errcode: number; errmsg?: string } | { status: number };

export interface FakeWecomApi {
  url: string;
  /** Every call in order: path and the errcode answered (HTTP status as a negative number when it failed at HTTP). */
  calls: { path: string; errcode: number }[];
  /** Messages accepted by message/send, in order. */
  sent: SentMessage[];
  /** Late replies posted to /aibot/response/<id>. */
  responses: { id: string; body: unknown }[];
  /** Tokens issued so far. */
  tokens: string[];
  /** The next message/send calls answer these, in order, before any is accepted. */
  failSends(...faults: Fault[]): void;
  /** The next gettoken calls answer these. */
  failTokens(...faults: Fault[]): void;
  /** WeCom expires the current token early (42001 on its next use). */
  expireToken(): void;
  /** Resolves once `n` messages have been accepted in all. */
  waitForSent(n: number, timeoutMs?: number): Promise<SentMessage[]>;
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

export async function startFakeWecomApi(options: FakeWecomApiOptions): Promise<FakeWecomApi> {
  const calls: FakeWecomApi['calls'] = [];
  const sent: SentMessage[] = [];
  const responses: FakeWecomApi['responses'] = [];
  const tokens: string[] = [];
  const sendFaults: Fault[] = [];
  const tokenFaults: Fault[] = [];
  const expired = new Set<string>();
  const waiters: { n: number; resolve: () => void }[] = [];

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const reply = (errcode: number, body: Record<string, unknown> = {}, errmsg = errcode === 0 ? 'ok' : `error ${errcode}`) => {
        calls.push({ path: url.pathname, errcode });
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ errcode, errmsg, ...body }));
      };
      const fault = (f: Fault) => {
        if ('status' in f) {
          calls.push({ path: url.pathname, errcode: -f.status });
          res.writeHead(f.status, { 'content-type': 'text/plain' });
          res.end('upstream trouble');
        } else reply(f.errcode, {}, f.errmsg);
      };

      if (req.method === 'GET' && url.pathname === '/cgi-bin/gettoken') {
        const f = tokenFaults.shift();
        if (f) return fault(f);
        if (url.searchParams.get('corpid') !== options.corpId) return reply(40013, {}, 'invalid corpid');
        if (url.searchParams.get('corpsecret') !== options.secret) return reply(40001, {}, 'invalid secret');
        const token = `tok-${tokens.length + 1}-${Math.random().toString(36).slice(2)}`;
        tokens.push(token);
        return reply(0, { access_token: token, expires_in: options.expiresIn ?? 7200 });
      }

      if (req.method === 'POST' && url.pathname === '/cgi-bin/message/send') {
        const body = JSON.parse(await readBody(req)) as { touser?: string; agentid?: number; msgtype?: string; text?: { content?: string } };
        const token = url.searchParams.get('access_token') ?? '';
        if (!tokens.includes(token)) return reply(40014, {}, 'invalid access_token');
        if (expired.has(token)) return reply(42001, {}, 'access_token expired');
        const f = sendFaults.shift();
        if (f) return fault(f);
        if (body.agentid !== options.agentId) return reply(40056, {}, 'invalid agentid');
        const content = body.text?.content ?? '';
        if (body.msgtype !== 'text' || !content) return reply(44004, {}, 'empty content');
        if (Buffer.byteLength(content, 'utf8') > 2048) return reply(45002, {}, 'content size out of limit');
        if (options.members && !options.members.includes(body.touser ?? '')) return reply(81013, { invaliduser: body.touser }, 'user & party & tag all invalid');
        sent.push({ touser: body.touser ?? '', agentid: body.agentid, msgtype: body.msgtype, content, token });
        for (const w of waiters.filter((x) => sent.length >= x.n)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
        return reply(0, { invaliduser: '', msgid: `msg-${sent.length}` });
      }

      const late = /^\/aibot\/response\/([\w-]+)$/u.exec(url.pathname);
      if (req.method === 'POST' && late) {
        responses.push({ id: late[1]!, body: JSON.parse(await readBody(req)) as unknown });
        return reply(0);
      }

      calls.push({ path: url.pathname, errcode: -404 });
      res.writeHead(404).end();
    })().catch((err: unknown) => {
      res.writeHead(500).end(String(err));
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    sent,
    responses,
    tokens,
    failSends: (...faults) => void sendFaults.push(...faults),
    failTokens: (...faults) => void tokenFaults.push(...faults),
    expireToken: () => {
      const current = tokens.at(-1);
      if (current) expired.add(current);
    },
    waitForSent(n, timeoutMs = 20_000) {
      if (sent.length >= n) return Promise.resolve(sent.slice());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${sent.length} of ${n} messages sent`)), timeoutMs);
        waiters.push({ n, resolve: () => { clearTimeout(timer); resolve(sent.slice()); } });
      });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
