/**
 * The real service on a free port for end-to-end tests: a private copy of the
 * corpus (plus any extra report files), a fresh index, the bundled widget and
 * the file feedback store, served on 127.0.0.1 with the server's own limits (listen.ts).
 */
import type { AddressInfo } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServerType } from '@hono/node-server';
import { buildWidget } from '../../adapters/widget/build.js';
import type { LogEntry } from '../../src/http/app.js';
import { createNodeApp } from '../../adapters/node/app.js';
import { listen } from '../../adapters/node/listen.js';
import { NodeQaService } from '../../adapters/node/service.js';
import { tempConfig } from './index.js';

export interface TestServer {
  /** http://127.0.0.1:<port>, no trailing slash. */
  url: string;
  service: NodeQaService;
  /** Every log entry the app wrote. */
  logs: LogEntry[];
  /** Stops listening and drops open connections, so the next request fails to connect. */
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** Report files written into the corpus copy before the index is built: file name → content. */
  reports?: Record<string, string | Uint8Array>;
}

let widget: Promise<string> | undefined;

export async function startTestServer(env: Record<string, string> = {}, options: TestServerOptions = {}): Promise<TestServer> {
  const config = await tempConfig(env);
  for (const [name, content] of Object.entries(options.reports ?? {})) await writeFile(join(config.CORPUS_DIR, name), content);
  const service = new NodeQaService(config);
  widget ??= buildWidget();
  const [widgetJs] = await Promise.all([widget, service.start()]);
  const logs: LogEntry[] = [];
  const app = createNodeApp(service, config, { log: (entry) => logs.push(entry), widgetJs });
  const server = await new Promise<ServerType>((resolve) => {
    const s = listen(app.fetch, { ...config, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    service,
    logs,
    close: () =>
      (closed ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      })),
  };
}
