import { execFile } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Document } from '@langchain/core/documents';
import { Embeddings } from '@langchain/core/embeddings';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CachedEmbeddings,
  createEmbeddings,
  EmbeddingsConfigSchema,
  LocalEmbeddings,
} from '../adapters/node/index/embeddings.js';
import { HnswVectorStore } from '../adapters/node/index/vector-store.js';
import { decodeIndexText } from '../adapters/node/index/text-file.js';

const MODEL_DIR = fileURLToPath(new URL('../models/bge-small-zh-v1.5', import.meta.url));

const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);
const norm = (a: number[]) => Math.sqrt(dot(a, a));

/** Deterministic fake embeddings: a pseudo-random unit vector per text. */
class FakeEmbeddings extends Embeddings {
  calls = 0;
  constructor(
    readonly modelId: string,
    readonly dims = 16,
  ) {
    super({});
  }
  vec(text: string): number[] {
    let h = 2166136261;
    for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619) >>> 0;
    const v: number[] = [];
    for (let i = 0; i < this.dims; i++) {
      h = Math.imul(h ^ (h >>> 15), 2246822507) >>> 0;
      h = Math.imul(h ^ (h >>> 13), 3266489909) >>> 0;
      v.push(((h >>> 0) / 2 ** 32) * 2 - 1);
    }
    const n = norm(v);
    return v.map((x) => x / n);
  }
  async embedDocuments(texts: string[]) {
    this.calls++;
    return texts.map((t) => this.vec(t));
  }
  async embedQuery(text: string) {
    return this.vec(text);
  }
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'index-embeddings-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('LocalEmbeddings (real bge-small-zh-v1.5)', () => {
  const emb = new LocalEmbeddings({ modelDir: MODEL_DIR, workers: 2, batchWaitMs: 2, maxBatch: 4 });
  afterAll(() => emb.close());

  it('knows its model id without loading', () => {
    expect(emb.modelId).toBe('local:bge-small-zh-v1.5');
    expect(emb.dimensions).toBe(512);
  });

  it('returns 512-dim unit vectors in input order; concurrent first calls share one load', async () => {
    const texts = ['月亮岛街道2021年共调解矛盾纠纷691件', '短', '古美路街道可全程网办的事项有53项，较上年增加'];
    const [a, b, c] = await Promise.all([emb.embedDocuments(texts), emb.embedQuery(texts[1]!), emb.load()]);
    void c;
    expect(a).toHaveLength(3);
    for (const v of a) {
      expect(Array.isArray(v)).toBe(true);
      expect(v).toHaveLength(512);
      expect(norm(v)).toBeCloseTo(1, 4);
    }
    // Order is preserved, and a text gets the very vector it gets alone: each is its own forward pass.
    expect(a[1]).toEqual(b);
  });

  it('concurrent queries share messages to the workers and get exactly the vectors they get alone', async () => {
    const questions = Array.from({ length: 24 }, (_, i) => `第${i}个问题：街道${2016 + (i % 9)}年调解了多少件矛盾纠纷？`);
    const alone: number[][] = [];
    for (const q of questions.slice(0, 6)) alone.push(await emb.embedQuery(q));
    const before = { ...emb.pool.stats };
    const together = await Promise.all(questions.map((q) => emb.embedQuery(q)));
    expect(together.slice(0, 6)).toEqual(alone);
    expect(emb.pool.stats.texts - before.texts).toBe(24);
    expect(emb.pool.stats.batches - before.batches).toBeLessThan(24);
  });

  it('keeps a process alive only while it has work', async () => {
    const script = path.join(tmp, 'embed-once.mts');
    writeFileSync(script, `import { LocalEmbeddings } from ${JSON.stringify(fileURLToPath(new URL('../adapters/node/index/embeddings.ts', import.meta.url)))};
const e = new LocalEmbeddings({ modelDir: ${JSON.stringify(MODEL_DIR)}, workers: 1 });
const v = await e.embedQuery('法治');
console.log(v.length);\n`);
    // The process ends by itself once the answer is printed: idle workers do not hold it open.
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], { timeout: 60_000 });
    expect(stdout.trim()).toBe('512');
  });

  it('ranks the relevant paragraph above an unrelated one', async () => {
    const [q, rel, other] = await emb.embedDocuments([
      '月亮岛街道调解了多少矛盾纠纷',
      '月亮岛街道2021年共调解矛盾纠纷691件',
      '古美路街道可全程网办的事项有53项',
    ]);
    expect(dot(q!, rel!)).toBeGreaterThan(dot(q!, other!));
  });

  it('handles traditional-script queries', async () => {
    const q = await emb.embedQuery('法律顧問審查了多少份文件');
    const [rel, other] = await emb.embedDocuments(['法律顾问共参与审查各类文件30余份', '今年夏天雨水较多，农作物长势良好']);
    expect(dot(q, rel!)).toBeGreaterThan(dot(q, other!));
  });

  it('embeds ~100 paragraphs of ~200 characters (timing)', async () => {
    // real report text, cut into 200-character paragraphs
    const corpus = ['yueliangdao-2021', 'gumeilu-2020', 'xiyingmen-2022', 'guojiatuo-2024', 'zhishan-2020']
      .map((f) => readFileSync(fileURLToPath(new URL(`../corpus/${f}.txt`, import.meta.url)), 'utf8').replace(/\s+/g, ''))
      .join('');
    const step = Math.min(200, Math.floor((corpus.length - 200) / 100));
    const texts = Array.from({ length: 100 }, (_, i) => corpus.slice(i * step, i * step + 200));
    expect(texts.every((t) => t.length === 200)).toBe(true);
    const t0 = performance.now();
    const vecs = await emb.embedDocuments(texts);
    const ms = performance.now() - t0;
    console.log(`[timing] embedded ${texts.length} × ~${texts[0]!.length} chars in ${ms.toFixed(0)} ms (${((texts.length / ms) * 1000).toFixed(1)}/s, ${emb.pool.size} workers)`);
    expect(vecs).toHaveLength(100);
  });

  it('a free worker waits up to batchWaitMs for company, then sends what came in one message', async () => {
    const waiting = new LocalEmbeddings({ modelDir: MODEL_DIR, workers: 1, batchWaitMs: 30, maxBatch: 8 });
    await waiting.load();
    const before = waiting.pool.stats.batches;
    const texts = ['一', '二', '三', '四', '五'].map((t) => `${t}号问题`);
    const vectors = await Promise.all(texts.map((t) => waiting.embedQuery(t)));
    expect(waiting.pool.stats.batches - before).toBe(1);
    expect(vectors[2]).toEqual(await emb.embedQuery(texts[2]!));
    await waiting.close();
  });

  it('a model that fails to load rejects what waits for it, and the next call starts afresh', async () => {
    const broken = path.join(tmp, 'broken-model');
    mkdirSync(path.join(broken, 'onnx'), { recursive: true });
    for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json']) {
      writeFileSync(path.join(broken, f), readFileSync(path.join(MODEL_DIR, f)));
    }
    writeFileSync(path.join(broken, 'onnx', 'model_quantized.onnx'), 'not a model');
    const e = new LocalEmbeddings({ modelDir: broken, workers: 1 });
    await expect(Promise.all([e.embedQuery('甲'), e.embedQuery('乙')])).rejects.toThrow();
    await expect(e.embedQuery('丙')).rejects.toThrow();
    writeFileSync(path.join(broken, 'onnx', 'model_quantized.onnx'), readFileSync(path.join(MODEL_DIR, 'onnx', 'model_quantized.onnx')));
    expect(await e.embedQuery('丁')).toHaveLength(512);
    await e.close();
  });

  it('names the directory when the model is missing', async () => {
    const bad = new LocalEmbeddings({ modelDir: path.join(tmp, 'no-such-model') });
    expect(bad.modelId).toBe('local:no-such-model');
    await expect(bad.embedQuery('x')).rejects.toThrow(/no-such-model/);
    const emptyDir = path.join(tmp, 'empty-model');
    mkdirSync(emptyDir, { recursive: true });
    await expect(new LocalEmbeddings({ modelDir: emptyDir }).embedDocuments(['x'])).rejects.toThrow(/model_quantized\.onnx.*empty-model/);
  });
});

