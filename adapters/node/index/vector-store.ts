/**
 * A LangChain VectorStore over hnswlib-node (HNSW, cosine space), persisted as
 * `vectors.hnsw` (hnswlib's own format) + `docstore.json` (documents in label order).
 */
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Document, type DocumentInterface } from '@langchain/core/documents';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { VectorStore } from '@langchain/core/vectorstores';
import hnswlib from 'hnswlib-node';
import { z } from 'zod';
import { decodeIndexText, encodeIndexText } from './text-file.js';

const { HierarchicalNSW } = hnswlib;
type HNSW = InstanceType<typeof HierarchicalNSW>;

export const INDEX_FILE = 'vectors.hnsw';
export const DOCSTORE_FILE = 'docstore.json';

/** Filter on stored documents; return true to keep. */
export type DocFilter = (doc: Document) => boolean;

export interface HnswVectorStoreOptions {
  /** Vector dimension; if omitted, taken from the first vectors added. */
  dimensions?: number;
  /** Initial capacity (grows automatically). Default 1024. */
  initialCapacity?: number;
  /** HNSW M (default 16). */
  m?: number;
  /** HNSW efConstruction (default 200). */
  efConstruction?: number;
  /** Search breadth (default 128, never below 64, raised to k when k is larger). */
  efSearch?: number;
}

const DocstoreSchema = z.object({
  version: z.literal(1),
  space: z.literal('cosine'),
  dimensions: z.number().int().positive().nullable(),
  count: z.number().int().nonnegative(),
  m: z.number().int().positive().optional(),
  efConstruction: z.number().int().positive().optional(),
  docs: z.array(z.object({ pageContent: z.string(), metadata: z.record(z.string(), z.unknown()) })),
});
type Docstore = z.infer<typeof DocstoreSchema>;

interface VectorTable {
  /** Label `l`'s vector at `[l * dims, (l + 1) * dims)`. */
  data: Float32Array;
  norms: Float64Array;
  dims: number;
}

/** Vectors copied between two turns of the event loop while a loaded store reads them into memory. */
const TABLE_CHUNK = 2000;

/** hnswlib's file header: sizes of size_t but for the level (int) and the entry point (uint32) at 48 and 52. */
const HNSW_HEADER = 96;

/**
 * Starts hnswlib reading a saved index, its dimensions taken from the file's header (an element's
 * vector is what lies between its links and its label). Null when the header does not read as one;
 * the caller then reads the index the usual way and reports what is wrong.
 */
async function readIndexEarly(indexPath: string): Promise<{ dims: number; index: Promise<HNSW> } | null> {
  let header: Buffer;
  try {
    const file = await open(indexPath, 'r');
    try {
      header = Buffer.alloc(HNSW_HEADER);
      if ((await file.read(header, 0, HNSW_HEADER, 0)).bytesRead < HNSW_HEADER) return null;
    } finally {
      await file.close();
    }
  } catch {
    return null;
  }
  const labelOffset = Number(header.readBigUInt64LE(32));
  const dataOffset = Number(header.readBigUInt64LE(40));
  const dims = (labelOffset - dataOffset) / 4;
  if (!Number.isInteger(dims) || dims <= 0 || dims > 65536) return null;
  const index = new HierarchicalNSW('cosine', dims);
  const read = index.readIndex(indexPath, false).then(() => index);
  read.catch(() => undefined);
  return { dims, index: read };
}

/**
 * The dot product of q and the vector stored at `base`: four running sums, which V8 keeps in registers (about
 * twice as fast as one sum over 512 dimensions). Every scoring path uses it, so their scores agree to the bit.
 */
function dotAt(data: Float32Array, base: number, q: Float32Array): number {
  let d0 = 0;
  let d1 = 0;
  let d2 = 0;
  let d3 = 0;
  let i = 0;
  for (; i + 3 < q.length; i += 4) {
    d0 += (data[base + i] as number) * (q[i] as number);
    d1 += (data[base + i + 1] as number) * (q[i + 1] as number);
    d2 += (data[base + i + 2] as number) * (q[i + 2] as number);
    d3 += (data[base + i + 3] as number) * (q[i + 3] as number);
  }
  for (; i < q.length; i++) d0 += (data[base + i] as number) * (q[i] as number);
  return d0 + d1 + d2 + d3;
}

function corrupt(dir: string, why: string): Error {
  return new Error(`corrupt vector index: ${why} (in ${dir})`);
}

export class HnswVectorStore extends VectorStore {
  declare FilterType: DocFilter;

