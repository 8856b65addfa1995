/** `npm run ingest -- --corpus <dir> --out <dir>`: ingest a corpus and write documents.json + paragraphs.jsonl. */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCorpus } from '../corpus.js';
import { printTable } from './table.js';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: 'corpus' },
    out: { type: 'string', default: '.data/ingest' },
  },
});

const started = performance.now();
const corpus = await loadCorpus(values.corpus);
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
  ['file', 'id', 'encoding', 'script', 'locality', 'region', 'year', 'signed', 'paragraphs'],
  corpus.documents.map((d) => [d.file, d.id, d.encoding, d.script, d.locality, d.region ?? '-', String(d.year ?? '-'), d.signedAt ?? '-', String(d.paragraphs)]),
);
for (const s of corpus.skipped) console.error(`skipped ${s.file}: ${s.reason}`);
console.log(`${corpus.documents.length} reports, ${corpus.paragraphs.length} paragraphs, ${corpus.skipped.length} skipped, ${ms.toFixed(0)} ms → ${values.out}`);
