/**
 * Builds the Worker's index artifact (adapters/worker/generated/) before the
 * workerd tests load the Worker, as wrangler.toml's [build] does for wrangler.
 * In a process of its own: the build ingests with the full opencc-js, while
 * this vitest project aliases opencc-js to the Worker's stand-in.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../..', import.meta.url));

export default async function setup(): Promise<void> {
  await promisify(execFile)(join(root, 'node_modules/.bin/tsx'), [join(root, 'adapters/worker/build.ts')], { cwd: root });
}