  private index: HNSW | null = null;
  private dims: number | null;
  /** Documents by label. */
  private docs: Document[] = [];
  /** The label of each id. */
  private byId = new Map<string, number>();
  /** Vectors read back from hnswlib by `scoreIds`, by label (the index never changes once built). */
  private readonly points = new Map<number, { vector: Float32Array; norm: number }>();
  /** Every stored vector by label, read from the saved file after `load`; `point` serves until it is read. */
  private table: VectorTable | null = null;
  private tableRead: Promise<void> = Promise.resolve();
  private readonly initialCapacity: number;
  private readonly m: number;
  private readonly efConstruction: number;
  private readonly efSearch: number;

  constructor(embeddings: EmbeddingsInterface, options: HnswVectorStoreOptions = {}) {
    super(embeddings, options);
    this.dims = options.dimensions ?? null;
    this.initialCapacity = Math.max(1, options.initialCapacity ?? 1024);
    this.m = options.m ?? 16;
    this.efConstruction = options.efConstruction ?? 200;
    this.efSearch = Math.max(64, options.efSearch ?? 128);
  }

  _vectorstoreType(): string {
    return 'hnswlib-node';
  }

  /** Number of documents. */
  get size(): number {
    return this.byId.size;
  }

  private ensureIndex(dims: number, needed: number): HNSW {
    if (!this.index) {
      const index = new HierarchicalNSW('cosine', dims);
      index.initIndex({
        maxElements: Math.max(this.initialCapacity, needed),
        m: this.m,
        efConstruction: this.efConstruction,
      });
      this.index = index;
    } else if (needed > this.index.getMaxElements()) {
      this.index.resizeIndex(Math.max(needed, Math.ceil(this.index.getMaxElements() * 1.5)));
    }
    return this.index;
  }

  /** Add precomputed vectors. Each document needs a string `metadata.id`, new to the store. Returns the ids. */
  async addVectors(vectors: number[][], documents: DocumentInterface[]): Promise<string[]> {
    if (vectors.length !== documents.length) {
      throw new Error(`addVectors: ${vectors.length} vectors for ${documents.length} documents`);
    }
    if (vectors.length === 0) return [];
    const dims = this.dims ?? vectors[0]!.length;
    const ids = documents.map((d, i) => {
      const id: unknown = d.metadata?.id;
      if (typeof id !== 'string' || id === '') {
        throw new Error(`addVectors: document ${i} has no string metadata.id`);
      }
      const v = vectors[i]!;
      if (v.length !== dims) throw new Error(`addVectors: vector ${i} has ${v.length} dims, expected ${dims}`);
      if (this.byId.has(id)) throw new Error(`addVectors: id ${id} is already stored`);
      return id;
    });
    const index = this.ensureIndex(dims, this.docs.length + vectors.length);
    this.dims = dims;
    for (let i = 0; i < vectors.length; i++) {
      const id = ids[i]!;
      const doc = documents[i]!;
      const label = this.docs.length;
      index.addPoint(vectors[i]!, label);
      this.docs.push(new Document({ pageContent: doc.pageContent, metadata: { ...doc.metadata }, id }));
      this.byId.set(id, label);
    }
    return ids;
  }

  async addDocuments(documents: DocumentInterface[]): Promise<string[]> {
    const vectors = await this.embeddings.embedDocuments(documents.map((d) => d.pageContent));
    return this.addVectors(vectors, documents);
  }

  private searchLabels(query: number[], k: number, filter?: DocFilter): { label: number; score: number }[] {
    const index = this.index;
    if (!index || this.byId.size === 0 || k <= 0) return [];
    if (query.length !== this.dims) {
      throw new Error(`search: query has ${query.length} dims, index has ${this.dims}`);
    }
    const kk = Math.min(Math.floor(k), this.byId.size);
    index.setEf(Math.max(this.efSearch, kk));
    const res = filter
      ? index.searchKnn(query, kk, (label: number) => {
          const doc = this.docs[label];
          return doc !== undefined && filter(doc);
        })
      : index.searchKnn(query, kk);
    return res.neighbors.map((label, i) => ({ label, score: 1 - res.distances[i]! }));
  }

  async similaritySearchVectorWithScore(
    query: number[],
    k: number,
    filter?: DocFilter,
  ): Promise<[Document, number][]> {
    return this.searchLabels(query, k, filter).flatMap(({ label, score }) => {
      const doc = this.docs[label];
      if (!doc) return [];
      const copy = new Document({ pageContent: doc.pageContent, metadata: { ...doc.metadata }, id: doc.id });
      return [[copy, score] as [Document, number]];
    });
  }

