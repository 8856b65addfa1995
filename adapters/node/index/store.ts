/**
 * The saved index (Node): documents, paragraphs, the lexical index and the
 * vectors, with a manifest that records the corpus, the model and a checksum
 * of every file. A build is written into a fresh directory and made current by
 * renaming a pointer file, so a crash mid-build leaves the last good index in
 * place, and a damaged index fails its checksums and is rebuilt, never served.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Document } from '@langchain/core/documents';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { corpusHash, loadCorpus, type Corpus } from '../corpus.js';
import { DocumentSchema, ParagraphSchema, type Paragraph, type ReportDocument } from '../../../src/schema.js';
import { buildLexical, LexicalIndex, type LexicalData } from '../../../src/retrieve/lexical.js';
import { corpusVocabulary } from '../../../src/retrieve/vocabulary.js';
import type { DenseSearch } from '../../../src/retrieve/hybrid.js';
import { sha256Hex } from '../../../src/util/hash.js';
import { decodeIndexText, encodeIndexText } from './text-file.js';
import { CachedEmbeddings, type ModelEmbeddings } from './embeddings.js';
import { jiebaSegmenter } from './jieba.js';
import { HnswVectorStore } from './vector-store.js';

/** Bumped when ingestion or index layout changes, so older indexes are rebuilt. */
export const PIPELINE_VERSION = 30;

export const ManifestSchema = z.object({
  pipelineVersion: z.number().int(),
  corpusHash: z.string(),
  model: z.string(),
  dimensions: z.number().int().positive(),
  counts: z.object({ documents: z.number().int(), paragraphs: z.number().int(), skipped: z.number().int() }),
  skipped: z.array(z.object({ file: z.string(), reason: z.string() })),
  files: z.record(z.string(), z.string()),
  createdAt: z.string(),
  buildMs: z.number(),
});
export type Manifest = z.infer<typeof ManifestSchema>;

export interface LoadedIndex {
  dir: string;
  manifest: Manifest;
  documents: ReportDocument[];
  paragraphs: Paragraph[];
  lexical: LexicalIndex;
  dense: DenseSearch;
  vectors: HnswVectorStore;
}

export interface IndexOptions {
  corpusDir: string;
  indexDir: string;
  embeddings: ModelEmbeddings;
  onProgress?: (event: { stage: string; done: number; total: number }) => void;
  log?: (message: string) => void;
}

const POINTER = 'CURRENT';
const MANIFEST = 'manifest.json';
const DATA_FILES = ['documents.json', 'paragraphs.jsonl', 'lexical.json', 'postings.bin', 'vectors.hnsw', 'docstore.json'];

/**
 * The lexical index on disk: its postings as one array of 32-bit integers (`postings.bin`) and the
 * rest, with each token's offset into that array, as JSON (`lexical.json`). At 50,000 paragraphs
 * the postings are most of the index, and reading them as bytes takes a fraction of parsing them as JSON.
 */
const LexicalFileSchema = z.object({
  vocabulary: z.array(z.string()),
  k1: z.number(),
  b: z.number(),
  avgLength: z.number(),
  lengths: z.array(z.number().int().nonnegative()),
  tokens: z.array(z.string()),
  offsets: z.array(z.number().int().nonnegative()),
});

function packLexical(data: LexicalData): { json: string; bytes: Uint8Array } {
  const { k1, b, avgLength, lengths, postings } = data.bm25;
  const tokens = Object.keys(postings);
  const offsets = [0];
  for (const t of tokens) offsets.push((offsets.at(-1) as number) + (postings[t]?.length ?? 0));
  const all = new Int32Array(offsets.at(-1) as number);
  tokens.forEach((t, i) => all.set(postings[t] as ArrayLike<number>, offsets[i]));
  const file: z.infer<typeof LexicalFileSchema> = { vocabulary: data.vocabulary, k1, b, avgLength, lengths, tokens, offsets };
  return { json: JSON.stringify(file), bytes: new Uint8Array(all.buffer) };
}

