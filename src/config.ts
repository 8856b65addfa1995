/**
 * Configuration shared by every runtime: the HTTP settings each one reads from
 * its environment, and the parser whose error names every bad variable. Each
 * runtime's own variables (files, model, bindings) live with that runtime.
 */
import { z } from 'zod';

export const optionalUrl = z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional());
export const optionalText = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());

/** The settings of the HTTP app, named as in the environment. */
export const HttpSettingsSchema = z.object({
  ADMIN_TOKEN: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(16, 'must be at least 16 characters').optional()),
  CORS_ORIGINS: z.string().default('*'),
  TRUST_PROXY: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(120),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
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