  /**
   * Exact cosine similarity against the given ids only. Where a filter keeps a
   * small share of a large index, HNSW must wander through most of the graph to
   * find k that pass; scoring the few candidates directly is faster and exact.
   */
  scoreIds(query: number[], ids: Iterable<string>, k: number): { id: string; score: number }[] {
    if (!this.index) return [];
    const q = Float32Array.from(query);
    let qn = 0;
    for (const x of q) qn += x * x;
    qn = Math.sqrt(qn) || 1;
    const out: { id: string; score: number }[] = [];
    for (const id of ids) {
      const label = this.byId.get(id);
      if (label === undefined) continue;
      const table = this.table;
      let dot: number;
      let norm: number;
      if (table) {
        dot = dotAt(table.data, label * table.dims, q);
        norm = table.norms[label] as number;
      } else {
        const p = this.point(label);
        dot = dotAt(p.vector, 0, q);
        norm = p.norm;
      }
      out.push({ id, score: dot / (qn * norm) });
    }
    return out.sort((a, b) => b.score - a.score).slice(0, k);
  }

  /**
   * A stored vector and its norm, copied out of hnswlib once: `getPoint` builds a new JS array of
   * every component at each call, which made it most of the cost of scoring a report's paragraphs.
   */
  private point(label: number): { vector: Float32Array; norm: number } {
    let p = this.points.get(label);
    if (!p) {
      const vector = Float32Array.from((this.index as HNSW).getPoint(label));
      let vn = 0;
      for (let i = 0; i < vector.length; i++) vn += (vector[i] as number) * (vector[i] as number);
      p = { vector, norm: Math.sqrt(vn) || 1 };
      this.points.set(label, p);
    }
    return p;
  }

  /**
   * Reads every vector out of a saved `vectors.hnsw` in one pass (hnswlib's level-0 block: per element its
   * links, its vector, its label), so `scoreIds` needs no `getPoint` call: at 50,000 paragraphs, with each
   * question naming a different place, copying vectors out one call at a time was most of an ask's CPU.
   * Scores are the same: the same float32 components, the same norms. A file not laid out as expected is
   * left alone and `point` keeps serving.
   */
  private async readTable(indexPath: string): Promise<void> {
    const index = this.index;
    const dims = this.dims;
    if (!index || dims === null) return;
    const read = await readFile(indexPath);
    // hnswlib writes its memory as it is (native byte order, 4-byte aligned floats): read in place from an aligned copy.
    const bytes = read.byteOffset % 4 === 0 ? read : new Uint8Array(read);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const size = (offset: number) => Number(view.getBigUint64(offset, true));
    if (bytes.byteLength < HNSW_HEADER) return;
    const count = size(16);
    const perElement = size(24);
    const labelOffset = size(32);
    const dataOffset = size(40);
    if (count !== this.docs.length || count !== index.getCurrentCount() || labelOffset !== dataOffset + dims * 4 || perElement < labelOffset + 8 || perElement % 4 !== 0 || dataOffset % 4 !== 0) return;
    if (HNSW_HEADER + count * perElement > bytes.byteLength) return;
    const data = new Float32Array(count * dims);
    const norms = new Float64Array(count);
    for (let e = 0; e < count; e++) {
      // A few thousand vectors at a time, so asks arriving meanwhile are not held up behind the whole index.
      if (e % TABLE_CHUNK === TABLE_CHUNK - 1) await new Promise((resolve) => setImmediate(resolve));
      const at = HNSW_HEADER + e * perElement;
      const label = size(at + labelOffset);
      if (label >= count) return;
      const vector = new Float32Array(bytes.buffer, bytes.byteOffset + at + dataOffset, dims);
      data.set(vector, label * dims);
      let vn = 0;
      for (let i = 0; i < dims; i++) vn += (vector[i] as number) * (vector[i] as number);
      norms[label] = Math.sqrt(vn) || 1;
    }
    if (this.index === index) this.table = { data, norms, dims };
  }

  /** Whether `scoreIds` reads the vectors from memory (a loaded store, once it has read them) rather than out of hnswlib. */
  get vectorsInMemory(): boolean {
    return this.table !== null;
  }

  /** Resolves once a loaded store has read its vectors into memory, with `vectorsInMemory`. */
  async vectorsRead(): Promise<boolean> {
    await this.tableRead;
    return this.vectorsInMemory;
  }

