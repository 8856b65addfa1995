/**
 * The Worker's Node side: the build (artifact, jieba-wasm, the opencc
 * stand-in's phrases), the pieces testable without workerd (configuration,
 * KV feedback, dense retrieval, the vector upload's requests) and the
 * deployable bundle (`wrangler deploy --dry-run`): its size and that nothing
 * Node-only is in it. The Worker itself runs in workerd in
 * worker.worker.test.ts.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import * as OpenCC from 'opencc-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkArtifact, packLexical, unpackLexical } from '../../adapters/worker/artifact.js';
import type { KvBinding } from '../../adapters/worker/bindings.js';
import { buildWorkerArtifact, type BuildResult } from '../../adapters/worker/build-artifact.js';
import { WorkerConfigError, loadWorkerConfig } from '../../adapters/worker/config.js';
import { embeddingVectors, workersAiDense } from '../../adapters/worker/dense.js';
import { KvFeedbackStore } from '../../adapters/worker/feedback-kv.js';
import { uploadVectors } from '../../adapters/worker/upload-vectors.js';
import { buildLexical } from '../../src/retrieve/lexical.js';
import { repoRoot } from '../helpers/index.js';

const run = promisify(execFile);

let built: BuildResult;

beforeAll(async () => {
  // The default output too: opencc.ts imports generated/opencc-phrases.js.
  built = await buildWorkerArtifact();
});

describe('npm run worker:build', () => {
  it('puts the whole corpus and its lexical index in the artifact, and writes only what changed', async () => {
    const out = await mkdtemp(join(tmpdir(), 'fazhi-worker-'));
    const first = await buildWorkerArtifact({ outDir: out });
    expect(first.written.map((f) => f.slice(out.length + 1)).sort()).toEqual(['artifact.js', 'jieba.wasm', 'opencc-phrases.js', 'widget.js']);
    const { artifact } = first;
    expect(artifact.segmenter).toBe('jieba-wasm@2.4.0');
    expect(artifact.documents).toHaveLength(5);
    expect(artifact.paragraphs).toEqual(first.corpus.paragraphs);
    expect(Object.keys(artifact.lexical.bm25.postings).every((t) => t.startsWith('w:'))).toBe(true);
    expect(artifact.lexical.vocabulary).toContain('月亮岛');

    const again = await buildWorkerArtifact({ outDir: out });
    expect(again.written).toEqual([]);

    const module = (await import(join(out, 'artifact.js'))) as { default: unknown };
    expect(checkArtifact(module.default)).toEqual(JSON.parse(JSON.stringify(artifact)));
  });

  it('stores words only and derives the bigram postings back exactly', () => {
    const words = built.artifact.lexical;
    const whole = unpackLexical(words, built.artifact.paragraphs);
    expect(packLexical(whole)).toEqual(words);
    expect(Object.keys(whole.bm25.postings).some((t) => t.startsWith('b:月亮'))).toBe(true);
    // bigrams need no segmenter: an index built without one has the very same bigram postings
    const bigramsOnly = buildLexical(built.artifact.paragraphs, []);
    for (const [token, list] of Object.entries(bigramsOnly.bm25.postings)) if (token.startsWith('b:')) expect(whole.bm25.postings[token]).toEqual(list);
  });

  it('segments with jieba-wasm and the corpus vocabulary (the answer step needs w: tokens)', () => {
    expect(built.artifact.lexical.bm25.postings['w:月亮岛街道']?.length).toBeGreaterThan(0);
    expect(built.artifact.lexical.bm25.postings['w:调解']?.length).toBeGreaterThan(0);
  });
});

describe("the Worker's opencc", () => {
  let worker: typeof import('../../adapters/worker/opencc.js');
  beforeAll(async () => {
    worker = await import('../../adapters/worker/opencc.js');
  });

  it('converts traditional → simplified exactly as opencc-js does, on any text', async () => {
    const full = OpenCC.Converter({ from: 'tw', to: 'cn' });
    const mine = worker.Converter({ from: 'tw', to: 'cn' });
    const texts = [...built.artifact.paragraphs.map((p) => p.text), '月亮島街道2021年共調解矛盾糾紛多少件？', '臺灣的後來發展與著作權，乾淨衛生'];
    // every entry of the dictionaries it carries, as running text
    const dicts = await Promise.all(['TSPhrases', 'TSCharacters', 'TWVariantsRevPhrases'].map(async (d) => (await import(`opencc-js/dict/${d}`)).default as string));
    for (const d of dicts) texts.push(d.split('|').map((e) => e.split(' ')[0]).join('，'));
    for (const text of texts) expect(mine(text)).toBe(full(text));
  });

  it('converts simplified → traditional exactly as opencc-js does, on the corpus and the templates', () => {
    const full = OpenCC.Converter({ from: 'cn', to: 'tw' });
    const mine = worker.Converter({ from: 'cn', to: 'tw' });
    const texts = [
      ...built.artifact.paragraphs.map((p) => p.simplified),
      ...built.artifact.documents.map((d) => `${d.locality}（${d.year}年）`),
      '语料中没有', '的报告。现有报告：', '年份不详', '未找到：', '中没有找到能回答这个问题的内容。', '没有。', '是的。',
    ];
    for (const text of texts) expect(mine(text)).toBe(full(text));
    // outside the corpus it still converts character by character
    expect(mine('后来发现')).toBe('後來發現');
  });

  it('carries only the two directions the core uses', () => {
    expect(() => worker.Converter({ from: 'cn', to: 'hk' })).toThrow(/tw→cn and cn→tw/);
  });
});

describe('Worker configuration', () => {
  it('has defaults, reads [vars] numbers and booleans, and rejects bad values by name', () => {
    expect(loadWorkerConfig({})).toMatchObject({ CORS_ORIGINS: '*', RATE_LIMIT_PER_MINUTE: 120, TRUST_PROXY: false, LOG_LEVEL: 'info', EMBEDDING_MODEL: '@cf/baai/bge-m3', DENSE_RETRIEVAL: 'auto' });
    expect(loadWorkerConfig({ RATE_LIMIT_PER_MINUTE: 5, TRUST_PROXY: true, MAX_BODY_BYTES: '2048', ADMIN_TOKEN: '' })).toMatchObject({ RATE_LIMIT_PER_MINUTE: 5, TRUST_PROXY: true, MAX_BODY_BYTES: 2048, ADMIN_TOKEN: undefined });
    expect(() => loadWorkerConfig({ LOG_LEVEL: 'loud' })).toThrow(WorkerConfigError);
    expect(() => loadWorkerConfig({ ADMIN_TOKEN: 'short' })).toThrow(/ADMIN_TOKEN: must be at least 16 characters/);
    expect(() => loadWorkerConfig({ DENSE_RETRIEVAL: 'maybe' })).toThrow(/DENSE_RETRIEVAL/);
  });
});

/** A Workers KV namespace in memory, as KV lists it: keys in ascending order. */
function memoryKv(): KvBinding & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    get: async (key) => data.get(key) ?? null,
    put: async (key, value) => void data.set(key, value),
    list: async ({ prefix = '', limit = 1000, cursor } = {}) => {
      const keys = [...data.keys()].filter((k) => k.startsWith(prefix)).sort();
      const start = cursor ? Number(cursor) : 0;
      const page = keys.slice(start, start + limit);
      const done = start + limit >= keys.length;
      return { keys: page.map((name) => ({ name })), list_complete: done, ...(done ? {} : { cursor: String(start + limit) }) };
    },
  };
}

