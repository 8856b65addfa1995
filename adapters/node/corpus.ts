/**
 * Reading a corpus directory (Node only): every report file in it, decoded,
 * cleaned and segmented. A file that cannot be read is reported by name with
 * its reason and skipped; the rest are ingested.
 */
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Paragraph, ReportDocument } from '../../src/schema.js';
import { SidecarSchema, type ReportMeta } from '../../src/ingest/describe.js';
import { readReport, REPORT_EXTENSIONS } from '../../src/ingest/read.js';
import { ingestReport } from '../../src/ingest/report.js';

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

async function reportNames(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter(isReportFile).sort();
}

async function sidecarText(dir: string, file: string): Promise<string> {
  try {
    return await readFile(join(dir, `${file}.meta.json`), 'utf8');
  } catch {
    return '';
  }
}

/**
 * Identity of a corpus directory from its files' bytes alone (every report
 * file and its sidecar, readable or not), so a saved index can be checked
 * without ingesting anything.
 */
export async function corpusHash(dir: string): Promise<string> {
  const hash = createHash('sha256');
  for (const file of await reportNames(dir)) {
    const bytes = await readFile(join(dir, file));
    hash.update(`${file}\u0000${createHash('sha256').update(bytes).digest('hex')}\u0000${await sidecarText(dir, file)}\u0000`);
  }
  return hash.digest('hex');
}

export async function loadCorpus(dir: string): Promise<Corpus> {
  const names = await reportNames(dir);
  const documents: ReportDocument[] = [];
  const paragraphs: Paragraph[] = [];
  const skipped: SkippedFile[] = [];
  for (const file of names) {
    try {
      const bytes = new Uint8Array(await readFile(join(dir, file)));
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const overrides = await readSidecar(join(dir, `${file}.meta.json`));
      const { text, encoding, format } = await readReport(bytes, file);
      const report = ingestReport({ file, sha256, format, encoding, text, overrides });
      if (report.paragraphs.length === 0) throw new Error('no paragraphs of content after cleaning');
      if (documents.some((d) => d.id === report.document.id)) throw new Error(`another file already has the id ${report.document.id}`);
      documents.push(report.document);
      paragraphs.push(...report.paragraphs);
    } catch (err) {
      skipped.push({ file, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  return { documents, paragraphs, skipped, hash: await corpusHash(dir) };
}