  /** Nearest paragraph ids with cosine similarity, best first. */
  searchVector(query: number[], k: number, filter?: DocFilter): { id: string; score: number }[] {
    return this.searchLabels(query, k, filter).flatMap(({ label, score }) => {
      const doc = this.docs[label];
      return doc ? [{ id: doc.metadata.id as string, score }] : [];
    });
  }

  /** Write `vectors.hnsw` and `docstore.json` into `dir` (created if missing). */
  async save(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true });
    const indexPath = path.join(dir, INDEX_FILE);
    const storePath = path.join(dir, DOCSTORE_FILE);
    if (!this.index && this.dims !== null) this.ensureIndex(this.dims, 1);
    if (this.index) {
      const tmp = `${indexPath}.tmp-${process.pid}`;
      await this.index.writeIndex(tmp);
      await rename(tmp, indexPath);
    } else {
      await rm(indexPath, { force: true });
    }
    const store: Docstore = {
      version: 1,
      space: 'cosine',
      dimensions: this.dims,
      count: this.docs.length,
      m: this.m,
      efConstruction: this.efConstruction,
      docs: this.docs.map((d) => ({ pageContent: d.pageContent, metadata: d.metadata })),
    };
    const tmp = `${storePath}.tmp-${process.pid}`;
    await writeFile(tmp, encodeIndexText(JSON.stringify(store)));
    await rename(tmp, storePath);
  }

  /** Read a store written by `save`. Throws `corrupt vector index: …` if files are missing or disagree. */
  static async load(
    dir: string,
    embeddings: EmbeddingsInterface,
    options: Omit<HnswVectorStoreOptions, 'dimensions' | 'm' | 'efConstruction'> = {},
  ): Promise<HnswVectorStore> {
    const indexPath = path.join(dir, INDEX_FILE);
    const storePath = path.join(dir, DOCSTORE_FILE);
    // hnswlib reads its file on a thread of its own while this one parses the document list.
    const early = await readIndexEarly(indexPath);
    let raw: string;
    try {
      raw = decodeIndexText(await readFile(storePath));
    } catch (e) {
      throw corrupt(dir, `cannot read ${DOCSTORE_FILE}: ${(e as Error).message}`);
    }
    let store: Docstore;
    try {
      store = DocstoreSchema.parse(JSON.parse(raw));
    } catch (e) {
      throw corrupt(dir, `invalid ${DOCSTORE_FILE}: ${(e as Error).message.slice(0, 200)}`);
    }
    if (store.docs.length !== store.count) {
      throw corrupt(dir, `${DOCSTORE_FILE} lists ${store.docs.length} documents but count is ${store.count}`);
    }
    const vs = new HnswVectorStore(embeddings, {
      ...options,
      ...(store.dimensions !== null ? { dimensions: store.dimensions } : {}),
      ...(store.m ? { m: store.m } : {}),
      ...(store.efConstruction ? { efConstruction: store.efConstruction } : {}),
    });
    if (store.dimensions === null) {
      if (store.count !== 0) throw corrupt(dir, `${DOCSTORE_FILE} has documents but no dimensions`);
      return vs;
    }
    if (!existsSync(indexPath)) throw corrupt(dir, `${INDEX_FILE} is missing`);
    let index: HNSW;
    try {
      if (early?.dims === store.dimensions) index = await early.index;
      else {
        index = new HierarchicalNSW('cosine', store.dimensions);
        await index.readIndex(indexPath, false);
      }
    } catch (e) {
      throw corrupt(dir, `cannot read ${INDEX_FILE}: ${(e as Error).message}`);
    }
    if (index.getNumDimensions() !== store.dimensions) {
      throw corrupt(dir, `${INDEX_FILE} has ${index.getNumDimensions()} dims, ${DOCSTORE_FILE} says ${store.dimensions}`);
    }
    if (index.getCurrentCount() !== store.count) {
      throw corrupt(dir, `${INDEX_FILE} holds ${index.getCurrentCount()} vectors, ${DOCSTORE_FILE} lists ${store.count}`);
    }
    vs.index = index;
    store.docs.forEach((d, label) => {
      const id = d.metadata.id;
      if (typeof id !== 'string') throw corrupt(dir, `document ${label} has no string metadata.id`);
      const prev = vs.byId.get(id);
      if (prev !== undefined) throw corrupt(dir, `id ${id} appears twice (labels ${prev} and ${label})`);
      vs.docs.push(new Document({ pageContent: d.pageContent, metadata: d.metadata, id }));
      vs.byId.set(id, label);
    });
    // After start-up, not on its way: until the vectors are read, `scoreIds` copies them out one by one.
    vs.tableRead = vs.readTable(indexPath).catch(() => undefined);
    return vs;
  }
}