describe('KV feedback', () => {
  it('lists the newest first, across pages, up to the limit', async () => {
    const kv = memoryKv();
    const store = new KvFeedbackStore(kv);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await store.append({ answerId: `a${i}`, rating: i % 2 ? 'down' : 'up', ...(i === 4 ? { comment: '很好' } : {}) })).id);
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    expect(kv.data.size).toBe(5);
    const { entries, next } = await store.list(3);
    expect(entries.map((e) => e.answerId)).toEqual(['a4', 'a3', 'a2']);
    expect(entries[0]).toMatchObject({ id: ids[4], rating: 'up', comment: '很好' });
    expect((await store.list(3, next ?? undefined)).entries.map((e) => e.answerId)).toEqual(['a1', 'a0']);
    expect((await store.list(100)).entries.map((e) => e.answerId)).toEqual(['a4', 'a3', 'a2', 'a1', 'a0']);
    expect((await store.list(0)).entries).toEqual([]);
  });
});

describe('dense retrieval through Workers AI and Vectorize', () => {
  const paragraphs = () => built.artifact.paragraphs;

  it('embeds the question, filters Vectorize by the allowed reports and keeps what the retriever allows', async () => {
    const queries: { topK?: number; filter?: Record<string, unknown> }[] = [];
    const ps = paragraphs();
    const dense = workersAiDense({
      ai: { run: async () => ({ shape: [1, 2], data: [[1, 0]] }) },
      index: { query: async (_v, options = {}) => (queries.push(options), { matches: [{ id: ps[0]!.id, score: 0.8 }, { id: 'p-unknown', score: 0.7 }, { id: ps[ps.length - 1]!.id, score: 0.6 }] }) },
      paragraphs: ps,
    });
    expect(dense.modelId).toBe('@cf/baai/bge-m3');
    const all = await dense.search('问题', 50, () => true);
    expect(all.map((h) => h.id)).toEqual([ps[0]!.id, ps[ps.length - 1]!.id]);
    expect(queries[0]).toEqual({ topK: 50, returnMetadata: 'none' });
    const one = await dense.search('问题', 200, (p) => p.docId === ps[0]!.docId);
    expect(one.map((h) => h.id)).toEqual([ps[0]!.id]);
    expect(queries[1]).toEqual({ topK: 100, returnMetadata: 'none', filter: { docId: { $in: [ps[0]!.docId] } } });
  });

  it('falls back to nothing (lexical retrieval alone) when Workers AI fails', async () => {
    const errors: unknown[] = [];
    const dense = workersAiDense({
      ai: { run: async () => { throw new Error('AI down'); } },
      index: { query: async () => ({ matches: [] }) },
      paragraphs: paragraphs(),
      onError: (e) => errors.push(e),
    });
    expect(await dense.search('问题', 5, () => true)).toEqual([]);
    expect(String(errors[0])).toMatch(/AI down/);
    expect(() => embeddingVectors({ response: 'x' })).toThrow(/without vectors/);
  });
});