describe('createEmbeddings', () => {
  it('builds local and openai providers with model ids', () => {
    const local = createEmbeddings({ provider: 'local', modelDir: MODEL_DIR });
    expect(local).toBeInstanceOf(LocalEmbeddings);
    expect(local.modelId).toBe('local:bge-small-zh-v1.5');
    const oa = createEmbeddings({ provider: 'openai', baseURL: 'http://127.0.0.1:9/v1', model: 'bge-m3', dimensions: 256 });
    expect(oa.modelId).toBe('openai:bge-m3@http://127.0.0.1:9/v1');
    expect(typeof oa.embedDocuments).toBe('function');
    expect(EmbeddingsConfigSchema.safeParse({ provider: 'openai', model: 'x' }).success).toBe(false);
  });
});

describe('CachedEmbeddings', () => {
  const texts = ['甲', '乙', '丙', '丁', '戊'];

  it('embeds only uncached texts and persists across instances', async () => {
    const file = path.join(tmp, 'cache-a', 'embeddings.jsonl');
    const c1 = new CachedEmbeddings(new FakeEmbeddings('fake:a'), file);
    const v1 = await c1.embedDocuments(texts);
    expect(c1.embeddedCount).toBe(5);
    expect(v1).toHaveLength(5);
    expect(await c1.embedDocuments(texts)).toEqual(v1);
    expect(c1.embeddedCount).toBe(5);

    const inner = new FakeEmbeddings('fake:a');
    const c2 = new CachedEmbeddings(inner, file);
    const v2 = await c2.embedDocuments(texts);
    expect(c2.embeddedCount).toBe(0);
    expect(inner.calls).toBe(0);
    expect(v2).toEqual(v1);

    // new + duplicate texts: only the new one is sent, once
    await c2.embedDocuments(['甲', '己', '己']);
    expect(c2.embeddedCount).toBe(1);
  });

  it('never uses a cache written for another model', async () => {
    const file = path.join(tmp, 'cache-b.jsonl');
    const a = new CachedEmbeddings(new FakeEmbeddings('fake:a'), file);
    await a.embedDocuments(texts);
    const b = new CachedEmbeddings(new FakeEmbeddings('fake:b'), file);
    await b.embedDocuments(texts);
    expect(b.embeddedCount).toBe(5);
    const a2 = new CachedEmbeddings(new FakeEmbeddings('fake:a'), file);
    await a2.embedDocuments(texts);
    expect(a2.embeddedCount).toBe(0);
  });

  it('ignores a truncated last record and keeps appending cleanly', async () => {
    const file = path.join(tmp, 'cache-c.jsonl');
    const c1 = new CachedEmbeddings(new FakeEmbeddings('fake:a'), file);
    await c1.embedDocuments(texts);
    const size = readFileSync(file).length;
    truncateSync(file, size - 20); // tear the last record
    const c2 = new CachedEmbeddings(new FakeEmbeddings('fake:a'), file);
    await c2.load();
    expect(c2.size).toBe(4);
    await c2.embedDocuments(texts);
    expect(c2.embeddedCount).toBe(1);
    // garbage line in the middle is skipped too
    appendFileSync(file, '{"m":"fake:a","h":"zz"\n');
    await c2.embedDocuments(['庚']);
    const c3 = new CachedEmbeddings(new FakeEmbeddings('fake:a'), file);
    await c3.embedDocuments([...texts, '庚']);
    expect(c3.embeddedCount).toBe(0);
    expect(c3.skippedRecords).toBe(1);
  });
});

