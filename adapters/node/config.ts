/**
 * The Node service's configuration from the environment, validated once at start. A bad value
 * stops the start with a message that names the variable.
 */
import { z } from 'zod';
import { HttpSettingsSchema, optionalText, optionalUrl, parseEnv } from '../../src/config.js';

export { ConfigError, parseEnv } from '../../src/config.js';

export const ConfigSchema = HttpSettingsSchema.extend({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  /** The reports (embedded store); with STORE=postgres an import source only, and unset or empty imports nothing. */
  CORPUS_DIR: z.string().optional(),
  INDEX_DIR: z.string().min(1).default('.index'),
  DATA_DIR: z.string().min(1).default('.data'),
  EMBEDDINGS_PROVIDER: z.enum(['local', 'openai']).default('local'),
  EMBEDDINGS_MODEL_DIR: z.string().min(1).default('models/bge-small-zh-v1.5'),
  EMBEDDINGS_BASE_URL: optionalUrl,
  EMBEDDINGS_API_KEY: optionalText,
  EMBEDDINGS_MODEL: optionalText,
  EMBED_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  EMBED_QUERY_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  EMBED_BATCH_WAIT_MS: z.coerce.number().min(0).max(50).default(0),
  EMBED_BATCH_MAX: z.coerce.number().int().min(1).max(256).default(8),
  LLM_BASE_URL: optionalUrl,
  LLM_API_KEY: optionalText,
  LLM_MODEL: optionalText,
  LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
  /** Node's http server: time to receive a request's headers, the whole request, and how long an idle keep-alive connection stays open. */
  HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1000).default(15_000),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).default(30_000),
  KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(1000).default(5_000),
  /** Open connections at most; further ones are closed as they arrive. */
  MAX_CONNECTIONS: z.coerce.number().int().min(1).default(1024),
  /** The feedback file is rotated at this size; FEEDBACK_FILES rotated files are kept. */
  FEEDBACK_MAX_BYTES: z.coerce.number().int().min(1024).default(5 * 1024 * 1024),
  FEEDBACK_FILES: z.coerce.number().int().min(1).max(100).default(4),
  /** Where the index lives: `embedded` (INDEX_DIR on this machine) or `postgres` (DATABASE_URL, shared by every instance). */
  STORE: z.enum(['embedded', 'postgres']).default('embedded'),
  DATABASE_URL: optionalUrl,
  /** Connections each instance opens at most. */
  DATABASE_POOL_MAX: z.coerce.number().int().min(2).max(200).default(10),
  /** The server cancels a statement after this long (an ask's searches; the writes of a re-index are batched to stay well inside it). */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  /** How often an instance reads the current generation: its health check, and how soon it serves a generation another instance published when a notification is missed. */
  STORE_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(2000),
}).superRefine((c, ctx) => {
  if (c.STORE === 'postgres' && !c.DATABASE_URL) ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'required when STORE=postgres' });
  if (c.STORE === 'embedded' && c.CORPUS_DIR === '') ctx.addIssue({ code: 'custom', path: ['CORPUS_DIR'], message: 'required unless STORE=postgres' });
  if (c.REQUEST_TIMEOUT_MS < c.HEADERS_TIMEOUT_MS) ctx.addIssue({ code: 'custom', path: ['REQUEST_TIMEOUT_MS'], message: 'must be at least HEADERS_TIMEOUT_MS' });
  if (c.EMBEDDINGS_PROVIDER === 'openai') {
    if (!c.EMBEDDINGS_BASE_URL) ctx.addIssue({ code: 'custom', path: ['EMBEDDINGS_BASE_URL'], message: 'required when EMBEDDINGS_PROVIDER=openai' });
    if (!c.EMBEDDINGS_MODEL) ctx.addIssue({ code: 'custom', path: ['EMBEDDINGS_MODEL'], message: 'required when EMBEDDINGS_PROVIDER=openai' });
  }
  if ((c.LLM_BASE_URL && !c.LLM_MODEL) || (!c.LLM_BASE_URL && c.LLM_MODEL)) {
    ctx.addIssue({ code: 'custom', path: [c.LLM_BASE_URL ? 'LLM_MODEL' : 'LLM_BASE_URL'], message: 'LLM_BASE_URL and LLM_MODEL go together' });
  }
}).transform((c) => ({ ...c, CORPUS_DIR: c.CORPUS_DIR ?? (c.STORE === 'postgres' ? '' : 'corpus') }));
export type Config = z.infer<typeof ConfigSchema>;

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  return parseEnv(ConfigSchema, env);
}
