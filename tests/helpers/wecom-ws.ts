/**
 * A fake WeCom AI bot long-connection server on 127.0.0.1, speaking the
 * frames @wecom/aibot-node-sdk speaks (read from its source): the client
 * sends { cmd: "aibot_subscribe", headers: { req_id }, body: { bot_id, secret } }
 * and gets { headers: { req_id }, errcode, errmsg }; "ping" frames get the
 * same ack; the server pushes { cmd: "aibot_msg_callback" | "aibot_event_callback",
 * headers: { req_id }, body }; every reply the client sends
 * ("aibot_respond_msg", "aibot_respond_welcome_msg", "aibot_send_msg") is
 * recorded and acked with its req_id (or with a queued error, or not at all).
 * Uses `ws`, which the SDK itself depends on.
 */
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';

/** The part of `ws` used here (the package ships no types and @types/ws is not installed). */
interface Socket {
  readyState: number;
  send(data: string): void;
  terminate(): void;
  on(event: 'message', fn: (data: Buffer) => void): void;
  on(event: 'close', fn: () => void): void;
}
interface Server {
  on(event: 'connection', fn: (socket: Socket) => void): void;
  address(): AddressInfo;
  close(cb: () => void): void;
}
interface WsModule {
  WebSocketServer: new (options: { host: string; port: number }, ready: () => void) => Server;
}
const { WebSocketServer } = createRequire(import.meta.url)('ws') as WsModule;

export interface Frame {
  cmd?: string;
  headers: { req_id: string };
  body?: Record<string, unknown>;
  errcode?: number;
  errmsg?: string;
}

export interface FakeBotServer {
  /** ws://127.0.0.1:<port> */
  url: string;
  /** Every frame clients sent, in order (subscribe, ping, replies). */
  received: Frame[];
  /** Successful subscriptions so far. */
  logins: number;
  /** The next replies are acked with these errcodes (0 for success) in order; `null` leaves one unacked. */
  ackWith(...codes: (number | null)[]): void;
  /** Pushes a message callback to the connected client; returns its req_id. */
  push(body: Record<string, unknown>): string;
  /** Pushes an event callback; returns its req_id. */
  pushEvent(body: Record<string, unknown>): string;
  /** The reply frames for one callback's req_id. */
  repliesTo(reqId: string): Frame[];
  /** Resolves when a received frame matches. */
  waitFor(match: (f: Frame) => boolean, timeoutMs?: number): Promise<Frame>;
  /** Resolves once a client has subscribed `n` times in all. */
  waitForLogin(n?: number, timeoutMs?: number): Promise<void>;
  /** Cuts every connection (the client should reconnect). */
  drop(): void;
  close(): Promise<void>;
}

export async function startFakeBotServer(credentials: { botId: string; secret: string }): Promise<FakeBotServer> {
  const received: Frame[] = [];
  const sockets = new Set<Socket>();
  const acks: (number | null)[] = [];
  const watchers: { match: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  let logins = 0;
  let sequence = 0;
  let current: Socket | undefined;

  const server = await new Promise<Server>((resolve) => {
    const s: Server = new WebSocketServer({ host: '127.0.0.1', port: 0 }, () => resolve(s));
  });

  const notify = (frame: Frame) => {
    received.push(frame);
    for (const w of watchers.filter((x) => x.match(frame))) {
      watchers.splice(watchers.indexOf(w), 1);
      w.resolve(frame);
    }
  };

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      if (current === socket) current = undefined;
    });
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString('utf8')) as Frame;
      const ack = (errcode: number, errmsg = errcode === 0 ? 'ok' : `error ${errcode}`) => socket.send(JSON.stringify({ headers: { req_id: frame.headers.req_id }, errcode, errmsg }));
      if (frame.cmd === 'aibot_subscribe') {
        const ok = frame.body?.bot_id === credentials.botId && frame.body?.secret === credentials.secret;
        if (ok) {
          logins++;
          current = socket;
        }
        notify(frame);
        ack(ok ? 0 : 40058, ok ? 'ok' : 'invalid bot_id or secret');
        return;
      }
      notify(frame);
      if (frame.cmd === 'ping') return ack(0);
      const code = acks.length ? acks.shift()! : 0;
      if (code !== null) ack(code);
    });
  });

  const push = (cmd: string, body: Record<string, unknown>) => {
    if (!current) throw new Error('no subscribed client');
    const reqId = `${cmd}-${++sequence}`;
    current.send(JSON.stringify({ cmd, headers: { req_id: reqId }, body }));
    return reqId;
  };

  const waitFor = (match: (f: Frame) => boolean, timeoutMs = 20_000) => {
    const seen = received.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise<Frame>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no matching frame in time')), timeoutMs);
      watchers.push({ match, resolve: (f) => { clearTimeout(timer); resolve(f); } });
    });
  };

  return {
    url: `ws://127.0.0.1:${server.address().port}`,
    received,
    get logins() {
      return logins;
    },
    ackWith: (...codes) => void acks.push(...codes),
    push: (body) => push('aibot_msg_callback', body),
    pushEvent: (body) => push('aibot_event_callback', body),
    repliesTo: (reqId) => received.filter((f) => f.headers.req_id === reqId && f.cmd !== 'aibot_subscribe'),
    waitFor,
    async waitForLogin(n = 1, timeoutMs = 20_000) {
      const started = Date.now();
      while (logins < n) {
        if (Date.now() - started > timeoutMs) throw new Error(`only ${logins} of ${n} logins`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    drop() {
      for (const s of sockets) s.terminate();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.terminate();
        server.close(() => resolve());
      }),
  };
}
