/**
 * Bundles the widget (adapters/widget/widget.ts) into one minified classic
 * script for GET /widget.js. Node only: the Node server builds it at start
 * (about 50 ms there, esbuild's service starting included; 20 ms once it runs)
 * and hands the text to createApp; a runtime without a file system gets the
 * same text from its build step.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const WIDGET_ENTRY = fileURLToPath(new URL('./widget.ts', import.meta.url));

export async function buildWidget(): Promise<string> {
  const result = await build({
    entryPoints: [WIDGET_ENTRY],
    bundle: true,
    format: 'iife',
    minify: true,
    write: false,
    target: 'es2018',
    platform: 'browser',
    legalComments: 'none',
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no widget bundle');
  return output.text;
}
