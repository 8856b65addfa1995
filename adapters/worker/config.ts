/**
 * The Worker's configuration, from `env` ([vars] in wrangler.toml, secrets
 * such as ADMIN_TOKEN from `wrangler secret put`), validated with zod. The
 * settings it shares with the Node service use the Node schema's own rules.
 */
import { z } from 'zod';
import { HttpSettingsSchema } from '../../src/config.js';
import { DEFAULT_EMBEDDING_MODEL } from './dense.js';

export const WorkerConfigSchema = z.object({
  ...HttpSettingsSchema.shape,
  /** The Workers AI model that embeds questions; the vectors in Vectorize must come from the same. */
  EMBEDDING_MODEL: z.string().min(1).default(DEFAULT_EMBEDDING_MODEL),
  /** 'off' keeps retrieval lexical even when AI and VECTORIZE are bound. */
  DENSE_RETRIEVAL: z.enum(['auto', 'off']).default('auto'),
});
export type WorkerConfig = z.infer<typeof WorkerConfigSchema>;

export class WorkerConfigError extends Error {}

/** Reads the variables (wrangler passes [vars] numbers and booleans as such; they are read as their text). */
export function loadWorkerConfig(env: Record<string, unknown>): WorkerConfig {
  const vars: Record<string, string | undefined> = {};
  for (const key of Object.keys(WorkerConfigSchema.shape)) {
    const value = env[key];
    if (typeof value === 'string') vars[key] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') vars[key] = String(value);
  }
  const parsed = WorkerConfigSchema.safeParse(vars);
  if (!parsed.success) {
    throw new WorkerConfigError(`invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
