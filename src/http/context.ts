/**
 * What `createApp` is given (AppDeps, AppConfig), the one function that turns
 * the environment's HTTP settings into AppConfig (Node and Worker both call
 * it), and what every route module shares (RouteContext).
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import type { HttpSettings } from '../config.js';
import type { WecomCallbackOptions } from '../chat/wecom/callback.js';
import type { Observer } from '../observe.js';
import type { QaService } from '../service.js';
import type { LogEntry } from '../util/log.js';
import type { ConversationIds } from './conversations.js';
import { ApiError, formatZodError } from './errors.js';
import type { FeedbackStore } from './feedback.js';

export type { LogEntry };

export interface AppConfig {
  /** Enables the admin routes; they answer 404 without it. */
  adminToken?: string;
  /** '*' or a comma-separated list of allowed origins (never applied to /api/admin). */
  corsOrigins: string;
  /** Per client, for the ask, chat and feedback routes; 0 turns limiting off. */
  rateLimitPerMinute: number;
  maxUploadBytes: number;
  /** Largest JSON body accepted; default 64 KiB. */
  maxBodyBytes?: number;
  /** Take the client address from X-Forwarded-For (only behind a proxy that sets it). */
  trustProxy?: boolean;
  /** Wrong admin tokens per address and minute before 429; default 10. */
  adminFailuresPerMinute?: number;
  /** Feedback posts per address and UTC day; 0 or absent: no limit. */
  feedbackPerDay?: number;
  /** Asks in flight at once (0 or absent: no limit) and asks waiting for a slot; beyond both, 503 at once. */
  maxConcurrentAsks?: number;
  maxQueuedAsks?: number;
}

export interface AppDeps {
  service: QaService;
  config: AppConfig;
  /** Where POST /api/feedback stores; without it the feedback routes answer 501. */
  feedback?: FeedbackStore;
  log?: (entry: LogEntry) => void;
  /** The model id shown by /v1/models and in chat completions; default 'fazhi-wenda'. */
  modelName?: string;
  /** The client's address when no trusted X-Forwarded-For names it: the runtime's getConnInfo. */
  getClientKey?: (c: Context) => string | undefined;
  /** The clock the rate limits use (tests). */
  now?: () => number;
  /** Static assets handed in as data (no file system here): `widgetJs` at /widget.js, `adminConsoleJs` at /admin/console.js (each 404 without). */
  assets?: { widgetJs?: string; adminConsoleJs?: string };
  /** Told about every answer, upload and reindex, and given the ask queue (src/observe.ts); Node passes its metrics. */
  observer?: Observer;
  /** The WeCom self-built app's callback (src/chat/wecom/), mounted at its configured path when given. */
  wecom?: Omit<WecomCallbackOptions, 'log'>;
}

export type AppEnv = { Variables: { requestId: string } };

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** The environment's HTTP settings as the app's options: the same on Node and in a Worker. */
export function appConfigFrom(settings: HttpSettings): AppConfig {
  return {
    adminToken: settings.ADMIN_TOKEN,
    corsOrigins: settings.CORS_ORIGINS,
    rateLimitPerMinute: settings.RATE_LIMIT_PER_MINUTE,
    trustProxy: settings.TRUST_PROXY,
    maxBodyBytes: settings.MAX_BODY_BYTES,
    maxUploadBytes: settings.MAX_UPLOAD_BYTES,
    adminFailuresPerMinute: settings.ADMIN_FAILURES_PER_MINUTE,
    feedbackPerDay: settings.FEEDBACK_PER_DAY,
    maxConcurrentAsks: settings.MAX_CONCURRENT_ASKS,
    maxQueuedAsks: settings.MAX_QUEUED_ASKS,
  };
}

/** What the route modules share: built once per app by createApp. */
export interface RouteContext {
  service: QaService;
  config: AppConfig;
  feedback?: FeedbackStore;
  modelName: string;
  log: (entry: LogEntry) => void;
  logError: (c: Context, error: unknown, where: string) => void;
  /** The address a request came from, as rate limits and conversations see it. */
  clientKey: (c: Context) => string;
  conversations: ConversationIds;
  guards: {
    rateLimited: MiddlewareHandler<AppEnv>;
    ready: MiddlewareHandler<AppEnv>;
    jsonBody: MiddlewareHandler<AppEnv>;
    admitted: MiddlewareHandler<AppEnv>;
  };
}

/** A route module's app: a request that fails its schema is a 400 naming the field. */
export function routeApp(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw new ApiError(400, 'invalid_request', formatZodError(result.error, result.target));
    },
  });
}
