/**
 * Bundles the widget (adapters/widget/widget.ts) into one minified classic
 * script for GET /widget.js. Node only: the Node server builds it at start
 * (about 50 ms there, esbuild's service starting included; 20 ms once it runs)
 * and hands the text to createApp; a runtime without a file system gets the
 * same text from its build step.
 */
import { fileURLToPath } from 'node:url';
import { bundleForBrowser } from '../node/browser-bundle.js';

export const WIDGET_ENTRY = fileURLToPath(new URL('./widget.ts', import.meta.url));

export function buildWidget(): Promise<string> {
  return bundleForBrowser(WIDGET_ENTRY, 'es2018');
}
