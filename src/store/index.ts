/**
 * The storage seam: where an index generation (a report set's documents,
 * paragraphs, lexical postings and vectors) lives and how a new one replaces
 * the served one. Backends: the saved index on disk (adapters/node/store/embedded.ts),
 * PostgreSQL + pgvector (adapters/node/store/postgres/). A generation never
 * changes once published; a new one is made current whole, so a reader sees
 * the old index or the new one, never a mix.
 */
import type { Paragraph, ReportDocument } from '../schema.js';
import type { SkippedFile } from '../service.js';
import type { DenseSearch } from '../retrieve/hybrid.js';
import type { LexicalSearch } from '../retrieve/retriever.js';

export interface IndexGeneration {
  /** Unique within its store; a different id is a different index. */
  readonly id: string;
  /** Identity of the reports it was built from (changes when any report or its metadata changes). */
  readonly corpus: string;
  readonly documents: ReportDocument[];
  readonly paragraphs: Paragraph[];
  /** Report files the generation left out, each with why. */
  readonly skipped: SkippedFile[];
  readonly lexical: LexicalSearch;
  readonly dense: DenseSearch | null;
}

export interface StoreHealth {
  ok: boolean;
  /** Why not, when not ok ("the database is unreachable: …"). */
  reason?: string;
}

export interface IndexStore {
  /** "embedded" or "postgres", for logs and /readyz. */
  readonly kind: string;
  /** The generation to serve: the current one when it matches the reports held, else a fresh build made current (`rebuilt`, and why). */
  open(): Promise<IndexGeneration & { rebuilt: boolean; reason: string }>;
  /** The generation served now, null before `open`. */
  current(): IndexGeneration | null;
  /** Builds a generation of the reports the store holds and makes it current at once. */
  publish(): Promise<IndexGeneration>;
  /** Called with each generation made current after `open`, by this instance or (shared stores) another one. */
  onChange(listener: (generation: IndexGeneration) => void): () => void;
  health(): StoreHealth;
  close(): Promise<void>;
}

/** A search could not reach the store (database down, statement timed out): the ask may be retried shortly. */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}
