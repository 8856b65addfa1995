/**
 * The index artifact the Worker serves from, written by `npm run worker:build`
 * (adapters/worker/build.ts) into generated/artifact.js: the ingested reports,
 * their paragraphs and the lexical (BM25) index, its words cut by jieba-wasm.
 * Runtime-neutral.
 *
 * To save bundle room the artifact carries the word postings only; the
 * character-bigram postings, which need no segmenter, are derived from the
 * paragraphs when the Worker loads (`unpackLexical`), and the build checks
 * that this gives back exactly the index it built.
 */
import { lexicalText, type LexicalData } from '../../src/retrieve/lexical.js';
import { bigrams } from '../../src/retrieve/tokenize.js';
import type { Paragraph, ReportDocument } from '../../src/schema.js';

/** Bumped when the artifact's layout changes. */
export const ARTIFACT_VERSION = 1;

const BIGRAM = 'b:';

export interface WorkerArtifact {
  version: number;
  /** What the words of the lexical index were cut with, e.g. `jieba-wasm@2.4.0`. */
  segmenter: string;
  /** Identity of the corpus it was built from (loadCorpus's hash). */
  corpusHash: string;
  documents: ReportDocument[];
  paragraphs: Paragraph[];
  skipped: { file: string; reason: string }[];
  /** The lexical index without its bigram postings. */
  lexical: LexicalData;
}

export class ArtifactError extends Error {}

/** The index as stored: every posting but the bigrams'. */
export function packLexical(data: LexicalData): LexicalData {
  const postings: Record<string, number[]> = {};
  for (const [token, list] of Object.entries(data.bm25.postings)) if (!token.startsWith(BIGRAM)) postings[token] = Array.from(list);
  return { vocabulary: data.vocabulary, bm25: { ...data.bm25, postings } };
}

/** The whole index again: the bigram postings counted from the paragraphs, as buildBm25 counts them. */
export function unpackLexical(packed: LexicalData, paragraphs: Paragraph[]): LexicalData {
  const postings: Record<string, number[]> = {};
  for (const [token, list] of Object.entries(packed.bm25.postings)) postings[token] = Array.from(list);
  paragraphs.forEach((p, i) => {
    const tf = new Map<string, number>();
    for (const b of bigrams(lexicalText(p))) tf.set(b, (tf.get(b) ?? 0) + 1);
    for (const [b, n] of tf) (postings[`${BIGRAM}${b}`] ??= []).push(i, n);
  });
  return { vocabulary: packed.vocabulary, bm25: { ...packed.bm25, postings } };
}

/** A cheap shape check at start (a full schema parse would cost start-up time); throws ArtifactError. */
export function checkArtifact(raw: unknown): WorkerArtifact {
  const a = raw as Partial<WorkerArtifact> | null | undefined;
  const fix = 'rebuild it with `npm run worker:build`';
  if (!a || typeof a !== 'object') throw new ArtifactError(`no index artifact; ${fix}`);
  if (a.version !== ARTIFACT_VERSION) throw new ArtifactError(`index artifact version ${String(a.version)}, expected ${ARTIFACT_VERSION}; ${fix}`);
  if (!Array.isArray(a.documents) || !Array.isArray(a.paragraphs) || !a.lexical?.bm25 || !Array.isArray(a.lexical.vocabulary)) {
    throw new ArtifactError(`malformed index artifact; ${fix}`);
  }
  if (a.lexical.bm25.lengths.length !== a.paragraphs.length) throw new ArtifactError(`index artifact counts disagree; ${fix}`);
  return a as WorkerArtifact;
}
