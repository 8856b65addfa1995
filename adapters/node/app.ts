/** The HTTP app as Node serves it: configuration, the feedback file (or table), the socket's address, the bundles, metrics, WeCom. */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Config } from './config.js';
import { appConfigFrom, createApp, type AppDeps, type LogEntry } from '../../src/http/app.js';
import type pg from 'pg';
import { FileFeedbackStore } from './feedback-file.js';
import { PgFeedbackStore } from './store/postgres/feedback.js';
import type { Observer } from '../../src/observe.js';
import { feedbackWithContext, type RecentAnswers } from '../../src/recent-answers.js';
import type { QaService } from '../../src/service.js';

export interface NodeAppExtras {
  log?: (entry: LogEntry) => void;
  widgetJs?: string;
  adminConsoleJs?: string;
  observer?: Observer;
  /** The answers still remembered, so the admin feedback list shows what each rating was about. */
  recent?: RecentAnswers;
  wecom?: AppDeps['wecom'];
  /** The shared database (STORE=postgres): feedback is kept there, so every instance lists all of it. */
  pool?: pg.Pool;
}

export function createNodeApp(service: QaService, config: Config, extra: NodeAppExtras = {}) {
  const stored = extra.pool
    ? new PgFeedbackStore(extra.pool, extra.log ? { log: extra.log } : {})
    : new FileFeedbackStore(config.DATA_DIR, { maxBytes: config.FEEDBACK_MAX_BYTES, files: config.FEEDBACK_FILES });
  return createApp({
    service,
    config: appConfigFrom(config),
    feedback: extra.recent ? feedbackWithContext(stored, extra.recent) : stored,
    ...(extra.log ? { log: extra.log } : {}),
    ...(extra.observer ? { observer: extra.observer } : {}),
    ...(extra.wecom ? { wecom: extra.wecom } : {}),
    getClientKey: (c) => getConnInfo(c).remote.address,
    assets: {
      ...(extra.widgetJs !== undefined ? { widgetJs: extra.widgetJs } : {}),
      ...(extra.adminConsoleJs !== undefined ? { adminConsoleJs: extra.adminConsoleJs } : {}),
    },
  });
}
