/**
 * A real PostgreSQL for tests without installing a server: PGlite (PostgreSQL
 * compiled to WebAssembly) with pgvector, served over the wire protocol so the
 * production `pg` driver is what runs. When TEST_DATABASE_URL points at a real
 * PostgreSQL with pgvector, that is used instead (each test database is then a
 * fresh schema-less database the caller must clean up by dropping its tables).
 */
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface TestDatabase {
  /** A connection string for `pg`. */
  url: string;
  /** Stops the server (a real PostgreSQL is left running). */
  stop(): Promise<void>;
  /**
   * Whether this is PGlite: one PostgreSQL session behind every connection, queries queued one at a time,
   * so transactions on two connections are not isolated from each other and NOTIFY may not reach a listener.
   */
  embedded: boolean;
}

export async function startTestDatabase(): Promise<TestDatabase> {
  const external = process.env.TEST_DATABASE_URL;
  if (external) return { url: external, embedded: false, stop: async () => {} };
  const db = await PGlite.create({ extensions: { vector } });
  const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 64 });
  await server.start();
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres?sslmode=disable`,
    embedded: true,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
