/**
 * Bundles the admin console (adapters/admin/console.ts) into one minified
 * classic script for GET /admin/console.js, the same way the widget is
 * bundled (adapters/widget/build.ts). Node only: run at start, or ahead of
 * time by `npm run build` (adapters/node/build-assets.ts).
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const CONSOLE_ENTRY = fileURLToPath(new URL('./console.ts', import.meta.url));

export async function buildAdminConsole(): Promise<string> {
  const result = await build({
    entryPoints: [CONSOLE_ENTRY],
    bundle: true,
    format: 'iife',
    minify: true,
    write: false,
    target: 'es2020',
    platform: 'browser',
    legalComments: 'none',
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no admin console bundle');
  return output.text;
}
