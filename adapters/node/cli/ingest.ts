/**
 * `npm run ingest -- --corpus <dir> --out <dir>`: ingest a corpus and write
 * documents.json + paragraphs.jsonl. Prints one progress line per file (on a
 * terminal, one line rewritten in place; in a log, a line each), then a table
 * of every file: the reports read and the files skipped with their reasons.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCorpus, type FileProgress } from '../corpus.js';
import { printTable } from './table.js';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: 'corpus' },
    out: { type: 'string', default: '.data/ingest' },
  },
});

const tty = process.stdout.isTTY === true;
const progress = (p: FileProgress) => {
  const what = p.document
    ? `${p.document.format}${p.document.pages ? `, ${p.document.pages} page${p.document.pages === 1 ? "" : "s"}${p.document.ocrPages ? ` (${p.document.ocrPages} by OCR)` : ''}` : ''}, ${p.document.paragraphs} paragraphs`
    : `skipped: ${p.reason ?? ''}`;
  const line = `[${p.index}/${p.total}] ${p.file}: ${what} (${p.ms} ms)`;
  if (tty) process.stdout.write(`\r\x1b[2K${line}${p.index === p.total ? '\n' : ''}`);
  else console.log(line);
};

const started = performance.now();
const corpus = await loadCorpus(values.corpus, { onFile: progress });
await mkdir(values.out, { recursive: true });
const write = async (name: string, body: string) => {
  const tmp = join(values.out, `.${name}.tmp`);
  await writeFile(tmp, body);
  await rename(tmp, join(values.out, name));
};
await write('documents.json', `${JSON.stringify(corpus.documents, null, 2)}\n`);
await write('paragraphs.jsonl', corpus.paragraphs.map((p) => JSON.stringify(p)).join('\n') + '\n');
const ms = performance.now() - started;

printTable(
  ['file', 'id', 'format', 'encoding', 'script', 'locality', 'region', 'year', 'signed', 'pages', 'paragraphs'],
  corpus.documents.map((d) => [
    d.file, d.id, d.format, d.encoding, d.script, d.locality, d.region ?? '-', String(d.year ?? '-'), d.signedAt ?? '-',
    d.pages ? `${d.pages}${d.ocrPages ? ` (${d.ocrPages} OCR)` : ''}` : '-', String(d.paragraphs),
  ]),
);
if (corpus.skipped.length) {
  console.log('');
  printTable(['skipped', 'reason'], corpus.skipped.map((s) => [s.file, s.reason]));
}
console.log(`${corpus.documents.length} reports, ${corpus.paragraphs.length} paragraphs, ${corpus.skipped.length} skipped, ${ms.toFixed(0)} ms → ${values.out}`);
