/**
 * Reading a corpus directory (Node only): every file in it is either ingested
 * or reported in `skipped` with its reason (unsupported type, unreadable,
 * encrypted PDF, OCR unavailable, empty after cleaning). Files are parsed in
 * the isolated parser (formats/isolated.ts) unless a parse function is given.
 */
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Paragraph, ReportDocument } from '../../src/schema.js';
import { SidecarSchema, type ReportMeta } from '../../src/ingest/describe.js';
import { REPORT_EXTENSIONS, UnreadableReportError, type ReadReportResult } from '../../src/ingest/read.js';
import { ingestReport } from '../../src/ingest/report.js';
import { parseReportIsolated } from './formats/isolated.js';

export interface SkippedFile {
  file: string;
  reason: string;
}

export interface Corpus {
  documents: ReportDocument[];
  paragraphs: Paragraph[];
  skipped: SkippedFile[];
  /** Identity of the whole corpus: changes when any report or sidecar changes. */
  hash: string;
}

/** One file done, for progress output. */
export interface FileProgress {
  index: number;
  total: number;
  file: string;
  ms: number;
  document?: ReportDocument;
  reason?: string;
}

export interface LoadOptions {
  /** Bytes → text; defaults to the isolated parser with the Node readers. */
  parse?: (name: string, bytes: Uint8Array) => Promise<ReadReportResult>;
  onFile?: (progress: FileProgress) => void;
}

const SIDECAR = /\.meta\.json$/iu;

export function isReportFile(name: string): boolean {
  return REPORT_EXTENSIONS.includes(extname(name).toLowerCase()) && !name.startsWith('.');
}

async function readSidecar(path: string): Promise<Partial<ReportMeta> | undefined> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  const parsed = SidecarSchema.safeParse(JSON.parse(raw));
  if (!parsed.success) throw new Error(`bad sidecar ${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** Every entry of the directory that is neither hidden nor a sidecar, with what it is. */
async function entries(dir: string): Promise<{ name: string; kind: 'report' | 'unsupported' | 'folder' }[]> {
  const all = await readdir(dir, { withFileTypes: true });
  return all
    .filter((e) => !e.name.startsWith('.') && !(SIDECAR.test(e.name) && all.some((o) => o.name === e.name.replace(SIDECAR, ''))))
    .map((e) => ({ name: e.name, kind: e.isDirectory() ? 'folder' as const : isReportFile(e.name) ? 'report' as const : 'unsupported' as const }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

async function sidecarText(dir: string, file: string): Promise<string> {
  try {
    return await readFile(join(dir, `${file}.meta.json`), 'utf8');
  } catch {
    return '';
  }
}

/**
 * Identity of a corpus directory from its files' bytes alone (every file and
 * sidecar, readable or not, and the names of the rest), so a saved index can
 * be checked without ingesting anything.
 */
export async function corpusHash(dir: string): Promise<string> {
  const hash = createHash('sha256');
  for (const { name, kind } of await entries(dir)) {
    if (kind === 'folder') {
      hash.update(`${name}/\u0000`);
      continue;
    }
    const bytes = await readFile(join(dir, name));
    hash.update(`${name}\u0000${createHash('sha256').update(bytes).digest('hex')}\u0000${await sidecarText(dir, name)}\u0000`);
  }
  return hash.digest('hex');
}

function unsupportedReason(name: string): string {
  const ext = extname(name).toLowerCase();
  return `unsupported file type (${ext || 'no extension'}; reports are ${REPORT_EXTENSIONS.join(' ')})`;
}

export async function loadCorpus(dir: string, options: LoadOptions = {}): Promise<Corpus> {
  const parse = options.parse ?? parseReportIsolated;
  const list = await entries(dir);
  const documents: ReportDocument[] = [];
  const paragraphs: Paragraph[] = [];
  const skipped: SkippedFile[] = [];
  for (const [index, { name: file, kind }] of list.entries()) {
    const started = performance.now();
    const done = (p: Pick<FileProgress, 'document' | 'reason'>) => options.onFile?.({ index: index + 1, total: list.length, file, ms: Math.round(performance.now() - started), ...p });
    try {
      if (kind === 'folder') throw new Error('a folder (only files at the top level of the corpus are read)');
      if (kind === 'unsupported') throw new Error(unsupportedReason(file));
      const bytes = new Uint8Array(await readFile(join(dir, file)));
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const overrides = await readSidecar(join(dir, `${file}.meta.json`));
      const read = await parse(file, bytes);
      const report = ingestReport({ file, sha256, ...read, overrides });
      if (report.paragraphs.length === 0) throw new Error('no paragraphs of content after cleaning');
      if (documents.some((d) => d.id === report.document.id)) throw new Error(`another file already has the id ${report.document.id}`);
      documents.push(report.document);
      paragraphs.push(...report.paragraphs);
      done({ document: report.document });
    } catch (err) {
      const reason = err instanceof UnreadableReportError ? err.reason : err instanceof Error ? err.message : String(err);
      skipped.push({ file, reason });
      done({ reason });
    }
  }
  return { documents, paragraphs, skipped, hash: await corpusHash(dir) };
}
