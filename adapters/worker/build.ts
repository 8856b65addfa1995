/**
 * `npm run worker:build [-- --corpus DIR] [-- --upload-vectors]`: builds the
 * Worker's index artifact from the corpus (build-artifact.ts). With
 * `--upload-vectors` it then embeds every paragraph with Workers AI and
 * upserts the vectors into the Vectorize index (upload-vectors.ts; needs
 * CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN). wrangler.toml's [build]
 * runs this before `wrangler dev` and `wrangler deploy`.
 */
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { buildWorkerArtifact, repoRoot } from './build-artifact.js';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string' },
    out: { type: 'string' },
    'upload-vectors': { type: 'boolean', default: false },
    index: { type: 'string' },
    model: { type: 'string' },
  },
});

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

try {
  const result = await buildWorkerArtifact({
    corpusDir: values.corpus ?? process.env.CORPUS_DIR,
    outDir: values.out,
    log: (message) => console.error(`worker:build: ${message}`),
  });
  const { artifact, bytes } = result;
  console.error(
    `worker:build: ${artifact.documents.length} reports, ${artifact.paragraphs.length} paragraphs, ` +
      `${Object.keys(artifact.lexical.bm25.postings).length} terms (${artifact.segmenter}); ` +
      `artifact ${kib(bytes.artifact)}, phrases ${kib(bytes.phrases)}, wasm ${kib(bytes.wasm)}, widget ${kib(bytes.widget)}; ` +
      `${result.written.length ? `wrote ${result.written.map((f) => relative(repoRoot, f)).join(', ')}` : 'unchanged'} in ${result.ms} ms`,
  );
  if (values['upload-vectors']) {
    const { uploadVectors } = await import('./upload-vectors.js');
    await uploadVectors(artifact, {
      ...(values.index !== undefined ? { indexName: values.index } : {}),
      ...(values.model !== undefined ? { model: values.model } : {}),
      log: (message) => console.error(`worker:build: ${message}`),
    });
  }
} catch (err) {
  console.error(`worker:build failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
