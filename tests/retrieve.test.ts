import { readFile, readdir, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { Bm25, buildBm25, documentsWithAll, type Bm25Data } from '../src/retrieve/bm25.js';
import { buildLexical, LexicalIndex } from '../src/retrieve/lexical.js';
import { corpusVocabulary } from '../src/retrieve/vocabulary.js';
import { jiebaSegmenter } from '../adapters/node/index/jieba.js';
import type { Config } from '../adapters/node/config.js';
import { currentBuildDir, openIndex, buildIndex } from '../adapters/node/index/store.js';
import { HnswVectorStore } from '../adapters/node/index/vector-store.js';
import { HybridRetriever } from '../src/retrieve/hybrid.js';
import { searchForm } from '../src/retrieve/tokenize.js';
import { embeddingsFor, openNodeIndex, type NodeIndexHandle } from '../adapters/node/service.js';
import { tempConfig } from './helpers/index.js';

let config: Config;
let handle: NodeIndexHandle;

beforeAll(async () => {
  config = await tempConfig();
  handle = await openNodeIndex(config);
});

const texts = async (q: string, filters?: { year?: number; locality?: string; docId?: string }) =>
  (await handle.retriever.retrieve(q, { topK: 5, filters })).hits.map((h) => h.paragraph.simplified);

describe('hybrid retrieval', () => {
  it('finds a simplified paragraph for a traditional question', async () => {
    expect((await texts('古美路街道可全程網辦的事項有多少項？')).some((t) => t.includes('全程网办事项53项'))).toBe(true);
  });

  it('finds a traditional paragraph for a simplified question', async () => {
    expect((await texts('郭家沱街道的法律顾问审查了多少份文件？')).some((t) => t.includes('审查各类文件30余份'))).toBe(true);
  });

  it('finds the paragraph a paraphrase means', async () => {
    expect((await texts('古美路街道有没有被人告上法庭或者被申请行政复议？')).some((t) => t.includes('未发生行政复议'))).toBe(true);
  });

  it('a year filter excludes the other years', async () => {
    const r = await handle.retriever.retrieve('矛盾纠纷调解了多少件', { topK: 10, filters: { year: 2022 } });
    expect(r.hits.length).toBeGreaterThan(0);
    expect(new Set(r.hits.map((h) => h.document.year))).toEqual(new Set([2022]));
  });

  it('a place named in the question narrows the search to its report', async () => {
    const r = await handle.retriever.retrieve('月亮岛街道调解成功率', { topK: 5 });
    expect(new Set(r.hits.map((h) => h.document.locality))).toEqual(new Set(['月亮岛街道']));
  });

  it('a region names its report ("重庆的那个街道")', () => {
    expect(handle.retriever.analyze('重庆的那个街道调解了多少件？').placeDocIds).toEqual(['guojiatuo-2024']);
  });

  it('the years and names each report mentions, worked out on demand, are those of its whole text', () => {
    const { documents, paragraphs, lexical } = handle.index;
    const retriever = new HybridRetriever(documents, paragraphs, lexical, null);
    for (const d of documents) {
      const own = paragraphs.filter((p) => p.docId === d.id);
      const years = new Set<number>();
      for (const p of own) {
        const text = searchForm(`${p.section.join(' ')} ${p.simplified}`);
        for (const m of text.matchAll(/((?:19|20)\d{2})年/gu)) years.add(Number(m[1]));
        if (d.year && /(较|比)(上年|去年|上一年)[^，。；]{0,4}?(增加|增长|减少|下降|多|少)了?\d/u.test(text)) years.add(d.year - 1);
      }
      expect(years.size).toBeGreaterThan(0);
      for (let y = 2010; y <= 2030; y++) expect(retriever.mentionsYear([d.id], y)).toBe(years.has(y));
      const whole = searchForm(own.map((p) => p.simplified).join('\n'));
      for (const name of [whole.slice(10, 14), whole.slice(-6, -2), `${whole.slice(0, 3)}不在其中`]) {
        expect(retriever.mentioning(name).includes(d.id)).toBe(whole.includes(name));
      }
    }
  });

  it('reports a place that no report covers', () => {
    const a = handle.retriever.analyze('北京市海淀区2023年法治政府建设情况如何？');
    expect(a.placeDocIds).toBeNull();
    expect(a.unknownPlaces.join()).toContain('北京市');
  });
});

describe('saved index', () => {
  it('re-indexing an unchanged corpus embeds nothing', async () => {
    const logs: string[] = [];
    await buildIndex({ corpusDir: config.CORPUS_DIR, indexDir: config.INDEX_DIR, embeddings: embeddingsFor(config), log: (m) => logs.push(m) });
    expect(logs.join('\n')).toMatch(/embedded 0 paragraphs, \d+ from cache/);
  });

  it('a saved lexical index (postings as bytes) scores exactly as the one built in memory', async () => {
    const { index } = handle;
    const vocabulary = corpusVocabulary(index.documents, index.paragraphs);
    const fresh = new LexicalIndex(buildLexical(index.paragraphs, vocabulary, jiebaSegmenter(vocabulary)), jiebaSegmenter(vocabulary));
    for (const q of ['月亮岛街道调解了多少矛盾纠纷', '行政复议案件', '法律顾问审查文件', '全程网办事项']) {
      expect(index.lexical.search(q, 20)).toEqual(fresh.search(q, 20));
    }
  });

  it('scores given paragraphs from the vectors read out of the saved file exactly as from hnswlib', async () => {
    const dir = (await currentBuildDir(config.INDEX_DIR))!;
    const fake = { embedQuery: async () => [], embedDocuments: async () => [] };
    const ids = handle.index.paragraphs.map((p) => p.id);
    const queries = [1, 2, 3].map((seed) => Array.from({ length: handle.index.manifest.dimensions }, (_, i) => Math.sin(i * seed)));
    const score = (store: HnswVectorStore) => queries.map((q, n) => store.scoreIds(q, ids.filter((_, i) => i % (n + 2) === 0), 20));
    const store = await HnswVectorStore.load(dir, fake);
    // Before the file is read (it takes a turn of the event loop), each vector is copied out of hnswlib.
    expect(store.vectorsInMemory).toBe(false);
    const fromHnswlib = score(store);
    expect(await store.vectorsRead()).toBe(true);
    expect(score(store)).toEqual(fromHnswlib);
    const built = new HnswVectorStore(fake);
    expect(await built.vectorsRead()).toBe(false);
  });

  it('loads a whole saved index without rebuilding', async () => {
    const again = await openIndex({ corpusDir: config.CORPUS_DIR, indexDir: config.INDEX_DIR, embeddings: embeddingsFor(config) });
    expect(again.rebuilt).toBe(false);
  });

  it('ignores a half-written build and serves the last good one', async () => {
    const partial = join(config.INDEX_DIR, '.build-zzz-partial.partial');
    await mkdir(partial, { recursive: true });
    await writeFile(join(partial, 'documents.json'), '[{"id":');
    const again = await openIndex({ corpusDir: config.CORPUS_DIR, indexDir: config.INDEX_DIR, embeddings: embeddingsFor(config) });
    expect(again.rebuilt).toBe(false);
    expect(again.dir).not.toContain('partial');
  });

  it('detects a corrupted index file and rebuilds instead of loading it', async () => {
    const dir = (await currentBuildDir(config.INDEX_DIR))!;
    const file = join(dir, 'vectors.hnsw');
    const bytes = await readFile(file);
    const at = Math.floor(bytes.length / 2);
    bytes.writeUInt8(bytes.readUInt8(at) ^ 0xff, at);
    await writeFile(file, bytes);
    const again = await openIndex({ corpusDir: config.CORPUS_DIR, indexDir: config.INDEX_DIR, embeddings: embeddingsFor(config) });
    expect(again.rebuilt).toBe(true);
    expect(again.reason).toMatch(/checksum mismatch/);
    expect(again.dir).not.toBe(dir);
  });

  it('rebuilds when the corpus changes and when the model differs', async () => {
    await writeFile(join(config.CORPUS_DIR, 'extra.txt'), '某某镇2023年法治政府建设情况报告\n一、主要成效\n全年共调解纠纷12件，成功率100%。\n');
    const changed = await openIndex({ corpusDir: config.CORPUS_DIR, indexDir: config.INDEX_DIR, embeddings: embeddingsFor(config) });
    expect(changed.reason).toBe('corpus changed');
    const other = Object.assign(Object.create(Object.getPrototypeOf(embeddingsFor(config))), embeddingsFor(config), { modelId: 'local:another-model' });
    const mixed = await openIndex({ corpusDir: config.CORPUS_DIR, indexDir: config.INDEX_DIR, embeddings: other });
    expect(mixed.rebuilt).toBe(true);
    expect(mixed.reason).toMatch(/another-model/);
    expect((await readdir(config.INDEX_DIR)).filter((e) => e.startsWith('build-'))).toHaveLength(1);
  });
});

describe('BM25', () => {
  /** The plain formula: every posting scored into a Map, then a stable sort (what Bm25.search must equal exactly). */
  function reference(data: Bm25Data, query: string[], limit: number, allow: (d: number) => boolean) {
    const scores = new Map<number, number>();
    const n = data.lengths.length;
    for (const token of new Set(query)) {
      const list = data.postings[token];
      if (!list) continue;
      const df = list.length / 2;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      for (let i = 0; i < list.length; i += 2) {
        const doc = list[i]!;
        if (!allow(doc)) continue;
        const tf = list[i + 1]!;
        const norm = tf + data.k1 * (1 - data.b + (data.b * data.lengths[doc]!) / data.avgLength);
        scores.set(doc, (scores.get(doc) ?? 0) + (idf * tf * (data.k1 + 1)) / norm);
      }
    }
    return [...scores].map(([doc, score]) => ({ doc, score })).sort((x, y) => y.score - x.score).slice(0, limit);
  }

  it('finds the documents holding every given token', () => {
    const word = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g');
    fc.assert(
      fc.property(fc.array(fc.array(word, { maxLength: 8 }), { minLength: 1, maxLength: 40 }), fc.array(word, { minLength: 1, maxLength: 3 }), (docs, tokens) => {
        const expected = docs.flatMap((d, i) => (tokens.every((t) => d.includes(t)) ? [i] : []));
        expect(documentsWithAll(buildBm25(docs), tokens)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('scans and scores within given documents exactly as the plain formula, ties included', () => {
    const word = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f');
    fc.assert(
      fc.property(
        fc.array(fc.array(word, { maxLength: 8 }), { minLength: 1, maxLength: 40 }),
        fc.array(word, { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 12 }),
        fc.func(fc.boolean()),
        (docs, query, limit, pick) => {
          const data = buildBm25(docs);
          const bm25 = new Bm25(data);
          const allowed = docs.map((_, i) => i).filter((i) => pick(i));
          const allow = (d: number) => allowed.includes(d);
          const expected = reference(data, query, limit, allow);
          expect(bm25.search(query, limit, allow)).toEqual(expected);
          expect(bm25.search(query, limit, [...allowed].reverse())).toEqual(expected);
          expect(bm25.search(query, limit)).toEqual(reference(data, query, limit, () => true));
          // The reused buffers are clean for the next search.
          expect(bm25.search(query, limit, allow)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
