/**
 * Build side of the Worker (Node, at build time): the corpus → generated/
 * (git-ignored):
 *
 * - d1.sql               the index for D1 (d1-sql.ts): reports, paragraphs, the
 *                        lexical postings (jieba-wasm words and character bigrams),
 *                        the corpus words and the opencc phrases the Worker keeps;
 *                        not part of the script, which does not grow with the corpus
 * - jieba.wasm           jieba-wasm's `web` WebAssembly module, the one the build
 *                        itself segments with, imported by the Worker as CompiledWasm
 * - widget.js            the web widget's script for GET /widget.js (adapters/widget/build.ts)
 *
 * Files are rewritten only when their content changes, so `wrangler dev`
 * does not reload for nothing. `loadD1` runs the SQL through wrangler.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { add_word, cut, initSync } from 'jieba-wasm/web';
import { loadCorpus, type Corpus } from '../node/corpus.js';
import { buildLexical, type LexicalData } from '../../src/retrieve/lexical.js';
import { corpusVocabulary } from '../../src/retrieve/vocabulary.js';
import { d1Sql, type D1Sql } from './d1-sql.js';
import { prunedPhrases, type PrunedPhrases } from './opencc-phrases.js';
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
  corpus: Corpus;
  segmenter: string;
  lexical: LexicalData;
  phrases: PrunedPhrases;
  /** The index as SQL, written to generated/d1.sql. */
  d1: D1Sql;
  outDir: string;
  written: string[];
  bytes: { sql: number; wasm: number; widget: number };
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
  const segmenter = `jieba-wasm@${await jiebaWasmVersion()}`;
  const phrases = prunedPhrases(conversionTexts(corpus, await sourceTexts(join(repoRoot, 'src'))));
  const d1 = d1Sql({ corpusHash: corpus.hash, segmenter, documents: corpus.documents, paragraphs: corpus.paragraphs, skipped: corpus.skipped, lexical, phrases });
  const sql = `${d1.statements.join('\n')}\n`;
  const sqlOut = join(outDir, 'd1.sql');
  if (await writeIfChanged(sqlOut, sql)) written.push(sqlOut);

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
    corpus,
    segmenter,
    lexical,
    phrases,
    d1,
    outDir,
    written,
    bytes: { sql: Buffer.byteLength(sql), wasm: wasm.byteLength, widget: widget === null ? 0 : Buffer.byteLength(widget) },
    ms: Math.round(performance.now() - started),
  };
}

export type D1Target = 'local' | 'remote';

/**
 * Runs generated/d1.sql against the D1 database bound as DB in wrangler.toml: `local` is the database
 * `wrangler dev` uses (.wrangler/state, no account needed), `remote` the deployed one (needs a login or
 * CLOUDFLARE_API_TOKEN).
 */
export async function loadD1(sqlPath: string, target: D1Target, options: { persistTo?: string; configPath?: string } = {}): Promise<void> {
  const args = ['d1', 'execute', 'DB', `--${target}`, '--file', sqlPath, '--yes'];
  if (options.persistTo) args.push('--persist-to', options.persistTo);
  if (options.configPath) args.push('--config', options.configPath);
  await promisify(execFile)(join(repoRoot, 'node_modules/.bin/wrangler'), args, {
    cwd: repoRoot,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1', ...(target === 'local' ? { CLOUDFLARE_CF_FETCH_ENABLED: 'false' } : {}) },
    maxBuffer: 64 * 1024 * 1024,
  });
}
