/**
 * Okapi BM25 over pre-tokenized documents. Plain data in and out, so the index
 * can be serialized into a Worker artifact and rebuilt anywhere.
 */
export interface Bm25Data {
  k1: number;
  b: number;
  avgLength: number;
  lengths: number[];
  /** token → [docIndex, termFrequency, docIndex, termFrequency, …] */
  postings: Record<string, number[]>;
}

export function buildBm25(docs: string[][], k1 = 1.2, b = 0.75): Bm25Data {
  const postings: Record<string, number[]> = {};
  const lengths = docs.map((d) => d.length);
  docs.forEach((tokens, i) => {
    const tf = new Map<string, number>();
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [t, n] of tf) (postings[t] ??= []).push(i, n);
  });
  const avgLength = lengths.reduce((a, n) => a + n, 0) / Math.max(1, lengths.length);
  return { k1, b, avgLength, lengths, postings };
}

export class Bm25 {
  constructor(readonly data: Bm25Data) {}

  get size(): number {
    return this.data.lengths.length;
  }

  documentFrequency(token: string): number {
    return (this.data.postings[token]?.length ?? 0) / 2;
  }

  idf(token: string): number {
    const n = this.documentFrequency(token);
    return Math.log(1 + (this.size - n + 0.5) / (n + 0.5));
  }

  /** Scores of every document with a query token, best first; `allow` limits the documents. */
  search(query: string[], limit: number, allow?: (doc: number) => boolean): { doc: number; score: number }[] {
    const { k1, b, avgLength, lengths, postings } = this.data;
    const scores = new Map<number, number>();
    for (const token of new Set(query)) {
      const list = postings[token];
      if (!list) continue;
      const idf = this.idf(token);
      for (let i = 0; i < list.length; i += 2) {
        const doc = list[i] as number;
        if (allow && !allow(doc)) continue;
        const tf = list[i + 1] as number;
        const norm = tf + k1 * (1 - b + (b * (lengths[doc] ?? 0)) / avgLength);
        scores.set(doc, (scores.get(doc) ?? 0) + (idf * tf * (k1 + 1)) / norm);
      }
    }
    return [...scores].map(([doc, score]) => ({ doc, score })).sort((x, y) => y.score - x.score).slice(0, limit);
  }
}
