/**
 * The few Cloudflare bindings the Worker uses, typed by what it calls (the
 * project does not carry @cloudflare/workers-types).
 */

/** Workers AI (`[ai] binding = "AI"`). */
export interface AiBinding {
  run(model: string, inputs: Record<string, unknown>): Promise<unknown>;
}

export interface VectorizeMatch {
  id: string;
  score: number;
}

/** A Vectorize index (`[[vectorize]] binding = "VECTORIZE"`). */
export interface VectorizeBinding {
  query(
    vector: number[] | Float32Array,
    options?: { topK?: number; returnValues?: boolean; returnMetadata?: boolean | 'none' | 'indexed' | 'all'; filter?: Record<string, unknown> },
  ): Promise<{ matches: VectorizeMatch[]; count?: number }>;
}

/** A Workers KV namespace (`[[kv_namespaces]] binding = "FEEDBACK"`). */
export interface KvBinding {
  get(key: string): Promise<string | null>;
  put(key: string, value: string, options?: { expirationTtl?: number; metadata?: unknown }): Promise<void>;
  list(options?: { prefix?: string; limit?: number; cursor?: string }): Promise<{ keys: { name: string }[]; list_complete: boolean; cursor?: string }>;
}

export interface D1Result {
  results: unknown[];
}

export interface D1PreparedStatement {
  bind(...values: unknown[]): D1PreparedStatement;
  first(): Promise<unknown>;
  all(): Promise<D1Result>;
  run(): Promise<unknown>;
}

/** A D1 database (`[[d1_databases]] binding = "DB"`): the index (d1.ts). */
export interface D1Binding {
  prepare(sql: string): D1PreparedStatement;
  batch(statements: D1PreparedStatement[]): Promise<unknown[]>;
}

export interface WorkerEnv {
  DB?: D1Binding;
  AI?: AiBinding;
  VECTORIZE?: VectorizeBinding;
  FEEDBACK?: KvBinding;
  [variable: string]: unknown;
}

export interface WorkerContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException?(): void;
}
