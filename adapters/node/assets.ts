/**
 * The browser bundles the Node server serves (/widget.js, /admin/console.js).
 * Compiled (`npm run build`, then `npm run start:prod`) they are read from
 * dist/assets/, prebuilt by adapters/node/build-assets.ts, so nothing is
 * compiled at run time; from source (`npm start` through tsx) esbuild bundles
 * them now, in about a second.
 */
import { readFile } from 'node:fs/promises';

export interface Bundles {
  widgetJs: string;
  adminConsoleJs: string;
}

export const BUNDLE_FILES: Record<keyof Bundles, string> = { widgetJs: 'widget.js', adminConsoleJs: 'admin-console.js' };

/** dist/assets/ seen from dist/adapters/node/assets.js. */
export const PREBUILT_DIR = new URL('../../assets/', import.meta.url);

const compiled = import.meta.url.endsWith('.js');

/** Each bundle, or the error that kept it from being read or built (the server then answers 404 for it). */
export async function loadBundles(): Promise<{ [K in keyof Bundles]: string | Error }> {
  const settle = async (make: () => Promise<string>): Promise<string | Error> => {
    try {
      return await make();
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  };
  if (compiled) {
    const read = (key: keyof Bundles) => settle(() => readFile(new URL(BUNDLE_FILES[key], PREBUILT_DIR), 'utf8'));
    const [widgetJs, adminConsoleJs] = await Promise.all([read('widgetJs'), read('adminConsoleJs')]);
    return { widgetJs, adminConsoleJs };
  }
  const [{ buildWidget }, { buildAdminConsole }] = await Promise.all([import('../widget/build.js'), import('../admin/build.js')]);
  const [widgetJs, adminConsoleJs] = await Promise.all([settle(buildWidget), settle(buildAdminConsole)]);
  return { widgetJs, adminConsoleJs };
}
