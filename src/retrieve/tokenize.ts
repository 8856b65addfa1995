/**
 * Search tokens for Chinese text: the words of a word segmenter plus character
 * bigrams, so that a name the segmenter splits oddly ("月亮岛" → 月亮/岛) still
 * matches. Runtime-neutral: the segmenter is passed in (jieba in Node, bigrams
 * alone where no segmenter runs).
 */
import { toSimplified } from '../ingest/script.js';

export interface WordSegmenter {
  cut(text: string): string[];
}

/** Full-width forms folded, lower case, simplified script: the form every search compares. */
export function searchForm(text: string): string {
  return toSimplified(text.normalize('NFKC').toLowerCase());
}

const CJK_RUN = /[\u3400-\u9fff\uf900-\ufaff]+/gu;
const WORDISH = /[\p{L}\p{N}]/u;

export function bigrams(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(CJK_RUN)) {
    const run = m[0];
    if (run.length === 1) out.push(run);
    for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  }
  return out;
}

/** Tokens of a text already in search form: words as `w:…`, bigrams as `b:…`. */
export function searchTokens(text: string, segmenter?: WordSegmenter): string[] {
  const out: string[] = [];
  if (segmenter) {
    for (const w of segmenter.cut(text)) if (WORDISH.test(w)) out.push(`w:${w}`);
  } else {
    for (const m of text.matchAll(/[a-z0-9.%]+/gu)) out.push(`w:${m[0]}`);
  }
  for (const b of bigrams(text)) out.push(`b:${b}`);
  return out;
}
