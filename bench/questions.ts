/**
 * Distinct questions for load figures, made from the corpus's own documents:
 * every place a report names (with and without its 街道/镇 suffix) and its
 * year, × the topics the reports talk about (the nouns found in most reports,
 * by jieba's part-of-speech tags), × a few ways officials phrase a question.
 * A round asks each once, so no query cache answers for another; the
 * questions are shuffled with a fixed seed so every run asks the same ones.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import type { Paragraph, ReportDocument } from '../src/schema.js';
import { placeNames } from '../src/retrieve/query.js';

const PHRASINGS: ((place: string, year: string, topic: string) => string)[] = [
  (p, y, t) => `${p}${y}${t}情况如何？`,
  (p, y, t) => `${y}${p}在${t}方面做了哪些工作？`,
  (p, _y, t) => `${p}的${t}有多少？`,
  (p, y, t) => `请问${p}${y}${t}取得了什么成效`,
  (p, _y, t) => `${p}${t}`,
  (p, y, t) => `${p}${y}关于${t}有什么数据？`,
];

/** The nouns (2–4 characters) found in the most reports, places left out. */
export function corpusTopics(documents: ReportDocument[], paragraphs: Paragraph[], count = 30): string[] {
  const jieba = Jieba.withDict(dict);
  const places = new Set(documents.flatMap((d) => placeNames(d)));
  const reports = new Map<string, Set<string>>();
  const uses = new Map<string, number>();
  for (const p of paragraphs) {
    for (const { word, tag } of jieba.tag(p.simplified, false)) {
      if (!/^(n|nz|vn)$/u.test(tag) || !/^[\u4e00-\u9fff]{2,4}$/u.test(word) || places.has(word)) continue;
      (reports.get(word) ?? reports.set(word, new Set()).get(word)!).add(p.docId);
      uses.set(word, (uses.get(word) ?? 0) + 1);
    }
  }
  return [...reports]
    .sort(([a, ra], [b, rb]) => rb.size - ra.size || (uses.get(b) ?? 0) - (uses.get(a) ?? 0) || a.localeCompare(b))
    .slice(0, count)
    .map(([w]) => w);
}

function shuffle<T>(xs: T[], seed = 7): T[] {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [xs[i], xs[j]] = [xs[j] as T, xs[i] as T];
  }
  return xs;
}

/** Up to `limit` distinct questions: places × topics × phrasings. */
export function distinctQuestions(documents: ReportDocument[], paragraphs: Paragraph[], limit = 750): string[] {
  const topics = corpusTopics(documents, paragraphs);
  const places = new Map<string, string>();
  for (const d of documents) {
    const year = d.year ? `${d.year}年` : '';
    for (const w of [d.locality, d.locality.replace(/(街道|镇|乡)$/u, '')]) if (w.length >= 2) places.set(`${w}\u0000${year}`, w);
  }
  const out = new Set<string>();
  for (const [key, place] of places) {
    const year = key.split('\u0000')[1] ?? '';
    for (const topic of topics) for (const phrase of PHRASINGS) out.add(phrase(place, year, topic));
  }
  return shuffle([...out]).slice(0, limit);
}
