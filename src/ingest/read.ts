/**
 * Read one report file (bytes + file name) into Unicode text.
 *
 * The format is sniffed from the content: a ZIP container is a .docx or an OFD
 * (its sizes checked before anything is expanded, see zip.ts); a PDF or an OLE
 * compound file (Word 97–2003 .doc, WPS .wps) goes to the reader the runtime
 * supplies (`ReportReaders`: the Node ones live in adapters/node/formats, so the
 * core stays runtime-neutral); otherwise the bytes are decoded (see decode.ts)
 * and treated as HTML when they look like HTML (or the file name ends in
 * .html/.htm), as plain text otherwise. Paged formats also return their lines
 * with page numbers. Files that cannot yield text throw UnreadableReportError
 * with a reason.
 */
import iconv from 'iconv-lite';
import { decodeText, normalizeNewlines } from './decode.js';
import { docxToText } from './docx.js';
import { UnreadableReportError } from './errors.js';
import { htmlToText } from './html.js';
import type { PagedLine } from './layout.js';
import { isOfd, ofdToText } from './ofd.js';
import { zipEntries, type ZipEntry } from './zip.js';

export { UnreadableReportError } from './errors.js';

export type ReportFormat = 'text' | 'html' | 'docx' | 'pdf' | 'doc' | 'wps' | 'ofd';

export interface ReadReportResult {
  text: string;
  encoding: string;
  format: ReportFormat;
  /** Paged formats: the text's lines (text is them joined by "\n") with their pages and OCR flags. */
  lines?: PagedLine[];
  pages?: number;
  ocrPages?: number;
}

/** A paged document's content lines, as a PDF reader gives them. */
export interface PagedText {
  lines: PagedLine[];
  pages: number;
  ocrPages: number;
}

/** Readers the core cannot hold (they need a runtime's libraries or programs); absent ones make the file unreadable with a reason. */
export interface ReportReaders {
  pdf?: (bytes: Uint8Array, fileName: string) => Promise<PagedText>;
  /** OLE compound file (Word 97–2003 .doc, WPS .wps) → text, one line per paragraph, TAB-separated table cells. */
  ole?: (bytes: Uint8Array, fileName: string) => Promise<string>;
}

/** File extensions read from a corpus directory and accepted by the upload. */
export const REPORT_EXTENSIONS = ['.txt', '.text', '.md', '.html', '.htm', '.docx', '.pdf', '.doc', '.wps', '.ofd'];

/** Share of junk characters (controls, U+FFFD, lone surrogates, private use) above which a file is binary. */
const MAX_JUNK_SHARE = 0.1;
/** Fewer letters/digits than this is "no text". */
const MIN_TEXT_CHARS = 2;
/** How far into the file HTML markers and <meta charset> are looked for. */
const HTML_SNIFF_CHARS = 2048;
const META_SNIFF_BYTES = 4096;

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  if (bytes.length < magic.length) return false;
  return magic.every((b, i) => bytes[i] === b);
}

function isZip(bytes: Uint8Array): boolean {
  return (
    startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || // local file header
    startsWith(bytes, [0x50, 0x4b, 0x05, 0x06]) || // empty archive
    startsWith(bytes, [0x50, 0x4b, 0x07, 0x08]) // spanned archive
  );
}

const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

const PDF_MAGIC = ascii('%PDF-');
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Well-known binary formats, so the error says what the file is. */
const KNOWN_BINARY: ReadonlyArray<{ magic: number[]; reason: string }> = [
  { magic: PDF_MAGIC, reason: 'PDF cannot be read in this runtime (no PDF reader)' },
  { magic: OLE_MAGIC, reason: 'Word 97–2003 .doc/.wps cannot be read in this runtime (no OLE reader)' },
  { magic: ascii('{\\rtf'), reason: 'RTF is not supported (save it as .docx or .txt)' },
  { magic: [0x89, 0x50, 0x4e, 0x47], reason: 'binary or undecodable content (PNG image)' },
  { magic: [0xff, 0xd8, 0xff], reason: 'binary or undecodable content (JPEG image)' },
  { magic: ascii('GIF8'), reason: 'binary or undecodable content (GIF image)' },
  { magic: [0x1f, 0x8b], reason: 'binary or undecodable content (gzip archive)' },
  { magic: ascii('Rar!'), reason: 'binary or undecodable content (RAR archive)' },
  { magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], reason: 'binary or undecodable content (7z archive)' },
];

function isJunkChar(cp: number): boolean {
  if (cp < 0x20) return cp !== 0x09 && cp !== 0x0a && cp !== 0x0c && cp !== 0x0d;
  if (cp >= 0x7f && cp <= 0x9f) return true; // DEL + C1 controls
  if (cp === 0xfffd) return true; // replacement character
  if (cp >= 0xd800 && cp <= 0xdfff) return true; // lone surrogate
  if (cp >= 0xe000 && cp <= 0xf8ff) return true; // private use area
  return false;
}

/** Share of junk characters among all characters of the text. */
export function junkShare(text: string): number {
  let total = 0;
  let junk = 0;
  for (const ch of text) {
    total++;
    if (isJunkChar(ch.codePointAt(0)!)) junk++;
  }
  return total === 0 ? 0 : junk / total;
}

function textCharCount(text: string): number {
  let n = 0;
  for (const _ of text.matchAll(/[\p{L}\p{N}]/gu)) {
    if (++n >= MIN_TEXT_CHARS) break;
  }
  return n;
}

/** Does the decoded text look like an HTML document? */
export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, HTML_SNIFF_CHARS);
  const start = head.trimStart().toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html')) return true;
  return /<(?:body|div|p)(?:[\s/>])/i.test(head);
}

