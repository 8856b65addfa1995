/**
 * Word 97–2003 .doc and WPS .wps (both OLE compound files holding a Word 97
 * document stream) → text, with word-extractor: one line per paragraph,
 * table cells separated by TAB (what clean.ts expects of a table row).
 */
import WordExtractor from 'word-extractor';
import { UnreadableReportError } from '../../../src/ingest/errors.js';

const extractor = new WordExtractor();

export async function readOle(bytes: Uint8Array, fileName: string): Promise<string> {
  try {
    const doc = await extractor.extract(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    return doc.getBody();
  } catch (e) {
    throw new UnreadableReportError(`not a readable Word 97–2003 / WPS document (${(e as Error).message})`, fileName, { cause: e });
  }
}