function unpackLexical(json: string, bytes: Uint8Array): LexicalData {
  const file = LexicalFileSchema.parse(JSON.parse(json));
  // Int32Array needs 4-byte alignment; a Buffer may sit anywhere in its pool.
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  const all = new Int32Array(aligned.buffer, aligned.byteOffset, Math.floor(aligned.byteLength / 4));
  if (file.offsets.length !== file.tokens.length + 1 || file.offsets.at(-1) !== all.length) throw new CorruptIndexError('lexical postings disagree with their offsets');
  const postings: Record<string, ArrayLike<number>> = {};
  file.tokens.forEach((t, i) => {
    postings[t] = all.subarray(file.offsets[i], file.offsets[i + 1]);
  });
  return { vocabulary: file.vocabulary, bm25: { k1: file.k1, b: file.b, avgLength: file.avgLength, lengths: file.lengths, postings } };
}

export class IndexMismatchError extends Error {}
export class CorruptIndexError extends Error {}

/** Where an index directory keeps the vectors it has computed with a model, by content hash. */
export function embedCachePath(indexDir: string, modelId: string): string {
  return join(indexDir, 'embed-cache', `${modelId.replace(/[^a-zA-Z0-9._-]+/g, '_')}.jsonl`);
}

/** What the vectors are computed from: the place and section give a paragraph its context. */
export function embeddingText(p: Paragraph, doc: ReportDocument): string {
  return `${doc.locality} ${doc.year ?? ''} ${p.section.join(' ')}\n${p.simplified}`;
}