/** The charset declared by <meta charset=…> or <meta http-equiv="Content-Type" content="…; charset=…">. */
export function sniffMetaCharset(bytes: Uint8Array): string | null {
  const n = Math.min(bytes.length, META_SNIFF_BYTES);
  let head = '';
  for (let i = 0; i < n; i++) head += String.fromCharCode(bytes[i]!);
  const m = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)/i.exec(head);
  return m ? m[1]!.toLowerCase() : null;
}

const GB_LABELS = new Set([
  'gb2312', 'gbk', 'gb18030', 'x-gbk', 'cp936', 'ms936', 'windows-936', 'euc-cn', 'gb_2312-80',
  'gb_2312', 'csgb2312', 'chinese', 'iso-ir-58',
]);
const UTF8_LABELS = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8']);

/**
 * Re-decode an HTML file whose bytes are not valid UTF-8 according to its declared charset.
 * GB2312/GBK declarations keep the GB18030 decoding (a superset, so identical for valid
 * GBK and more tolerant of mislabelled pages).
 */
function redecodeWithMetaCharset(bytes: Uint8Array, current: { text: string; encoding: string }) {
  const label = sniffMetaCharset(bytes);
  if (!label || GB_LABELS.has(label)) return current;
  if (UTF8_LABELS.has(label)) {
    // Declared UTF-8 but not strictly valid: if only a few bytes are broken, lossy UTF-8
    // is far better than reading the whole page as GB18030 mojibake.
    const lossy = normalizeNewlines(new TextDecoder('utf-8', { fatal: false }).decode(bytes));
    let bad = 0;
    for (const ch of lossy) if (ch === '\uFFFD') bad++;
    return bad <= Math.max(3, lossy.length * 0.001) ? { text: lossy, encoding: 'utf-8-lossy' } : current;
  }
  if (!iconv.encodingExists(label)) return current;
  try {
    const text = normalizeNewlines(iconv.decode(bytes, label).replace(/^\uFEFF/, ''));
    return { text, encoding: label };
  } catch {
    return current;
  }
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function requireText(text: string, fileName: string): void {
  if (textCharCount(text) < MIN_TEXT_CHARS) throw new UnreadableReportError('no text content', fileName);
}

/** Sniffs the bytes, not the name: a PDF may be named .txt, an OFD .zip. */
export async function readReport(bytes: Uint8Array, fileName: string, readers: ReportReaders = {}): Promise<ReadReportResult> {
  if (bytes.length === 0) throw new UnreadableReportError('empty file', fileName);

  if (isZip(bytes)) return readZip(bytes, fileName);
  if (startsWith(bytes, PDF_MAGIC) && readers.pdf) return paged(await readers.pdf(bytes, fileName), 'pdf', fileName);
  if (startsWith(bytes, OLE_MAGIC) && readers.ole) {
    const text = await readers.ole(bytes, fileName);
    requireText(text, fileName);
    return { text, encoding: 'ole', format: /\.wps$/iu.test(fileName) ? 'wps' : 'doc' };
  }

  for (const { magic, reason } of KNOWN_BINARY) {
    if (startsWith(bytes, magic)) throw new UnreadableReportError(reason, fileName);
  }

  let decoded = decodeText(bytes);
  if (decoded.text.trim() === '') throw new UnreadableReportError('empty file', fileName);

  const isHtml = looksLikeHtml(decoded.text) || /\.html?$/i.test(fileName);
  if (isHtml && decoded.encoding === 'gb18030') decoded = redecodeWithMetaCharset(bytes, decoded);

  if (junkShare(decoded.text) > MAX_JUNK_SHARE) {
    throw new UnreadableReportError('binary or undecodable content', fileName);
  }

  if (isHtml) {
    const text = htmlToText(decoded.text);
    requireText(text, fileName);
    return { text, encoding: decoded.encoding, format: 'html' };
  }

  requireText(decoded.text, fileName);
  return { text: decoded.text, encoding: decoded.encoding, format: 'text' };
}

function paged(doc: PagedText, format: ReportFormat, fileName: string): ReadReportResult {
  // One line per entry: the text's line i is lines[i], which is how report.ts finds a paragraph's pages.
  const lines = doc.lines.map((l) => ({ ...l, text: l.text.replace(/[\r\n\u2028\u2029]+/gu, ' ') })).filter((l) => l.text.trim() !== '');
  const text = lines.map((l) => l.text).join('\n');
  requireText(text, fileName);
  return { text, encoding: format, format, lines, pages: doc.pages, ocrPages: doc.ocrPages };
}

async function readZip(bytes: Uint8Array, fileName: string): Promise<ReadReportResult> {
  let entries: ZipEntry[];
  try {
    entries = zipEntries(bytes, fileName);
  } catch (e) {
    throw new UnreadableReportError(`not a valid .docx or .ofd (${e instanceof UnreadableReportError ? e.reason : errorMessage(e)})`, fileName, { cause: e });
  }
  if (isOfd(entries)) return paged({ ...ofdToText(bytes, fileName), ocrPages: 0 }, 'ofd', fileName);
  if (!entries.some((e) => e.name === 'word/document.xml')) {
    throw new UnreadableReportError('not a valid .docx or .ofd (a zip archive without word/document.xml or OFD.xml)', fileName);
  }
  let text: string;
  try {
    text = await docxToText(bytes, fileName);
  } catch (e) {
    if (e instanceof UnreadableReportError) throw e;
    throw new UnreadableReportError(`not a valid .docx (${errorMessage(e)})`, fileName, { cause: e });
  }
  requireText(text, fileName);
  return { text, encoding: 'docx', format: 'docx' };
}
