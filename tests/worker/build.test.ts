/**
 * The Worker's Node side: the build (the index as SQL for D1, jieba-wasm, the
 * opencc stand-in's phrases), the pieces testable without workerd
 * (configuration, KV feedback, dense retrieval, the vector upload's requests)
 * and the deployable bundle (`wrangler deploy --dry-run`): its size, that
 * nothing Node-only is in it, and that it does not grow with the corpus. The
 * Worker itself runs in workerd in *.worker.test.ts.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import * as OpenCC from 'opencc-js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KvBinding } from '../../adapters/worker/bindings.js';
import { buildWorkerArtifact, type BuildResult } from '../../adapters/worker/build-artifact.js';
import { WorkerConfigError, loadWorkerConfig } from '../../adapters/worker/config.js';
import { D1_SCHEMA } from '../../adapters/worker/d1.js';
import { MAX_STATEMENT_BYTES, d1Sql, sqlText } from '../../adapters/worker/d1-sql.js';
import { embeddingVectors, workersAiDense } from '../../adapters/worker/dense.js';
import { KvFeedbackStore } from '../../adapters/worker/feedback-kv.js';
import { uploadVectors } from '../../adapters/worker/upload-vectors.js';
import { buildLexical } from '../../src/retrieve/lexical.js';
import type { Paragraph } from '../../src/schema.js';
import { repoRoot } from '../helpers/index.js';

const run = promisify(execFile);
const wranglerEnv = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' };

let built: BuildResult;

beforeAll(async () => {
  // The default output too: the bundle test bundles generated/.
  built = await buildWorkerArtifact();
});

describe('npm run worker:build', () => {
  it('writes the index as SQL for D1, one statement a line, and rewrites only what changed', async () => {
    const out = await mkdtemp(join(tmpdir(), 'fazhi-worker-'));
    const first = await buildWorkerArtifact({ outDir: out });
    expect(first.written.map((f) => f.slice(out.length + 1)).sort()).toEqual(['d1.sql', 'jieba.wasm', 'widget.js']);
    expect(first.segmenter).toBe('jieba-wasm@2.4.0');
    expect(first.corpus.documents).toHaveLength(5);
    const lines = (await readFile(join(out, 'd1.sql'), 'utf8')).split('\n').filter(Boolean);
    expect(lines).toEqual(first.d1.statements);
    expect(lines.slice(0, D1_SCHEMA.length)).toEqual(D1_SCHEMA.map((s) => `${s};`));
    for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(MAX_STATEMENT_BYTES);
    // the pointer flips after every row is in, and older generations go after it
    const flip = lines.findIndex((l) => l.startsWith('INSERT OR REPLACE INTO fz_current'));
    expect(flip).toBeGreaterThan(lines.findLastIndex((l) => l.startsWith('INSERT OR IGNORE')));
    expect(lines.slice(flip + 1).every((l) => l.startsWith('DELETE'))).toBe(true);
    expect(lines.some((l) => /BEGIN|COMMIT/u.test(l.slice(0, 20)))).toBe(false);

    const again = await buildWorkerArtifact({ outDir: out });
    expect(again.written).toEqual([]);
    expect(again.d1.generation).toBe(first.d1.generation);
  });

  it('stores words and bigrams, their document frequencies, the corpus words and the phrases', () => {
    const sql = built.d1.statements.join('\n');
    expect(built.lexical.bm25.postings['w:月亮岛街道']?.length).toBeGreaterThan(0);
    expect(built.lexical.bm25.postings['w:调解']?.length).toBeGreaterThan(0);
    expect(Object.keys(built.lexical.bm25.postings).some((t) => t.startsWith('b:月亮'))).toBe(true);
    expect(sql).toContain(`'w:调解'`);
    expect(sql).toContain(`["w:调解",${built.lexical.bm25.postings['w:调解']!.length / 2}]`);
    expect(sql).toContain('"月亮岛"');
    expect(built.phrases.stPhrases.length).toBeGreaterThan(0);
    expect(built.d1.rows.paragraphs).toBe(built.corpus.paragraphs.length);
  });

  it('splits long postings and lists under D1\'s statement limit, and keeps text on one line', () => {
    const paragraphs = Array.from({ length: 12_000 }, (_, i): Paragraph => ({
      id: `p${i}`, docId: 'd', ordinal: i, paragraphId: `p${i}`, chunk: null, section: [], text: `调解第${i}件\n'引号'`, simplified: `调解第${i}件\n'引号'`,
    }));
    const lexical = buildLexical(paragraphs, []);
    const { statements, rows } = d1Sql({ corpusHash: 'h', segmenter: 's', documents: [], paragraphs, skipped: [], lexical, phrases: { stPhrases: '', stPhrasesGenerated: '' } });
    for (const s of statements) {
      expect(Buffer.byteLength(s)).toBeLessThanOrEqual(MAX_STATEMENT_BYTES);
      expect(s).not.toMatch(/[\r\n]/u);
    }
    const parts = statements.join('\n').match(/\('[0-9a-f]{24}', 'b:调解', \d+,/gu) ?? [];
    expect(parts.length).toBeGreaterThan(1);
    expect(rows.postings).toBeGreaterThan(Object.keys(lexical.bm25.postings).length);
    expect(sqlText("a'b\nc")).toBe("'a''b' || char(10) || 'c'");
  });
});

describe("the Worker's opencc", () => {
  let worker: typeof import('../../adapters/worker/opencc.js');
  beforeAll(async () => {
    worker = await import('../../adapters/worker/opencc.js');
  });

  it('converts simplified → traditional by characters until the corpus phrases come from D1', () => {
    const mine = worker.Converter({ from: 'cn', to: 'tw' });
    worker.useCorpusPhrases({ stPhrases: '', stPhrasesGenerated: '' });
    expect(mine('后来发现')).toBe('後來發現');
  });

  it('converts traditional → simplified exactly as opencc-js does, on any text', async () => {
    const full = OpenCC.Converter({ from: 'tw', to: 'cn' });
    const mine = worker.Converter({ from: 'tw', to: 'cn' });
    const texts = [...built.corpus.paragraphs.map((p) => p.text), '月亮島街道2021年共調解矛盾糾紛多少件？', '臺灣的後來發展與著作權，乾淨衛生'];
    // every entry of the dictionaries it carries, as running text
    const dicts = await Promise.all(['TSPhrases', 'TSCharacters', 'TWVariantsRevPhrases'].map(async (d) => (await import(`opencc-js/dict/${d}`)).default as string));
    for (const d of dicts) texts.push(d.split('|').map((e) => e.split(' ')[0]).join('，'));
    for (const text of texts) expect(mine(text)).toBe(full(text));
  });

  it('converts simplified → traditional exactly as opencc-js does, on the corpus and the templates', () => {
    const full = OpenCC.Converter({ from: 'cn', to: 'tw' });
    const mine = worker.Converter({ from: 'cn', to: 'tw' });
    worker.useCorpusPhrases(built.phrases);
    const texts = [
      ...built.corpus.paragraphs.map((p) => p.simplified),
      ...built.corpus.documents.map((d) => `${d.locality}（${d.year}年）`),
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
  const paragraphs = () => built.corpus.paragraphs;

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
    const result = await uploadVectors(built.corpus, { accountId: 'acc', apiToken: 'tok', indexName: 'idx', embedBatch: 40, upsertBatch: 100, fetch: fakeFetch });
    const n = built.corpus.paragraphs.length;
    expect(result.vectors).toBe(n);
    const embeds = requests.filter((r) => r.url.includes('/ai/run/'));
    expect(embeds).toHaveLength(Math.ceil(n / 40));
    expect(embeds[0]!.url).toBe('https://api.cloudflare.com/client/v4/accounts/acc/ai/run/@cf/baai/bge-m3');
    expect((embeds[0]!.init.headers as Record<string, string>).Authorization).toBe('Bearer tok');
    const upserts = requests.filter((r) => r.url.endsWith('/vectorize/v2/indexes/idx/upsert'));
    expect(upserts).toHaveLength(Math.ceil(n / 100));
    expect((upserts[0]!.init.headers as Record<string, string>)['Content-Type']).toBe('application/x-ndjson');
    const lines = upserts.flatMap((r) => String(r.init.body).trim().split('\n').map((l) => JSON.parse(l) as { id: string; values: number[]; metadata: { docId: string } }));
    expect(lines.map((l) => l.id)).toEqual(built.corpus.paragraphs.map((p) => p.id));
    expect(lines[0]!.metadata.docId).toBe(built.corpus.paragraphs[0]!.docId);
  });

  it('needs the account and the token', async () => {
    await expect(uploadVectors(built.corpus, { accountId: '', apiToken: '' })).rejects.toThrow(/CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN/);
  });
});

const require = createRequire(import.meta.url);

/** `wrangler deploy --dry-run` of a config; the modules gzipped together, as wrangler measures them, and the bundle's inputs. */
async function dryRun(configPath: string): Promise<{ bytes: number; gzipped: number; inputs: string[]; files: string[] }> {
  const out = await mkdtemp(join(tmpdir(), 'fazhi-worker-bundle-'));
  const meta = join(out, 'meta.json');
  await run(join(repoRoot, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '--config', configPath, '--outdir', out, '--metafile', meta], {
    cwd: repoRoot,
    env: wranglerEnv,
    maxBuffer: 16 * 1024 * 1024,
  });
  const files = (await readdir(out)).filter((f) => f.endsWith('.js') || f.endsWith('.wasm'));
  const contents = Buffer.concat(await Promise.all(files.map((f) => readFile(join(out, f)))));
  const inputs = Object.keys((JSON.parse(await readFile(meta, 'utf8')) as { inputs: Record<string, unknown> }).inputs);
  return { bytes: contents.byteLength, gzipped: gzipSync(contents).byteLength, inputs, files };
}

