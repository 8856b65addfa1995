/** The HTTP app as Node serves it: configuration, the feedback file, the socket's address, the widget bundle. */
import type { IncomingMessage } from 'node:http';
import type { Config } from './config.js';
import { createApp, type LogEntry } from '../../src/http/app.js';
import { createFileFeedbackStore } from './feedback-file.js';
import type { QaService } from '../../src/service.js';

export function createNodeApp(service: QaService, config: Config, extra: { log?: (entry: LogEntry) => void; widgetJs?: string } = {}) {
  return createApp({
    service,
    config: {
      adminToken: config.ADMIN_TOKEN,
      corsOrigins: config.CORS_ORIGINS,
      rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
      trustProxy: config.TRUST_PROXY,
      maxUploadBytes: config.MAX_UPLOAD_BYTES,
    },
    feedback: createFileFeedbackStore(config.DATA_DIR),
    log: extra.log,
    getClientKey: (c) => (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket.remoteAddress,
    assets: { widgetJs: extra.widgetJs },
  });
}
