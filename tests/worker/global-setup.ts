/**
 * Builds the Worker's D1 index (adapters/worker/generated/d1.sql) and its
 * bundled files before the workerd tests load the Worker, as wrangler.toml's
 * [build] does for wrangler, and hands the tests the SQL's statements (one a
 * line) and the shared questions: workerd has no file system.
 * The build runs in a process of its own: it ingests with the full opencc-js,
 * while this vitest project aliases opencc-js to the Worker's stand-in.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

const root = fileURLToPath(new URL('../..', import.meta.url));

declare module 'vitest' {
  export interface ProvidedContext {
    /** generated/d1.sql, one statement a line. */
    d1Statements: string[];
    /** ../shared/eval/questions.jsonl, one question a line. */
    sharedQuestions: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  await promisify(execFile)(join(root, 'node_modules/.bin/tsx'), [join(root, 'adapters/worker/build.ts')], { cwd: root });
  const sql = await readFile(join(root, 'adapters/worker/generated/d1.sql'), 'utf8');
  project.provide('d1Statements', sql.split('\n').filter((line) => line.trim()));
  project.provide('sharedQuestions', await readFile(join(root, '../shared/eval/questions.jsonl'), 'utf8'));
}
