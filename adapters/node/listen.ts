/**
 * Serving the app on Node with limits a slow or greedy client cannot get
 * past: a request's headers must arrive within HEADERS_TIMEOUT_MS and the
 * whole request within REQUEST_TIMEOUT_MS (Node's default is 300 s, enough
 * for a few slow bodies to hold connections for minutes); an idle keep-alive
 * connection closes after KEEP_ALIVE_TIMEOUT_MS; beyond MAX_CONNECTIONS open
 * connections, new ones are closed as they arrive. A streamed answer is a
 * response, so it is not cut by these.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Config } from './config.js';

export type ServerLimits = Pick<Config, 'HEADERS_TIMEOUT_MS' | 'REQUEST_TIMEOUT_MS' | 'KEEP_ALIVE_TIMEOUT_MS' | 'MAX_CONNECTIONS'>;

export function listen(
  fetch: (request: Request, env: never) => Response | Promise<Response>,
  options: ServerLimits & { hostname: string; port: number },
  onListening?: (info: AddressInfo) => void,
): ServerType {
  const server = serve(
    {
      fetch: fetch as never,
      hostname: options.hostname,
      port: options.port,
      serverOptions: {
        headersTimeout: options.HEADERS_TIMEOUT_MS,
        requestTimeout: options.REQUEST_TIMEOUT_MS,
        keepAliveTimeout: options.KEEP_ALIVE_TIMEOUT_MS,
        // how often Node checks the two timeouts above (default 30 s, too coarse for them)
        connectionsCheckingInterval: Math.min(1000, options.HEADERS_TIMEOUT_MS / 2),
      },
    },
    onListening,
  );
  (server as Server).maxConnections = options.MAX_CONNECTIONS;
  return server;
}
