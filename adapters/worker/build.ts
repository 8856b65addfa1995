/**
 * `npm run worker:build [-- --corpus DIR] [-- --load local|remote] [-- --upload-vectors]`:
 * builds the Worker's index for D1 from the corpus (build-artifact.ts,
 * generated/d1.sql). `--load` (or WORKER_D1_LOAD) then runs it through
 * `wrangler d1 execute`: `local` into the database `wrangler dev` serves
 * (no account needed), `remote` into the deployed one. With
 * `--upload-vectors` it embeds every paragraph with Workers AI and upserts
 * the vectors into the Vectorize index (upload-vectors.ts; needs
 * CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN). wrangler.toml's [build]
 * runs this before `wrangler dev` and `wrangler deploy`.
 */
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { buildWorkerArtifact, loadD1, repoRoot, type D1Target } from './build-artifact.js';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string' },
    out: { type: 'string' },
    load: { type: 'string' },
    'upload-vectors': { type: 'boolean', default: false },
    index: { type: 'string' },
    model: { type: 'string' },
  },
});

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const log = (message: string) => console.error(`worker:build: ${message}`);

try {
  const load = values.load ?? process.env.WORKER_D1_LOAD;
  if (load !== undefined && load !== 'local' && load !== 'remote') throw new Error(`--load takes local or remote, not ${JSON.stringify(load)}`);
  const result = await buildWorkerArtifact({ corpusDir: values.corpus ?? process.env.CORPUS_DIR, outDir: values.out, log });
  const { corpus, d1, bytes } = result;
  log(
    `${corpus.documents.length} reports, ${corpus.paragraphs.length} paragraphs, ${d1.rows.postings} postings rows (${result.segmenter}); ` +
      `generation ${d1.generation}: d1.sql ${kib(bytes.sql)} in ${d1.statements.length} statements; wasm ${kib(bytes.wasm)}, widget ${kib(bytes.widget)}; ` +
      `${result.written.length ? `wrote ${result.written.map((f) => relative(repoRoot, f)).join(', ')}` : 'unchanged'} in ${result.ms} ms`,
  );
  if (load) {
    const started = performance.now();
    await loadD1(join(result.outDir, 'd1.sql'), load as D1Target);
    log(`loaded generation ${d1.generation} into the ${load} D1 database in ${Math.round(performance.now() - started)} ms`);
  }
  if (values['upload-vectors']) {
    const { uploadVectors } = await import('./upload-vectors.js');
    await uploadVectors(corpus, {
      ...(values.index !== undefined ? { indexName: values.index } : {}),
      ...(values.model !== undefined ? { model: values.model } : {}),
      log,
    });
  }
} catch (err) {
  console.error(`worker:build failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
