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

/** A sidecar's text (`<report>.meta.json`) as overrides; '' is no sidecar. */
function parseSidecar(text: string, where: string): Partial<ReportMeta> | undefined {
  if (!text) return undefined;
  const parsed = SidecarSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`bad sidecar ${where}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** One report file as bytes with its sidecar's text ('' when none): from a directory or from a database. */
export interface ReportFile {
  name: string;
  bytes: Uint8Array;
  meta: string;
}

/** What a corpus's identity is computed from: each file's name, the SHA-256 of its bytes and its sidecar's text. */
export interface FileIdentity {
  name: string;
  sha256: string;
  meta: string;
}

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Every entry of the directory that is neither hidden nor a sidecar, with what it is. */
async function entries(dir: string): Promise<{ name: string; kind: 'report' | 'unsupported' | 'folder' }[]> {
  const all = await readdir(dir, { withFileTypes: true });
  return all
    .filter((e) => !e.name.startsWith('.') && !(SIDECAR.test(e.name) && all.some((o) => o.name === e.name.replace(SIDECAR, ''))))
    .map((e) => ({ name: e.name, kind: e.isDirectory() ? 'folder' as const : isReportFile(e.name) ? 'report' as const : 'unsupported' as const }))
    .sort(byName);
}

async function sidecarText(dir: string, file: string): Promise<string> {
  try {
    return await readFile(join(dir, `${file}.meta.json`), 'utf8');
  } catch {
    return '';
  }
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function identityLine(f: FileIdentity): string {
  return `${f.name}\u0000${f.sha256}\u0000${f.meta}\u0000`;
}

/** Identity of a set of report files (a directory of nothing else hashes the same). */
export function corpusIdentity(files: FileIdentity[]): string {
  const hash = createHash('sha256');
  for (const f of [...files].sort(byName)) hash.update(identityLine(f));
  return hash.digest('hex');
}

/** Files read at once while hashing a corpus. */
const HASH_BATCH = 64;

/**
 * Identity of a corpus directory from its files' bytes alone (every file and
 * sidecar, readable or not, and the names of the rest), so a saved index can
 * be checked without ingesting anything.
 */
export async function corpusHash(dir: string): Promise<string> {
  const list = await entries(dir);
  const lines: string[] = [];
  // Read and hashed a batch at a time (at 2,000+ files one after another was most of a saved index's start-up),
  // without holding more open files than the batch.
  for (let i = 0; i < list.length; i += HASH_BATCH) {
    lines.push(...(await Promise.all(list.slice(i, i + HASH_BATCH).map(async ({ name, kind }) =>
      kind === 'folder' ? `${name}/\u0000` : identityLine({ name, sha256: sha256Of(await readFile(join(dir, name))), meta: await sidecarText(dir, name) })))));
  }
  const hash = createHash('sha256');
  for (const line of lines) hash.update(line);
  return hash.digest('hex');
}

/** The report files of a directory (what an import into a database takes); other entries are left out. */
export async function readReportFiles(dir: string): Promise<ReportFile[]> {
  const out: ReportFile[] = [];
  for (const { name, kind } of await entries(dir)) {
    if (kind === 'report') out.push({ name, bytes: new Uint8Array(await readFile(join(dir, name))), meta: await sidecarText(dir, name) });
  }
  return out;
}

function unsupportedReason(name: string): string {
  const ext = extname(name).toLowerCase();
  return `unsupported file type (${ext || 'no extension'}; reports are ${REPORT_EXTENSIONS.join(' ')})`;
}

interface Entry {
  name: string;
  kind: 'report' | 'unsupported' | 'folder';
  bytes(): Promise<Uint8Array>;
  meta(): Promise<string>;
}

async function ingestEntries(list: Entry[], options: LoadOptions): Promise<Omit<Corpus, 'hash'>> {
  const parse = options.parse ?? parseReportIsolated;
  const documents: ReportDocument[] = [];
  const paragraphs: Paragraph[] = [];
  const skipped: SkippedFile[] = [];
  for (const [index, { name: file, kind, bytes: read, meta }] of list.entries()) {
    const started = performance.now();
    const done = (p: Pick<FileProgress, 'document' | 'reason'>) => options.onFile?.({ index: index + 1, total: list.length, file, ms: Math.round(performance.now() - started), ...p });
    try {
      if (kind === 'folder') throw new Error('a folder (only files at the top level of the corpus are read)');
      if (kind === 'unsupported') throw new Error(unsupportedReason(file));
      const bytes = await read();
      const overrides = parseSidecar(await meta(), `${file}.meta.json`);
      const report = ingestReport({ file, sha256: sha256Of(bytes), ...(await parse(file, bytes)), overrides });
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
  return { documents, paragraphs, skipped };
}

export async function loadCorpus(dir: string, options: LoadOptions = {}): Promise<Corpus> {
  const list = (await entries(dir)).map(({ name, kind }) => ({
    name,
    kind,
    bytes: async () => new Uint8Array(await readFile(join(dir, name))),
    meta: () => sidecarText(dir, name),
  }));
  return { ...(await ingestEntries(list, options)), hash: await corpusHash(dir) };
}

/** A corpus of report files given as bytes (a database's reports table): the same ingestion as a directory's. */
export async function loadCorpusFiles(files: ReportFile[], options: LoadOptions = {}): Promise<Corpus> {
  const list = [...files].sort(byName).map((f) => ({
    name: f.name,
    kind: isReportFile(f.name) ? ('report' as const) : ('unsupported' as const),
    bytes: async () => f.bytes,
    meta: async () => f.meta,
  }));
  return { ...(await ingestEntries(list, options)), hash: corpusIdentity(files.map((f) => ({ name: f.name, sha256: sha256Of(f.bytes), meta: f.meta }))) };
}
