/**
 * One minified classic script from a TypeScript entry, for the browser: how
 * the widget (/widget.js) and the admin console (/admin/console.js) are built,
 * at start from source or ahead of time by `npm run build`. Node only (esbuild).
 */
import { build } from 'esbuild';

export async function bundleForBrowser(entry: string, target: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    minify: true,
    write: false,
    target,
    platform: 'browser',
    legalComments: 'none',
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild produced no bundle for ${entry}`);
  return output.text;
}