describe('--upload-vectors', () => {
  it('embeds in batches and upserts NDJSON with docId metadata through the REST API', async () => {
    const requests: { url: string; init: RequestInit }[] = [];
    const fakeFetch = (async (url: string | URL | Request, init: RequestInit = {}) => {
      requests.push({ url: String(url), init });
      const u = String(url);
      if (u.includes('/ai/run/')) {
        const { text } = JSON.parse(String(init.body)) as { text: string[] };
        return Response.json({ success: true, result: { shape: [text.length, 2], data: text.map((_, i) => [i, 1]) } });
      }
      if (u.endsWith('/metadata_index/create')) return Response.json({ success: false, errors: [{ code: 1, message: 'already exists' }] }, { status: 409 });
      return Response.json({ success: true, result: { mutationId: `m${requests.length}` } });
    }) as typeof fetch;
    const result = await uploadVectors(built.artifact, { accountId: 'acc', apiToken: 'tok', indexName: 'idx', embedBatch: 40, upsertBatch: 100, fetch: fakeFetch });
    const n = built.artifact.paragraphs.length;
    expect(result.vectors).toBe(n);
    const embeds = requests.filter((r) => r.url.includes('/ai/run/'));
    expect(embeds).toHaveLength(Math.ceil(n / 40));
    expect(embeds[0]!.url).toBe('https://api.cloudflare.com/client/v4/accounts/acc/ai/run/@cf/baai/bge-m3');
    expect((embeds[0]!.init.headers as Record<string, string>).Authorization).toBe('Bearer tok');
    const upserts = requests.filter((r) => r.url.endsWith('/vectorize/v2/indexes/idx/upsert'));
    expect(upserts).toHaveLength(Math.ceil(n / 100));
    expect((upserts[0]!.init.headers as Record<string, string>)['Content-Type']).toBe('application/x-ndjson');
    const lines = upserts.flatMap((r) => String(r.init.body).trim().split('\n').map((l) => JSON.parse(l) as { id: string; values: number[]; metadata: { docId: string } }));
    expect(lines.map((l) => l.id)).toEqual(built.artifact.paragraphs.map((p) => p.id));
    expect(lines[0]!.metadata.docId).toBe(built.artifact.paragraphs[0]!.docId);
  });

  it('needs the account and the token', async () => {
    await expect(uploadVectors(built.artifact, { accountId: '', apiToken: '' })).rejects.toThrow(/CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN/);
  });
});

describe('the deployable bundle (wrangler deploy --dry-run)', () => {
  it('stays under 3 MiB gzipped and carries nothing Node-only', async () => {
    const out = await mkdtemp(join(tmpdir(), 'fazhi-worker-bundle-'));
    const meta = join(out, 'meta.json');
    await run(join(repoRoot, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '--outdir', out, '--metafile', meta], {
      cwd: repoRoot,
      env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' },
      maxBuffer: 16 * 1024 * 1024,
    });
    const files = (await readdir(out)).filter((f) => f.endsWith('.js') || f.endsWith('.wasm'));
    expect(files.some((f) => f.endsWith('jieba.wasm'))).toBe(true);
    const contents = await Promise.all(files.map((f) => readFile(join(out, f))));
    // as wrangler measures it: the modules gzipped together
    const gzipped = gzipSync(Buffer.concat(contents)).byteLength;
    expect(gzipped).toBeLessThan(3 * 1024 * 1024);

    const inputs = Object.keys((JSON.parse(await readFile(meta, 'utf8')) as { inputs: Record<string, unknown> }).inputs);
    expect(inputs.some((i) => i.includes('src/http/app.ts'))).toBe(true);
    expect(inputs.some((i) => i.includes('src/engine.ts'))).toBe(true);
    const nodeOnly = /(node_modules\/(hnswlib-node|@node-rs|onnxruntime|@huggingface|@langchain|mammoth|parse5|iconv-lite|wechaty)\/|src\/index\/|src\/node\.ts|src\/ingest\/corpus\.ts|src\/http\/feedback-file\.ts|opencc-js\/dist\/esm\/|STPhrases\.js|^node:)/u;
    expect(inputs.filter((i) => nodeOnly.test(i))).toEqual([]);
  }, 120_000);
});
