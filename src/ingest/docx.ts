/**
 * .docx → text. The archive is opened through zip.ts (sizes and ratios
 * checked, entries inflated into buffers of their declared size) and handed
 * to mammoth re-packed without compression, so mammoth's own unzipping never
 * inflates anything. mammoth converts the document to HTML (paragraphs → <p>,
 * tables → <table>), then htmlToText turns it into lines: one line per
 * paragraph, one TAB-separated line per table row.
 */
import { zipSync } from 'fflate';
import mammoth from 'mammoth';
import { htmlToText } from './html.js';
import { unzipChecked } from './zip.js';

/** Images carry no text; don't base64-embed them into the intermediate HTML. */
const skipImages = mammoth.images.imgElement(() => Promise.resolve({ src: '' }));

export async function docxToText(bytes: Uint8Array, fileName = ''): Promise<string> {
  // Media are never read (images are skipped), so they are neither expanded nor counted.
  const entries = unzipChecked(bytes, (name) => !/^word\/media\//u.test(name) && !name.endsWith('/'), fileName);
  const stored = zipSync(Object.fromEntries(entries), { level: 0 });
  // mammoth's Node build reads `buffer`, its browser build `arrayBuffer`; JSZip under both takes a Uint8Array.
  const input = { arrayBuffer: stored.buffer as ArrayBuffer, buffer: stored } as unknown as { arrayBuffer: ArrayBuffer };
  const result = await mammoth.convertToHtml(input, { convertImage: skipImages });
  return htmlToText(result.value);
}
