/** The load script in its short form: 50 connections for a few seconds with a re-index in the middle; no failed ask. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { repoRoot } from './helpers/index.js';

it('answers every ask under load and through a re-index', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'bench/load.ts', '--connections', '50', '--duration', '8', '--reindex'], { cwd: repoRoot, timeout: 150_000 });
  expect(stdout).toMatch(/failed asks 0 /);
  expect(stdout).toMatch(/index swapped/);
}, 180_000);
