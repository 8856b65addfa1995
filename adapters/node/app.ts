/** The HTTP app as Node serves it: configuration, the feedback file, the socket's address, the bundles, metrics, WeCom. */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Config } from './config.js';
import { appConfigFrom, createApp, type AppDeps, type LogEntry } from '../../src/http/app.js';
import { FileFeedbackStore } from './feedback-file.js';
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
}

export function createNodeApp(service: QaService, config: Config, extra: NodeAppExtras = {}) {
  const file = new FileFeedbackStore(config.DATA_DIR, { maxBytes: config.FEEDBACK_MAX_BYTES, files: config.FEEDBACK_FILES });
  return createApp({
    service,
    config: appConfigFrom(config),
    feedback: extra.recent ? feedbackWithContext(file, extra.recent) : file,
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