/**
 * The Worker of wrangler.toml built over the generated files of another corpus: its entry copied beside them
 * with the imports made absolute (the entry imports ./generated/), and a config like wrangler.toml's.
 */
async function workerFor(corpusDir: string): Promise<{ config: string; paragraphs: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'fazhi-worker-corpus-'));
  const { corpus } = await buildWorkerArtifact({ corpusDir, outDir: join(dir, 'generated') });
  const entry = (await readFile(join(repoRoot, 'adapters/worker/index.ts'), 'utf8'))
    .replace("'./worker.js'", JSON.stringify(join(repoRoot, 'adapters/worker/worker.ts')))
    .replace("'jieba-wasm/web'", JSON.stringify(require.resolve('jieba-wasm/web')));
  await writeFile(join(dir, 'index.ts'), entry);
  const toml = (await readFile(join(repoRoot, 'wrangler.toml'), 'utf8'))
    .replace(/^main = .*$/mu, `main = ${JSON.stringify(join(dir, 'index.ts'))}`)
    .replace(/^\[build\]\ncommand = .*\nwatch_dir = .*\n/mu, '')
    .replaceAll('"./adapters/worker/', JSON.stringify(`${repoRoot}/adapters/worker/`).slice(0, -1));
  await writeFile(join(dir, 'wrangler.toml'), toml);
  return { config: join(dir, 'wrangler.toml'), paragraphs: corpus.paragraphs.length };
}

