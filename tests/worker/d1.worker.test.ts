/**
 * The Worker's index in D1, inside workerd: the shared questions answered
 * through the deployed entry with citations from D1, and exactly as the
 * in-memory index the Worker carried before answers them (BM25 in SQL ranks as
 * src/retrieve/bm25.ts does); generations loaded one after another are
 * switched to whole, and older ones deleted.
 */
import { SELF, env } from 'cloudflare:test';
import { add_word, cut, initSync } from 'jieba-wasm/web';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { D1Binding } from '../../adapters/worker/bindings.js';
import { currentGeneration, D1LexicalSearch, loadGeneration, type D1Generation } from '../../adapters/worker/d1.js';
import jiebaModule from '../../adapters/worker/generated/jieba.wasm';
import { jiebaWasmSegmenter } from '../../adapters/worker/segmenter.js';
import { createWorker } from '../../adapters/worker/worker.js';
import { QaEngine } from '../../src/engine.js';
import { HybridRetriever } from '../../src/retrieve/hybrid.js';
import { buildLexical, LexicalIndex } from '../../src/retrieve/lexical.js';

const BASE = 'https://fazhi.example';
const DB = env.DB as D1Binding;

interface Question {
  id: string;
  kind: string;
  q: string;
  cite?: string[][];
  cite_each?: string[][][];
  answer?: string[][];
}
interface AskBody {
  answered: boolean;
  answer: string;
  citations: { id: string; text: string; title?: string; locality?: string }[];
}

// ../shared/eval/score.mjs's matching rules
const norm = (s: unknown) =>
  String(s ?? '')
    .normalize('NFKC')
    .replace(/\(([a-zü\u00e0-\u00fc\u0101-\u01dc]{1,7})\)/gu, '')
    .replace(/\s+/gu, '');
const has = (text: string, group: string[]) => group.some((alt) => text.includes(norm(alt)));

const questions = inject('sharedQuestions')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Question);

let generation: D1Generation;
let d1: HybridRetriever;
let memory: HybridRetriever;

beforeAll(async () => {
  generation = await loadGeneration(DB, await currentGeneration(DB));
  initSync({ module: jiebaModule });
  const segmenter = jiebaWasmSegmenter({ cut, add_word }, generation.vocabulary);
  const { documents, paragraphs, vocabulary } = generation;
  d1 = new HybridRetriever(documents, paragraphs, new D1LexicalSearch(DB, generation, segmenter), null);
  // What the Worker carried in its script before: the whole index in memory.
  memory = new HybridRetriever(documents, paragraphs, new LexicalIndex(buildLexical(paragraphs, vocabulary, segmenter), segmenter), null);
});

describe('the shared questions, from D1', () => {
  it('ranks every question as the in-memory BM25 does', async () => {
    for (const q of questions) {
      const analysis = d1.analyze(q.q);
      const [fromD1, fromMemory] = await Promise.all([d1.retrieve(analysis, { topK: 50 }), memory.retrieve(analysis, { topK: 50 })]);
      expect(fromD1.hits.map((h) => h.paragraph.id), q.id).toEqual(fromMemory.hits.map((h) => h.paragraph.id));
      fromD1.hits.forEach((h, i) => expect(h.lexical ?? 0, q.id).toBeCloseTo(fromMemory.hits[i]?.lexical ?? 0, 9));
    }
  });

  it('answers each through the Worker as the in-memory index does, with citations from D1', async () => {
    const engine = new QaEngine(memory);
    const misses: string[] = [];
    for (const q of questions) {
      const res = await SELF.fetch(`${BASE}/api/ask`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ question: q.q, topK: 5 }) });
      expect(res.status, q.id).toBe(200);
      const body = (await res.json()) as AskBody;
      const before = await engine.answer(q.q, { topK: 5 });
      expect({ answered: body.answered, answer: body.answer, citations: body.citations.map((c) => c.id) }, q.id).toEqual({
        answered: before.answered,
        answer: before.answer,
        citations: before.citations.map((c) => c.id),
      });
      const cites = body.citations.slice(0, 5).map((c) => norm([c.text, c.title, c.locality].filter(Boolean).join(' ')));
      if (q.kind === 'none') {
        if (body.answered) misses.push(`${q.id} answered`);
        continue;
      }
      expect(body.citations.length, q.id).toBeGreaterThan(0);
      for (const c of body.citations) expect(generation.paragraphs.some((p) => p.id === c.id)).toBe(true);
      if (q.cite && !cites.some((c) => q.cite!.every((g) => has(c, g)))) misses.push(`${q.id} cite`);
      if (q.cite_each && !q.cite_each.every((groups) => cites.some((c) => groups.every((g) => has(c, g))))) misses.push(`${q.id} cite`);
      if (q.answer && !(body.answered && q.answer.every((g) => has(norm(body.answer), g)))) misses.push(`${q.id} answer`);
    }
    // README: the Worker scores cite_hit@5 = answer_hit = none_ok = 1.00 on the shared set
    expect(misses).toEqual([]);
  });
});

describe('generations in D1', () => {
  const statements = inject('d1Statements');
  const db = env.SWITCH_DB as D1Binding;
  const load = (id: string) => db.batch(statements.map((s) => db.prepare(s.replaceAll(generation.id, id))));
  const ids = async (table: string, column = 'gen') =>
    ((await db.prepare(`SELECT DISTINCT ${column} AS id FROM ${table} ORDER BY 1`).all()).results as { id: string }[]).map((r) => r.id);
  const jieba = () => {
    initSync({ module: jiebaModule });
    return { cut, add_word };
  };
  const ctx = { waitUntil: () => {} };
  const ask = (worker: ReturnType<typeof createWorker>) =>
    worker.fetch(new Request(`${BASE}/api/ask`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ question: '月亮岛街道2021年共调解矛盾纠纷多少件？' }) }), { DB: db, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '0' }, ctx);

  it('switches to a new generation whole, keeps the one it replaced and deletes older ones', async () => {
    const [first, second, third] = ['a'.repeat(24), 'b'.repeat(24), 'c'.repeat(24)];
    await load(first);
    const worker = createWorker({ jieba });
    expect((await ask(worker)).status).toBe(200);
    expect(worker.instance()?.generation()?.id).toBe(first);

    // an ask running while the next generation is loaded and the pointer flips
    const during = ask(worker);
    await load(second);
    const answered = (await (await during).json()) as AskBody;
    expect(answered.answer).toContain('691');
    const after = (await (await ask(worker)).json()) as AskBody;
    expect(after.answer).toContain('691');
    expect(worker.instance()?.generation()?.id).toBe(second);

    await load(third);
    expect(await currentGeneration(db)).toBe(third);
    for (const table of ['fz_postings', 'fz_paragraphs', 'fz_lists']) expect(await ids(table)).toEqual([second, third]);
    expect(await ids('fz_generations', 'id')).toEqual([second, third]);

    // loading the serving generation again changes nothing
    await load(third);
    expect(await ids('fz_generations', 'id')).toEqual([second, third]);
    expect(await currentGeneration(db)).toBe(third);
    expect((await ask(worker)).status).toBe(200);
    expect(worker.instance()?.generation()?.id).toBe(third);
  });
});
