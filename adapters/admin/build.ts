/**
 * Bundles the admin console (adapters/admin/console.ts) into one minified
 * classic script for GET /admin/console.js, the same way the widget is
 * bundled. Node only: run at start, or ahead of time by `npm run build`
 * (adapters/node/build-assets.ts).
 */
import { fileURLToPath } from 'node:url';
import { bundleForBrowser } from '../node/browser-bundle.js';

export const CONSOLE_ENTRY = fileURLToPath(new URL('./console.ts', import.meta.url));

export function buildAdminConsole(): Promise<string> {
  return bundleForBrowser(CONSOLE_ENTRY, 'es2020');
}
