/**
 * Versioned schema migrations, run at start by every instance: each one once,
 * in version order, in its own transaction under an advisory lock (two
 * instances starting together apply it once), recorded in schema_migrations.
 * Versions below 100 are the index's (here); from 100 the app's tables
 * (feedback, conversations: app-schema.ts).
 */
import type { Pool } from 'pg';
import { APP_MIGRATIONS } from './app-schema.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The index. A generation's rows are written while nothing points at it; `current_generation` (one row)
 * is flipped to it in one statement. Postings are one row per token and generation with the paragraph
 * positions and term frequencies as two arrays (the positions ascending): a token's postings are read
 * whole by every search, and this keeps a 50,000-paragraph generation to a few hundred thousand rows.
 * Vectors are `vector` without a fixed dimension (the model decides it); each generation gets its own
 * partial HNSW index on the column cast to its dimension (store.ts).
 */
export const INDEX_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'index generations',
    sql: `
CREATE EXTENSION IF NOT EXISTS vector;
CREATE TABLE reports (
  name text PRIMARY KEY,
  bytes bytea NOT NULL,
  size integer NOT NULL,
  sha256 text NOT NULL,
  -- the sidecar's text (<name>.meta.json), '' when none
  meta text NOT NULL DEFAULT '',
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE generations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  corpus text NOT NULL,
  pipeline_version integer NOT NULL,
  model text NOT NULL,
  dimensions integer NOT NULL,
  skipped jsonb NOT NULL,
  vocabulary jsonb NOT NULL,
  k1 double precision NOT NULL,
  b double precision NOT NULL,
  avg_length double precision NOT NULL,
  paragraphs integer NOT NULL,
  complete boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz,
  build_ms integer
);
CREATE TABLE current_generation (
  one boolean PRIMARY KEY DEFAULT true CHECK (one),
  generation bigint REFERENCES generations (id),
  changed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO current_generation (one, generation) VALUES (true, NULL);
CREATE TABLE documents (
  generation bigint NOT NULL REFERENCES generations (id) ON DELETE CASCADE,
  idx integer NOT NULL,
  body jsonb NOT NULL,
  PRIMARY KEY (generation, idx)
);
CREATE TABLE paragraphs (
  generation bigint NOT NULL REFERENCES generations (id) ON DELETE CASCADE,
  idx integer NOT NULL,
  -- BM25's length normalisation, k1 · (1 − b + b · length / avgLength), as the embedded index computes it
  norm double precision NOT NULL,
  body jsonb NOT NULL,
  PRIMARY KEY (generation, idx)
);
CREATE TABLE postings (
  generation bigint NOT NULL REFERENCES generations (id) ON DELETE CASCADE,
  token text NOT NULL,
  df integer NOT NULL,
  paragraphs integer[] NOT NULL,
  tfs integer[] NOT NULL,
  PRIMARY KEY (generation, token)
);
CREATE TABLE vectors (
  generation bigint NOT NULL REFERENCES generations (id) ON DELETE CASCADE,
  idx integer NOT NULL,
  -- SHA-256 of the embedded text: a new generation reuses the vectors of unchanged paragraphs
  text_hash text NOT NULL,
  embedding vector NOT NULL,
  PRIMARY KEY (generation, idx)
);
CREATE INDEX vectors_text_hash ON vectors (generation, text_hash);`,
  },
];

export const MIGRATIONS: Migration[] = [...INDEX_MIGRATIONS, ...APP_MIGRATIONS].sort((a, b) => a.version - b.version);

/** Any number; every instance takes the same lock around migrating. */
const MIGRATION_LOCK = 0x6661_7a68;

/** Applies the migrations not yet recorded; returns the versions it applied. */
export async function migrate(pool: Pool, migrations: Migration[] = MIGRATIONS): Promise<number[]> {
  const applied: number[] = [];
  const client = await pool.connect();
  try {
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    for (const m of migrations) {
      await client.query('BEGIN');
      try {
        await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        const done = await client.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version]);
        if (done.rowCount === 0) {
          await client.query(m.sql);
          await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
          applied.push(m.version);
        }
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${m.version} (${m.name}) failed: ${(err as Error).message}`, { cause: err });
      }
    }
  } finally {
    client.release();
  }
  return applied;
}