async function fsyncFile(path: string): Promise<void> {
  const fh = await open(path, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

const QUERY_CACHE = 512;
const PROGRESS_EVERY_MS = 5000;

/**
 * A question's vector, remembered: one answer may search the same question several times (once per
 * report); officials repeat questions too. The promise is kept, so concurrent asks of one question
 * share one embedding. Every dense backend (hnswlib here, pgvector) embeds questions through this.
 */
export function queryEmbedder(embeddings: ModelEmbeddings): (question: string) => Promise<number[]> {
  const queries = new LRUCache<string, Promise<number[]>>({ max: QUERY_CACHE });
  return (question: string) => {
    let vector = queries.get(question);
    if (!vector) {
      vector = embeddings.embedQuery(question);
      queries.set(question, vector);
      vector.catch(() => queries.delete(question));
    }
    return vector;
  };
}

function denseSearch(store: HnswVectorStore, embeddings: ModelEmbeddings, byId: Map<string, Paragraph>): DenseSearch {
  const embedQuery = queryEmbedder(embeddings);
  return {
    modelId: embeddings.modelId,
    async search(question, k, allow, candidates) {
      const vector = await embedQuery(question);
      if (candidates) return store.scoreIds(vector, candidates, k);
      // hnswlib calls back into JS for every candidate a filter looks at: a wider unfiltered search,
      // filtered here, is much faster while the filter keeps a fair share; the filtered search is the fallback.
      const breadth = Math.min(store.size, k * 10);
      const wide = store.searchVector(vector, breadth).filter((h) => {
        const p = byId.get(h.id);
        return p !== undefined && allow(p);
      });
      if (wide.length >= k || breadth === store.size) return wide.slice(0, k);
      return store.searchVector(vector, k, (doc: Document) => {
        const p = byId.get(String(doc.metadata.id));
        return p !== undefined && allow(p);
      });
    },
  };
}

/** Reads and verifies one saved build; throws CorruptIndexError when anything does not match its manifest. */
async function readManifest(dir: string): Promise<Manifest> {
  try {
    return ManifestSchema.parse(JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')));
  } catch (err) {
    throw new CorruptIndexError(`unreadable manifest in ${dir}: ${(err as Error).message}`);
  }
}

export async function loadBuild(dir: string, embeddings: ModelEmbeddings): Promise<LoadedIndex> {
  const manifest = await readManifest(dir);
  if (manifest.model !== embeddings.modelId) {
    throw new IndexMismatchError(`index built with ${manifest.model}, configured model is ${embeddings.modelId}`);
  }
  const buffers = await Promise.all(DATA_FILES.map(async (name) => {
    try {
      return await readFile(join(dir, name));
    } catch {
      throw new CorruptIndexError(`missing ${name} in ${dir}`);
    }
  }));
  // The checksums run on libuv's thread pool (Web Crypto) while this thread parses; nothing is
  // served before they pass, and a file that fails to parse is reported by its checksum first.
  const verified = Promise.all(DATA_FILES.map(async (name, i) => {
    if ((await sha256Hex(buffers[i] as Buffer)) !== manifest.files[name]) throw new CorruptIndexError(`checksum mismatch for ${name} in ${dir}`);
  }));
  verified.catch(() => undefined);
  const text = (name: string) => decodeIndexText(buffers[DATA_FILES.indexOf(name)] ?? Buffer.alloc(0));
  let documents: ReportDocument[];
  let paragraphs: Paragraph[];
  let lexicalData: LexicalData;
  let store: HnswVectorStore;
  try {
    const vectors = HnswVectorStore.load(dir, embeddings);
    vectors.catch(() => undefined);
    documents = z.array(DocumentSchema).parse(JSON.parse(text('documents.json')));
    paragraphs = text('paragraphs.jsonl').split('\n').filter(Boolean).map((l) => ParagraphSchema.parse(JSON.parse(l)));
    lexicalData = unpackLexical(text('lexical.json'), buffers[DATA_FILES.indexOf('postings.bin')] as Buffer);
    if (paragraphs.length !== manifest.counts.paragraphs || lexicalData.bm25.lengths.length !== paragraphs.length) {
      throw new CorruptIndexError(`paragraph counts disagree in ${dir}`);
    }
    store = await vectors;
  } catch (err) {
    await verified;
    throw err instanceof CorruptIndexError ? err : new CorruptIndexError((err as Error).message);
  }
  await verified;
  const byId = new Map(paragraphs.map((p) => [p.id, p]));
  return {
    dir,
    manifest,
    documents,
    paragraphs,
    lexical: new LexicalIndex(lexicalData, jiebaSegmenter(lexicalData.vocabulary)),
    dense: denseSearch(store, embeddings, byId),
    vectors: store,
  };
}

/** Builds an index of the corpus in a fresh directory under indexDir and makes it current. */
export async function buildIndex(opts: IndexOptions, corpus?: Corpus): Promise<LoadedIndex> {
  const started = performance.now();
  const progress = opts.onProgress ?? (() => {});
  const c = corpus ?? (await loadCorpus(opts.corpusDir));
  for (const s of c.skipped) opts.log?.(`skipped ${s.file}: ${s.reason}`);
  await mkdir(opts.indexDir, { recursive: true });
  const name = `build-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const tmp = join(opts.indexDir, `.${name}.partial`);
  await mkdir(tmp, { recursive: true });

  const docsById = new Map(c.documents.map((d) => [d.id, d]));
  const cached = new CachedEmbeddings(opts.embeddings, embedCachePath(opts.indexDir, opts.embeddings.modelId));
  await cached.load();
  const texts = c.paragraphs.map((p) => embeddingText(p, docsById.get(p.docId) as ReportDocument));
  const vectors: number[][] = [];
  // Large enough to keep every model worker busy; each one is appended to the cache as it completes.
  const batch = 256;
  const embedStart = performance.now();
  let lastLine = embedStart;
  for (let i = 0; i < texts.length; i += batch) {
    vectors.push(...(await cached.embedDocuments(texts.slice(i, i + batch))));
    const done = Math.min(i + batch, texts.length);
    progress({ stage: 'embed', done, total: texts.length });
    const now = performance.now();
    // A terminal shows the caller's live progress; a log (service, CI) gets a line every few seconds.
    if (!process.stdout.isTTY && now - lastLine >= PROGRESS_EVERY_MS && done < texts.length) {
      lastLine = now;
      const rate = cached.embeddedCount / ((now - embedStart) / 1000);
      opts.log?.(`embedding: ${done}/${texts.length} paragraphs, ${cached.embeddedCount} by the model at ${rate.toFixed(1)}/s`);
    }
  }
  await cached.flush();
  opts.log?.(`embedded ${cached.embeddedCount} paragraphs, ${cached.hitCount} from cache`);

  const dimensions = vectors[0]?.length ?? 1;
  const store = new HnswVectorStore(opts.embeddings, { dimensions, initialCapacity: Math.max(16, vectors.length) });
  if (vectors.length) {
    await store.addVectors(vectors, c.paragraphs.map((p) => new Document({ pageContent: p.simplified, metadata: { id: p.id } })));
  }
  progress({ stage: 'vectors', done: vectors.length, total: vectors.length });
  const vocabulary = corpusVocabulary(c.documents, c.paragraphs);
  const lexical = buildLexical(c.paragraphs, vocabulary, jiebaSegmenter(vocabulary));
  progress({ stage: 'lexical', done: c.paragraphs.length, total: c.paragraphs.length });

  await store.save(tmp);
  await writeFile(join(tmp, 'documents.json'), encodeIndexText(JSON.stringify(c.documents)));
  await writeFile(join(tmp, 'paragraphs.jsonl'), encodeIndexText(c.paragraphs.map((p) => JSON.stringify(p)).join('\n')));
  const packed = packLexical(lexical);
  await writeFile(join(tmp, 'lexical.json'), encodeIndexText(packed.json));
  await writeFile(join(tmp, 'postings.bin'), packed.bytes);
  const files: Record<string, string> = {};
  for (const f of DATA_FILES) {
    files[f] = await sha256Hex(await readFile(join(tmp, f)));
    await fsyncFile(join(tmp, f));
  }
  const manifest: Manifest = {
    pipelineVersion: PIPELINE_VERSION,
    corpusHash: c.hash,
    model: opts.embeddings.modelId,
    dimensions,
    counts: { documents: c.documents.length, paragraphs: c.paragraphs.length, skipped: c.skipped.length },
    skipped: c.skipped,
    files,
    createdAt: new Date().toISOString(),
    buildMs: Math.round(performance.now() - started),
  };
  await writeFile(join(tmp, MANIFEST), JSON.stringify(manifest, null, 2));
  await fsyncFile(join(tmp, MANIFEST));
  await rename(tmp, join(opts.indexDir, name));
  const pointerTmp = join(opts.indexDir, `.${POINTER}.${name}.tmp`);
  await writeFile(pointerTmp, name);
  await fsyncFile(pointerTmp);
  await rename(pointerTmp, join(opts.indexDir, POINTER));
  await removeStaleBuilds(opts.indexDir, name);
  return loadBuild(join(opts.indexDir, name), opts.embeddings);
}

/** Old builds and abandoned partial ones; the current build is kept. */
async function removeStaleBuilds(indexDir: string, keep: string): Promise<void> {
  for (const entry of await readdir(indexDir)) {
    if ((entry.startsWith('build-') || entry.startsWith('.build-')) && entry !== keep) {
      await rm(join(indexDir, entry), { recursive: true, force: true });
    }
  }
}

export async function currentBuildDir(indexDir: string): Promise<string | null> {
  try {
    const name = (await readFile(join(indexDir, POINTER), 'utf8')).trim();
    return /^build-[a-z0-9-]+$/.test(name) ? join(indexDir, name) : null;
  } catch {
    return null;
  }
}

/**
 * The index to serve: the current build when it is whole and matches the
 * corpus, the model and the pipeline; otherwise a fresh build.
 */
export async function openIndex(opts: IndexOptions): Promise<LoadedIndex & { rebuilt: boolean; reason: string }> {
  // The corpus is hashed while the saved build loads: on two cores the two overlap, and a build that
  // turns out not to match is dropped (a rebuild follows, which takes far longer than the load).
  const hashing = corpusHash(opts.corpusDir);
  hashing.catch(() => undefined);
  const dir = await currentBuildDir(opts.indexDir);
  let reason = 'no saved index';
  if (dir) {
    try {
      const manifest = await readManifest(dir);
      if (manifest.pipelineVersion !== PIPELINE_VERSION) reason = 'pipeline changed';
      else {
        const loading = loadBuild(dir, opts.embeddings);
        loading.catch(() => undefined);
        if (manifest.corpusHash !== (await hashing)) reason = 'corpus changed';
        else return { ...(await loading), rebuilt: false, reason: 'loaded' };
      }
    } catch (err) {
      reason = (err as Error).message;
    }
  }
  await hashing;
  opts.log?.(`building index: ${reason}`);
  return { ...(await buildIndex(opts)), rebuilt: true, reason };
}
