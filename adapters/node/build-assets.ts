/**
 * `npm run build`'s second step (after tsc): bundles the widget and the admin
 * console into dist/assets/, where the compiled server reads them
 * (adapters/node/assets.ts), so a production start compiles nothing.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildAdminConsole } from '../admin/build.js';
import { buildWidget } from '../widget/build.js';
import { BUNDLE_FILES } from './assets.js';

const out = fileURLToPath(new URL('../../dist/assets/', import.meta.url));
await mkdir(out, { recursive: true });
const [widgetJs, adminConsoleJs] = await Promise.all([buildWidget(), buildAdminConsole()]);
await Promise.all([writeFile(`${out}${BUNDLE_FILES.widgetJs}`, widgetJs), writeFile(`${out}${BUNDLE_FILES.adminConsoleJs}`, adminConsoleJs)]);
process.stdout.write(`dist/assets: ${BUNDLE_FILES.widgetJs} ${widgetJs.length} B, ${BUNDLE_FILES.adminConsoleJs} ${adminConsoleJs.length} B\n`);
