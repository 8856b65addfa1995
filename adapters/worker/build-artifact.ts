/**
 * Build side of the Worker (Node, at build time): the corpus → the files the
 * Worker imports, in generated/ (git-ignored):
 *
 * - artifact.js          documents, paragraphs and the lexical index (artifact.ts)
 * - jieba.wasm           jieba-wasm's `web` WebAssembly module, the one the build
 *                        itself segments with, imported by the Worker as CompiledWasm
 * - opencc-phrases.js    the simplified → traditional phrases the Worker keeps (opencc.ts)
 * - widget.js            the web widget's script for GET /widget.js (adapters/widget/build.ts)
 *
 * Files are rewritten only when their content changes, so `wrangler dev`
 * does not reload for nothing.
 */
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { add_word, cut, initSync } from 'jieba-wasm/web';
import { loadCorpus, type Corpus } from '../node/corpus.js';
import { buildLexical } from '../../src/retrieve/lexical.js';
import { corpusVocabulary } from '../../src/retrieve/vocabulary.js';
import { ARTIFACT_VERSION, packLexical, unpackLexical, type WorkerArtifact } from './artifact.js';
import { prunedPhrases } from './opencc-phrases.js';
import { jiebaWasmSegmenter, type JiebaWasm } from './segmenter.js';

const require = createRequire(import.meta.url);
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const defaultOutDir = join(repoRoot, 'adapters/worker/generated');

/** jieba-wasm's `web` build: its JS glue is what the Worker bundles, its .wasm what the Worker instantiates. */
export function jiebaWebWasmPath(): string {
  return join(dirname(require.resolve('jieba-wasm/web')), 'jieba_rs_wasm_bg.wasm');
}

export async function jiebaWasmVersion(): Promise<string> {
  // the package's exports map does not expose package.json; it sits two levels above pkg/web/
  const manifest = join(dirname(require.resolve('jieba-wasm/web')), '..', '..', 'package.json');
  return (JSON.parse(await readFile(manifest, 'utf8')) as { version: string }).version;
}

/** Instantiates jieba-wasm's `web` glue in Node from the given module bytes (once per process, as in a Worker isolate). */
export async function loadJiebaWasm(wasmPath: string): Promise<JiebaWasm> {
  initSync({ module: await readFile(wasmPath) });
  return { cut, add_word };
}

/** Writes beside and renames, so a reader (wrangler dev, a test run) never sees half a file. */
async function writeIfChanged(path: string, content: string | Uint8Array): Promise<boolean> {
  const next = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
  try {
    if ((await readFile(path)).equals(next)) return false;
  } catch {
    // not there yet
  }
  const tmp = `${path}.${process.pid}.${Date.now().toString(36)}.tmp`;
  await writeFile(tmp, next);
  await rename(tmp, path);
  return true;
}

async function sourceTexts(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts')) out.push(await readFile(join(entry.parentPath, entry.name), 'utf8'));
  }
  return out;
}

/** Every text the Worker may convert to traditional script: the reports and the core's string literals (answer templates). */
function conversionTexts(corpus: Corpus, sources: string[]): string[] {
  const texts = [...sources];
  for (const d of corpus.documents) texts.push(d.title, d.locality, d.region ?? '', d.signedBy ?? '', d.signedAt ?? '');
  for (const p of corpus.paragraphs) texts.push(p.text, p.simplified, p.section.join(' '));
  return texts;
}

export interface BuildOptions {
  corpusDir?: string;
  outDir?: string;
  log?: (message: string) => void;
}

export interface BuildResult {
  artifact: WorkerArtifact;
  corpus: Corpus;
  outDir: string;
  written: string[];
  bytes: { artifact: number; phrases: number; wasm: number; widget: number };
  ms: number;
}

export async function buildWorkerArtifact(options: BuildOptions = {}): Promise<BuildResult> {
  const started = performance.now();
  const corpusDir = resolve(options.corpusDir ?? join(repoRoot, 'corpus'));
  const outDir = resolve(options.outDir ?? defaultOutDir);
  const log = options.log ?? (() => {});
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];

  // The very module the Worker will instantiate; the build segments with it too.
  const wasmOut = join(outDir, 'jieba.wasm');
  const wasm = await readFile(jiebaWebWasmPath());
  if (await writeIfChanged(wasmOut, wasm)) written.push(wasmOut);
  const jieba = await loadJiebaWasm(wasmOut);

  const corpus = await loadCorpus(corpusDir);
  for (const s of corpus.skipped) log(`skipped ${s.file}: ${s.reason}`);
  const vocabulary = corpusVocabulary(corpus.documents, corpus.paragraphs);
  const lexical = buildLexical(corpus.paragraphs, vocabulary, jiebaWasmSegmenter(jieba, vocabulary));
  const packed = packLexical(lexical);
  if (!isDeepStrictEqual(unpackLexical(packed, corpus.paragraphs), lexical)) {
    throw new Error('the bigram postings derived at load would differ from the built index (src/retrieve/tokenize.ts changed?); update adapters/worker/artifact.ts');
  }
  const artifact: WorkerArtifact = {
    version: ARTIFACT_VERSION,
    segmenter: `jieba-wasm@${await jiebaWasmVersion()}`,
    corpusHash: corpus.hash,
    documents: corpus.documents,
    paragraphs: corpus.paragraphs,
    skipped: corpus.skipped,
    lexical: packed,
  };
  const artifactJs =
    '// Generated by `npm run worker:build` (adapters/worker/build.ts) from the corpus; do not edit.\n' +
    `export default JSON.parse(${JSON.stringify(JSON.stringify(artifact))});\n`;
  const artifactOut = join(outDir, 'artifact.js');
  if (await writeIfChanged(artifactOut, artifactJs)) written.push(artifactOut);

  const phrases = prunedPhrases(conversionTexts(corpus, await sourceTexts(join(repoRoot, 'src'))));
  const phrasesJs =
    '// Generated by `npm run worker:build`: opencc-js STPhrases cut to the phrases the corpus uses (see adapters/worker/opencc.ts).\n' +
    `export default ${JSON.stringify(phrases)};\n`;
  const phrasesOut = join(outDir, 'opencc-phrases.js');
  if (await writeIfChanged(phrasesOut, phrasesJs)) written.push(phrasesOut);

  // The widget is optional: without it the Worker serves everything but /widget.js (404).
  let widget: string | null = null;
  try {
    const { buildWidget } = await import('../widget/build.js');
    widget = await buildWidget();
  } catch (err) {
    log(`the web widget was not built, /widget.js will be 404: ${err instanceof Error ? err.message : String(err)}`);
  }
  const widgetJs = `// Generated by \`npm run worker:build\` from adapters/widget/; do not edit.\nexport default ${JSON.stringify(widget)};\n`;
  const widgetOut = join(outDir, 'widget.js');
  if (await writeIfChanged(widgetOut, widgetJs)) written.push(widgetOut);

  return {
    artifact,
    corpus,
    outDir,
    written,
    bytes: { artifact: Buffer.byteLength(artifactJs), phrases: Buffer.byteLength(phrasesJs), wasm: wasm.byteLength, widget: widget === null ? 0 : Buffer.byteLength(widget) },
    ms: Math.round(performance.now() - started),
  };
}
