/**
 * Okapi BM25 over pre-tokenized documents. Plain data in and out, so the index
 * can be serialized into a Worker artifact and rebuilt anywhere.
 *
 * A search touches every posting of every query token, and at tens of
 * thousands of paragraphs the common bigrams' postings run to tens of
 * thousands of entries. So the per-posting work is kept to array arithmetic:
 * the length normalisation of each document is computed once, scores add up
 * in a typed array reused across searches, the filter is asked once per
 * document rather than once per posting, and only the best `limit` are put in
 * order. When the caller knows the few documents it allows (a question that
 * names its place), only those are scored, each token's frequency found by a
 * binary search in the token's postings. Either way the scores and their order
 * are exactly those of the plain formula, ties in the order a scan of the
 * postings would meet the documents.
 */
export interface Bm25Data {
  k1: number;
  b: number;
  avgLength: number;
  lengths: number[];
  /** token → [docIndex, termFrequency, docIndex, termFrequency, …], documents ascending (an array, or a typed array read from disk) */
  postings: Record<string, ArrayLike<number>>;
}

export function buildBm25(docs: string[][], k1 = 1.2, b = 0.75): Bm25Data & { postings: Record<string, number[]> } {
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

/** BM25's idf of a token found in `df` of `size` documents (never negative); every backend weighs tokens with this one formula. */
export function bm25Idf(size: number, df: number): number {
  return Math.log(1 + (size - df + 0.5) / (df + 0.5));
}

const UNKNOWN = 0;
const ALLOWED = 1;
const DENIED = 2;

export class Bm25 {
  /** k1 · (1 − b + b · length / avgLength) of each document. */
  private readonly norms: Float64Array;
  private readonly scores: Float64Array;
  /** Documents scored by the running search, in the order they were first met (ties keep that order). */
  private readonly touched: Int32Array;
  private readonly allowState: Uint8Array;
  /** Every document the running search asked `allow` about, to reset its state after. */
  private readonly met: Int32Array;

  constructor(readonly data: Bm25Data) {
    const { k1, b, avgLength, lengths } = data;
    this.norms = Float64Array.from(lengths, (n) => k1 * (1 - b + (b * n) / avgLength));
    this.scores = new Float64Array(lengths.length);
    this.touched = new Int32Array(lengths.length);
    this.allowState = new Uint8Array(lengths.length);
    this.met = new Int32Array(lengths.length);
  }

  get size(): number {
    return this.data.lengths.length;
  }

  documentFrequency(token: string): number {
    return (this.data.postings[token]?.length ?? 0) / 2;
  }

  idf(token: string): number {
    return bm25Idf(this.size, this.documentFrequency(token));
  }

  /**
   * Scores of every document with a query token, best first. `allow` limits the documents: a
   * test, or the allowed documents themselves (cheaper when they are few).
   */
  search(query: string[], limit: number, allow?: ((doc: number) => boolean) | readonly number[]): { doc: number; score: number }[] {
    if (Array.isArray(allow)) return this.searchWithin(query, limit, allow as readonly number[]);
    const test = allow as ((doc: number) => boolean) | undefined;
    const { k1, postings } = this.data;
    const { norms, scores, touched, allowState, met } = this;
    const k1p1 = k1 + 1;
    let count = 0;
    let metCount = 0;
    try {
      for (const token of new Set(query)) {
        const list = postings[token];
        if (!list) continue;
        const idf = this.idf(token);
        for (let i = 0; i < list.length; i += 2) {
          const doc = list[i] as number;
          let state = allowState[doc] as number;
          if (state === UNKNOWN) {
            state = !test || test(doc) ? ALLOWED : DENIED;
            allowState[doc] = state;
            met[metCount++] = doc;
            if (state === ALLOWED) touched[count++] = doc;
          }
          if (state === DENIED) continue;
          const tf = list[i + 1] as number;
          scores[doc] = (scores[doc] as number) + (idf * tf * k1p1) / (tf + (norms[doc] as number));
        }
      }
      return topK(touched, count, scores, limit);
    } finally {
      // Reset only what this search touched.
      for (let i = 0; i < count; i++) scores[touched[i] as number] = 0;
      for (let i = 0; i < metCount; i++) allowState[met[i] as number] = UNKNOWN;
    }
  }

  private searchWithin(query: string[], limit: number, docs: readonly number[]): { doc: number; score: number }[] {
    const { k1, postings } = this.data;
    const k1p1 = k1 + 1;
    const tokens = [...new Set(query)].flatMap((token) => {
      const list = postings[token];
      return list ? [{ list, idf: this.idf(token) }] : [];
    });
    const hits: { doc: number; score: number; first: number }[] = [];
    for (const doc of new Set(docs)) {
      let score = 0;
      let first = -1;
      tokens.forEach(({ list, idf }, t) => {
        const tf = frequency(list, doc);
        if (tf === 0) return;
        if (first < 0) first = t;
        score += (idf * tf * k1p1) / (tf + (this.norms[doc] as number));
      });
      if (first >= 0) hits.push({ doc, score, first });
    }
    // A scan meets documents token by token, each token's postings in document order.
    hits.sort((a, b) => b.score - a.score || a.first - b.first || a.doc - b.doc);
    return hits.slice(0, Math.max(0, limit)).map(({ doc, score }) => ({ doc, score }));
  }
}

/** The documents whose postings hold every one of `tokens`, ascending (none when a token is unknown). */
export function documentsWithAll(data: Bm25Data, tokens: readonly string[]): number[] {
  const lists: ArrayLike<number>[] = [];
  for (const t of new Set(tokens)) {
    const list = data.postings[t];
    if (!list) return [];
    lists.push(list);
  }
  // The shortest list walked, each of its documents looked up in the others.
  lists.sort((a, b) => a.length - b.length);
  const [shortest = [], ...others] = lists;
  const out: number[] = [];
  for (let i = 0; i < shortest.length; i += 2) {
    const doc = shortest[i] as number;
    if (others.every((l) => frequency(l, doc) > 0)) out.push(doc);
  }
  return out;
}

/** The term frequency of `doc` in a postings list ([doc, tf, doc, tf, …], documents ascending), 0 when absent. */
function frequency(list: ArrayLike<number>, doc: number): number {
  let lo = 0;
  let hi = list.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const d = list[2 * mid] as number;
    if (d === doc) return list[2 * mid + 1] as number;
    if (d < doc) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

/** The best `limit` of the touched documents, by score then by the order they were met (as a stable sort would give). */
function topK(touched: Int32Array, count: number, scores: Float64Array, limit: number): { doc: number; score: number }[] {
  const n = Math.min(limit, count);
  if (n <= 0) return [];
  // better(a, b): a ranks before b. Positions in `touched` break ties.
  const better = (a: number, b: number) => {
    const sa = scores[touched[a] as number] as number;
    const sb = scores[touched[b] as number] as number;
    return sa > sb || (sa === sb && a < b);
  };
  // A heap of positions whose root is the worst of the best n so far.
  const heap: number[] = [];
  const up = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!better(heap[parent] as number, heap[i] as number)) break;
      [heap[parent], heap[i]] = [heap[i] as number, heap[parent] as number];
      i = parent;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < heap.length && better(heap[worst] as number, heap[l] as number)) worst = l;
      if (r < heap.length && better(heap[worst] as number, heap[r] as number)) worst = r;
      if (worst === i) return;
      [heap[worst], heap[i]] = [heap[i] as number, heap[worst] as number];
      i = worst;
    }
  };
  for (let pos = 0; pos < count; pos++) {
    if (heap.length < n) {
      heap.push(pos);
      up(heap.length - 1);
    } else if (better(pos, heap[0] as number)) {
      heap[0] = pos;
      down(0);
    }
  }
  return heap
    .sort((a, b) => (better(a, b) ? -1 : 1))
    .map((pos) => ({ doc: touched[pos] as number, score: scores[touched[pos] as number] as number }));
}
