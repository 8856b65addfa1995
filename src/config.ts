/**
 * Configuration shared by every runtime: the HTTP settings each one reads from
 * its environment, and the parser whose error names every bad variable. Each
 * runtime's own variables (files, model, bindings) live with that runtime.
 */
import { z } from 'zod';
import { LOG_LEVELS } from './util/log.js';

export const optionalUrl = z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional());
export const optionalText = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());

const count = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);

/** The settings of the HTTP app, named as in the environment (the README's configuration table gives each one). */
export const HttpSettingsSchema = z.object({
  // The characters of an RFC 6750 bearer token: hono/bearer-auth refuses any other in the header.
  ADMIN_TOKEN: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.string().min(16, 'must be at least 16 characters').regex(/^[A-Za-z0-9._~+/-]+=*$/, 'must use only A-Z a-z 0-9 . _ ~ + / - (and = at the end)').optional(),
  ),
  CORS_ORIGINS: z.string().default('*'),
  TRUST_PROXY: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  RATE_LIMIT_PER_MINUTE: count(120),
  /** Wrong admin tokens one address may send a minute before it is refused with 429. */
  ADMIN_FAILURES_PER_MINUTE: count(10, 1),
  /** Feedback posts one address may make a day (UTC); 0: no limit. */
  FEEDBACK_PER_DAY: count(50),
  /** Asks answered at once; more wait in a queue of MAX_QUEUED_ASKS, and beyond that get 503 at once. 0: no limit. */
  MAX_CONCURRENT_ASKS: count(32),
  MAX_QUEUED_ASKS: count(64),
  MAX_BODY_BYTES: count(64 * 1024, 1),
  MAX_UPLOAD_BYTES: count(10 * 1024 * 1024, 1),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
});
export type HttpSettings = z.infer<typeof HttpSettingsSchema>;

export class ConfigError extends Error {}

/** Parses an environment with a schema; the error names every bad variable. */
export function parseEnv<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>, what = 'configuration'): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(environment)'}: ${i.message}`);
    throw new ConfigError(`invalid ${what}:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