describe('HnswVectorStore', () => {
  const fake = new FakeEmbeddings('fake:a', 32);
  const docs = Array.from(
    { length: 20 },
    (_, i) => new Document({ pageContent: `段落${i}`, metadata: { id: `p${i}`, docId: i % 2 ? 'odd' : 'even' } }),
  );

  it('adds, searches, filters and round-trips through save/load', async () => {
    const vs = new HnswVectorStore(fake);
    expect(vs._vectorstoreType()).toBe('hnswlib-node');
    expect(await vs.addDocuments(docs)).toEqual(docs.map((d) => d.metadata.id));
    expect(vs.size).toBe(20);

    const q = fake.vec('段落7');
    const hits = await vs.similaritySearchVectorWithScore(q, 5);
    expect(hits).toHaveLength(5);
    expect(hits[0]![0].metadata.id).toBe('p7');
    expect(hits[0]![1]).toBeCloseTo(1, 5);
    for (let i = 1; i < hits.length; i++) expect(hits[i]![1]).toBeLessThanOrEqual(hits[i - 1]![1]);

    // filter excludes docs
    const even = await vs.similaritySearchVectorWithScore(q, 5, (d) => d.metadata.docId === 'even');
    expect(even).toHaveLength(5);
    expect(even.every(([d]) => d.metadata.docId === 'even')).toBe(true);
    expect(even.map(([d]) => d.metadata.id)).not.toContain('p7');

    // k larger than the store is clamped
    expect(vs.searchVector(q, 100)).toHaveLength(20);
    expect(vs.searchVector(q, 100, (d) => d.metadata.docId === 'odd')).toHaveLength(10);

    // text search through embeddings
    const [top] = await vs.similaritySearch('段落3', 1);
    expect(top!.metadata.id).toBe('p3');

    const dir = path.join(tmp, 'store-1');
    await vs.save(dir);
    const loaded = await HnswVectorStore.load(dir, fake);
    expect(loaded.size).toBe(20);
    for (const probe of ['段落0', '段落7', '段落19', '无关']) {
      const v = fake.vec(probe);
      expect(loaded.searchVector(v, 5)).toEqual(vs.searchVector(v, 5));
    }
    expect(loaded.searchVector(q, 3, (d) => d.metadata.docId === 'even')).toEqual(
      vs.searchVector(q, 3, (d) => d.metadata.docId === 'even'),
    );
    const [d0] = (await loaded.similaritySearchVectorWithScore(q, 1))[0]!;
    expect(d0.pageContent).toBe('段落7');
    expect(d0.metadata).toEqual({ id: 'p7', docId: 'odd' });
  });

  it('scores given ids by exact cosine, the same on every call', async () => {
    const vs = new HnswVectorStore(fake);
    await vs.addDocuments(docs);
    const q = fake.vec('段落7');
    const ids = ['p3', 'p7', 'p11', 'nope'];
    const first = vs.scoreIds(q, ids, 10);
    expect(first.map((h) => h.id)[0]).toBe('p7');
    expect(first).toHaveLength(3);
    for (const h of first) expect(h.score).toBeCloseTo(dot(q, fake.vec(`段落${h.id.slice(1)}`)), 5);
    expect(vs.scoreIds(q, ids, 10)).toEqual(first);
    expect(vs.scoreIds(q, ids, 1)).toEqual(first.slice(0, 1));
  });

  it('refuses an id it already holds', async () => {
    const vs = new HnswVectorStore(fake);
    await vs.addDocuments(docs);
    await expect(vs.addVectors([fake.vec('新内容')], [new Document({ pageContent: '新内容', metadata: { id: 'p7' } })])).rejects.toThrow(/already stored/);
    expect(vs.size).toBe(20);
  });

  it('grows beyond its initial capacity', async () => {
    const vs = new HnswVectorStore(fake, { initialCapacity: 4 });
    await vs.addDocuments(docs.slice(0, 3));
    await vs.addDocuments(docs.slice(3));
    for (let i = 0; i < 50; i++) {
      await vs.addVectors([fake.vec(`额外${i}`)], [new Document({ pageContent: `额外${i}`, metadata: { id: `x${i}` } })]);
    }
    expect(vs.size).toBe(70);
    expect(vs.searchVector(fake.vec('额外42'), 1)[0]!.id).toBe('x42');
    expect(vs.searchVector(fake.vec('段落1'), 1)[0]!.id).toBe('p1');
  });

  it('reports a corrupt index on load', async () => {
    const vs = new HnswVectorStore(fake);
    await vs.addDocuments(docs);

    const d1 = path.join(tmp, 'corrupt-1');
    await vs.save(d1);
    unlinkSync(path.join(d1, 'vectors.hnsw'));
    await expect(HnswVectorStore.load(d1, fake)).rejects.toThrow(/^corrupt vector index:/);

    const d2 = path.join(tmp, 'corrupt-2');
    await vs.save(d2);
    const store = path.join(d2, 'docstore.json');
    truncateSync(store, Math.floor(readFileSync(store).length / 2));
    await expect(HnswVectorStore.load(d2, fake)).rejects.toThrow(/^corrupt vector index:/);

    const d3 = path.join(tmp, 'corrupt-3');
    await vs.save(d3);
    const json = JSON.parse(decodeIndexText(readFileSync(path.join(d3, 'docstore.json'))));
    json.docs.pop();
    json.count -= 1;
    writeFileSync(path.join(d3, 'docstore.json'), JSON.stringify(json));
    await expect(HnswVectorStore.load(d3, fake)).rejects.toThrow(/^corrupt vector index:/);

    const d4 = path.join(tmp, 'corrupt-4');
    await vs.save(d4);
    const idx = path.join(d4, 'vectors.hnsw');
    truncateSync(idx, Math.floor(readFileSync(idx).length / 2));
    await expect(HnswVectorStore.load(d4, fake)).rejects.toThrow(/^corrupt vector index:/);

    await expect(HnswVectorStore.load(path.join(tmp, 'nothing-here'), fake)).rejects.toThrow(/^corrupt vector index:/);
  });

  it('writes its documents as UTF-16LE (fast to decode) and still reads a UTF-8 copy', async () => {
    const vs = new HnswVectorStore(fake);
    await vs.addDocuments(docs);
    const dir = path.join(tmp, 'utf16');
    await vs.save(dir);
    const file = path.join(dir, 'docstore.json');
    expect([...readFileSync(file).subarray(0, 2)]).toEqual([0xff, 0xfe]);
    writeFileSync(file, decodeIndexText(readFileSync(file)), 'utf8');
    const loaded = await HnswVectorStore.load(dir, fake);
    expect(loaded.size).toBe(docs.length);
    expect(loaded.searchVector(fake.vec('段落1'), 1)[0]!.id).toBe('p1');
  });

  it('saves and loads an empty store', async () => {
    const dir = path.join(tmp, 'empty');
    await new HnswVectorStore(fake).save(dir);
    const loaded = await HnswVectorStore.load(dir, fake);
    expect(loaded.size).toBe(0);
    expect(loaded.searchVector(fake.vec('x'), 3)).toEqual([]);
  });
});