describe('the deployable bundle (wrangler deploy --dry-run)', () => {
  it('stays under 3 MiB gzipped, carries no index and nothing Node-only', async () => {
    const { gzipped, inputs, files } = await dryRun(join(repoRoot, 'wrangler.toml'));
    expect(files.some((f) => f.endsWith('jieba.wasm'))).toBe(true);
    expect(gzipped).toBeLessThan(3 * 1024 * 1024);
    expect(inputs.some((i) => i.includes('src/http/app.ts'))).toBe(true);
    expect(inputs.some((i) => i.includes('src/engine.ts'))).toBe(true);
    expect(inputs.filter((i) => i.includes('generated/')).map((i) => i.slice(i.indexOf('generated/')))).toEqual(['generated/widget.js']);
    const nodeOnly = /(node_modules\/(hnswlib-node|@node-rs|onnxruntime|@huggingface|@langchain|mammoth|parse5|iconv-lite|wechaty)\/|src\/index\/|src\/node\.ts|src\/ingest\/corpus\.ts|src\/http\/feedback-file\.ts|opencc-js\/dist\/esm\/|STPhrases\.js|^node:)/u;
    expect(inputs.filter((i) => nodeOnly.test(i))).toEqual([]);
  }, 120_000);

  // Slow (about 15 s here: two corpus builds and two bundles), as it must build the Worker for each corpus.
  it('is the same size with the bundled reports and with the development reports (tests/eval/dev/reports)', async () => {
    const [bundled, development] = [await workerFor(join(repoRoot, 'corpus')), await workerFor(join(repoRoot, 'tests/eval/dev/reports'))];
    expect(development.paragraphs).toBeGreaterThan(2 * bundled.paragraphs);
    const small = await dryRun(bundled.config);
    const big = await dryRun(development.config);
    expect(big.bytes).toBe(small.bytes);
    expect(big.gzipped).toBe(small.gzipped);
  }, 300_000);
});
