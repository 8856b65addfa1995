/**
 * The connection pool every PostgreSQL part of an instance shares, and what
 * counts as "the database is unavailable" (as opposed to a bad statement).
 */
import pg from 'pg';
import { StoreUnavailableError } from '../../../../src/store/index.js';

export interface PoolSettings {
  url: string;
  /** Connections at most. */
  max: number;
  /** Each statement is cancelled by the server after this long. */
  statementTimeoutMs: number;
  /** Waiting for a connection (or for the server to accept one) gives up after this long. */
  connectTimeoutMs?: number;
}

/**
 * The HNSW search breadth: at least the widest search the dense side asks for (depth 50, ×10 when
 * a question's filter is applied after the search), so an index scan never returns fewer rows than asked.
 */
export const HNSW_EF_SEARCH = 500;

export function createPool(settings: PoolSettings): pg.Pool {
  const pool = new pg.Pool({
    connectionString: settings.url,
    max: settings.max,
    connectionTimeoutMillis: settings.connectTimeoutMs ?? 3000,
    idleTimeoutMillis: 30_000,
    // the server enforces it; the client-side timeout is a backstop for a server that stopped answering
    statement_timeout: settings.statementTimeoutMs,
    query_timeout: settings.statementTimeoutMs + 2000,
  });
  // An idle connection the server dropped: the pool forgets it and opens another on demand.
  pool.on('error', () => undefined);
  return pool;
}

const tuned = new WeakSet<pg.PoolClient>();

/** A statement that may search an HNSW index: on a connection whose search breadth is set (once per connection). */
export async function hnswQuery<R extends pg.QueryResultRow>(pool: pg.Pool, sql: string, params: unknown[]): Promise<pg.QueryResult<R>> {
  const client = await pool.connect();
  let failed: Error | undefined;
  try {
    if (!tuned.has(client)) {
      await client.query(`SET hnsw.ef_search = ${HNSW_EF_SEARCH}`);
      tuned.add(client);
    }
    return await client.query<R>(sql, params);
  } catch (err) {
    failed = err as Error;
    throw err;
  } finally {
    // a connection that failed is not handed out again
    client.release(failed !== undefined && isUnavailable(failed) ? failed : undefined);
  }
}

/**
 * SQLSTATE classes of a server that cannot serve now: connection exceptions, operator intervention (shutdown, cancel),
 * insufficient resources, system errors outside PostgreSQL (I/O) and internal errors (seen from a server shutting down
 * mid-statement). None is a client's mistake, and each may pass.
 *
 * Also an invalid statement name (26): no statement here is named, so "unnamed prepared statement does not exist"
 * means the session under the connection lost it between Parse and Bind (a pooler handing the connection another server
 * session, or PGlite's one shared session after another connection dropped mid-statement); the next try works.
 */
const UNAVAILABLE_CLASSES = ['08', '57', '53', '58', 'XX', '26'];

/** Whether an error means the database cannot be reached or cannot serve now, rather than a bad statement. */
export function isUnavailable(err: unknown): boolean {
  if (err instanceof pg.DatabaseError) return UNAVAILABLE_CLASSES.some((c) => err.code?.startsWith(c) ?? false);
  return true;
}

/** A statement whose "the database cannot serve now" failure is a StoreUnavailableError (503 with Retry-After to a client), not a 500. */
export async function sharedQuery<R extends pg.QueryResultRow>(pool: pg.Pool, sql: string, params: unknown[]): Promise<pg.QueryResult<R>> {
  try {
    return await pool.query<R>(sql, params);
  } catch (err) {
    if (isUnavailable(err)) throw new StoreUnavailableError(`the database is unreachable: ${(err as Error).message}`, { cause: err });
    throw err;
  }
}

/**
 * A connection of its own for an index build, which is not an ask: no statement timeout and no read timeout
 * (a batch of long postings or an HNSW index over 50,000 paragraphs takes minutes on a small server).
 */
export async function withBuildClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
