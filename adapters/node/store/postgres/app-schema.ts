/**
 * The tables of what instances share besides the index: feedback and
 * conversation memory. Versions from 100 so they never collide with the index
 * schema's; the migration runner applies them in order with its own.
 */

export interface AppMigration {
  version: number;
  name: string;
  sql: string;
}

export const APP_MIGRATIONS: AppMigration[] = [
  {
    version: 100,
    name: 'feedback',
    sql: `
CREATE TABLE IF NOT EXISTS feedback (
  -- the list's order and cursor: assigned by the database, so instances' clocks do not matter
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text NOT NULL UNIQUE,
  at timestamptz NOT NULL,
  rating text NOT NULL CHECK (rating IN ('up', 'down')),
  conversation_id text,
  answer_id text,
  comment text
);`,
  },
  {
    version: 101,
    name: 'conversation turns',
    sql: `
CREATE TABLE IF NOT EXISTS conversation_turns (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  conversation_id text NOT NULL,
  at timestamptz NOT NULL,
  question text NOT NULL,
  answer text NOT NULL,
  place_doc_ids text[],
  year integer
);
-- a conversation's latest turns
CREATE INDEX IF NOT EXISTS conversation_turns_conversation ON conversation_turns (conversation_id, seq DESC);
-- expired turns, oldest first
CREATE INDEX IF NOT EXISTS conversation_turns_at ON conversation_turns (at);`,
  },
];
