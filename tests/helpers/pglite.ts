/**
 * A real PostgreSQL for tests without installing a server: PGlite (PostgreSQL
 * compiled to WebAssembly) with pgvector, served over the wire protocol so the
 * production `pg` driver is what runs. When TEST_DATABASE_URL points at a real
 * PostgreSQL with pgvector, that is used instead; a test then keeps to its own
 * tables or schema.
 *
 * PGlite is one PostgreSQL session behind every connection, queries queued one
 * at a time: transactions on two connections are not isolated from each other
 * and a NOTIFY may not reach a listener, so nothing tested may depend on either.
 */
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export class TestDatabase {
  private server: PGLiteSocketServer | null = null;
  private constructor(private readonly db: PGlite | null, public url: string, private port = 0) {}

  static async start(): Promise<TestDatabase> {
    const external = process.env.TEST_DATABASE_URL;
    if (external) return new TestDatabase(null, external);
    const database = new TestDatabase(await PGlite.create({ extensions: { vector } }), '');
    await database.resume();
    return database;
  }

  /** PGlite, which a test can stop and start again (a real server is left alone). */
  get embedded(): boolean {
    return this.db !== null;
  }

  /** Serves the database again on the same port (after `pause`). */
  async resume(): Promise<void> {
    if (!this.db) return;
    this.server = new PGLiteSocketServer({ db: this.db, port: this.port, host: '127.0.0.1', maxConnections: 64 });
    await this.server.start();
    const conn = this.server.getServerConn();
    this.port = Number(conn.split(':').at(-1));
    this.url = `postgres://postgres@${conn}/postgres?sslmode=disable`;
  }

  /** Stops serving, keeping the data: the database is down for its clients. */
  async pause(): Promise<void> {
    await this.server?.stop();
    this.server = null;
  }

  async stop(): Promise<void> {
    await this.pause();
    await this.db?.close();
  }
}
