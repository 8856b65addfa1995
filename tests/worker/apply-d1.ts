/**
 * Setup of every workerd test file: loads the built index into the D1
 * database bound as DB (miniflare runs D1 on SQLite), as
 * `npm run worker:build -- --load local` does for `wrangler dev`.
 */
import { env } from 'cloudflare:test';
import { inject } from 'vitest';
import type { D1Binding } from '../../adapters/worker/bindings.js';

const db = env.DB as D1Binding;
await db.batch(inject('d1Statements').map((statement) => db.prepare(statement)));
