/**
 * OCR of scanned PDF pages: poppler's pdftoppm renders a page to an image,
 * tesseract (chi_sim + chi_tra) reads it as TSV (every word with its box), and
 * the words become positioned runs for the same layout step as a text layer.
 * Both are separate programs run as child processes; when one is missing the
 * caller gets OcrUnavailableError with what to install.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { LayoutPage, TextRun } from '../../../src/ingest/layout.js';

const run = promisify(execFile);

export interface OcrOptions {
  /** The tesseract program (a name on PATH or a path). */
  tesseract: string;
  /** poppler-utils' pdftoppm. */
  pdftoppm: string;
  /** tesseract languages; both scripts, as reports are published in either. */
  languages: string[];
  /** Rendering resolution: 300 dpi is what tesseract reads best. */
  dpi: number;
  /** Per page, for rendering and for recognition each. */
  timeoutMs: number;
}

export const OCR_DEFAULTS: OcrOptions = { tesseract: 'tesseract', pdftoppm: 'pdftoppm', languages: ['chi_sim', 'chi_tra'], dpi: 300, timeoutMs: 120_000 };

export const OCR_PACKAGES = 'tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-chi-tra poppler-utils';

export class OcrUnavailableError extends Error {
  override name = 'OcrUnavailableError';
}

const checked = new Map<string, Promise<void>>();

/** Resolves when both programs run and tesseract has the languages; cached per configuration. */
export function checkOcr(options: OcrOptions): Promise<void> {
  const key = JSON.stringify([options.tesseract, options.pdftoppm, options.languages]);
  let check = checked.get(key);
  if (!check) {
    check = (async () => {
      let langs: string;
      try {
        const out = await run(options.tesseract, ['--list-langs'], { timeout: 20_000 });
        langs = `${out.stdout}\n${out.stderr}`;
      } catch (e) {
        throw new OcrUnavailableError(`OCR unavailable: tesseract cannot run (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); install ${OCR_PACKAGES}`);
      }
      const missing = options.languages.filter((l) => !new RegExp(`^${l}$`, 'mu').test(langs));
      if (missing.length) throw new OcrUnavailableError(`OCR unavailable: tesseract has no ${missing.join(', ')} language data; install ${OCR_PACKAGES}`);
      try {
        await run(options.pdftoppm, ['-v'], { timeout: 20_000 });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'EACCES') {
          throw new OcrUnavailableError(`OCR unavailable: pdftoppm cannot run (${(e as NodeJS.ErrnoException).code}); install ${OCR_PACKAGES}`);
        }
      }
    })();
    checked.set(key, check);
    check.catch(() => checked.delete(key));
  }
  return check;
}

/** tesseract's TSV: level 5 rows are words with their boxes, grouped by block, paragraph and line. */
function tsvRuns(tsv: string, scale: number): TextRun[] {
  const lines = new Map<string, { top: number; bottom: number; words: { left: number; width: number; text: string }[] }>();
  for (const row of tsv.split('\n').slice(1)) {
    const f = row.split('\t');
    if (f.length < 12 || f[0] !== '5') continue;
    const text = (f[11] ?? '').trim();
    if (!text) continue;
    const [left, top, width, height] = [6, 7, 8, 9].map((i) => Number(f[i]));
    const key = `${f[2]}/${f[3]}/${f[4]}`;
    const line = lines.get(key) ?? { top: Infinity, bottom: 0, words: [] };
    line.top = Math.min(line.top, top!);
    line.bottom = Math.max(line.bottom, top! + height!);
    line.words.push({ left: left!, width: width!, text });
    lines.set(key, line);
  }
  const runs: TextRun[] = [];
  for (const line of lines.values()) {
    // The line's box, not each glyph's, gives the baseline and the size: "一" is far flatter than "国".
    const size = (line.bottom - line.top) * scale;
    for (const w of line.words) runs.push({ text: w.text, x: w.left * scale, y: line.bottom * scale, width: w.width * scale, size });
  }
  return runs;
}

/** Reads the given pages of a PDF by OCR; coordinates come back in PDF points, like a text layer's. */
export async function ocrPages(pdf: Uint8Array, pages: { number: number; width: number; height: number }[], options: OcrOptions): Promise<LayoutPage[]> {
  await checkOcr(options);
  const dir = await mkdtemp(join(tmpdir(), 'fazhi-ocr-'));
  try {
    const file = join(dir, 'in.pdf');
    await writeFile(file, pdf);
    const out: LayoutPage[] = [];
    for (const page of pages) {
      const prefix = join(dir, `p${page.number}`);
      await run(options.pdftoppm, ['-r', String(options.dpi), '-gray', '-png', '-f', String(page.number), '-l', String(page.number), file, prefix], { timeout: options.timeoutMs });
      const image = (await readdir(dir)).find((f) => f.startsWith(`p${page.number}-`) && f.endsWith('.png'));
      if (!image) throw new Error(`pdftoppm rendered no image of page ${page.number}`);
      const { stdout } = await run(options.tesseract, [join(dir, image), 'stdout', '-l', options.languages.join('+'), '--psm', '3', 'tsv'], {
        timeout: options.timeoutMs,
        maxBuffer: 32 * 2 ** 20,
        // Pages are read one after another; one thread each keeps a shared machine responsive.
        env: { ...process.env, OMP_THREAD_LIMIT: '1' },
      });
      out.push({ number: page.number, width: page.width, height: page.height, runs: tsvRuns(stdout, 72 / options.dpi), ocr: true });
      await rm(join(dir, image), { force: true });
    }
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
