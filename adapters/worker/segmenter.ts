/**
 * The word segmenter of the Worker index, runtime-neutral: jieba-wasm with the
 * corpus's own vocabulary added through `add_word`. The build (Node) and the
 * Worker both segment through this one function over the same WebAssembly
 * module (generated/jieba.wasm is a copy of jieba-wasm's `web` build), so a
 * query is cut the way the paragraphs were cut at build time.
 */
import type { WordSegmenter } from '../../src/retrieve/tokenize.js';

/** The two functions of jieba-wasm this uses (its `web` build, already initialised). */
export interface JiebaWasm {
  cut(text: string, hmm?: boolean | null): string[];
  add_word(word: string, freq?: number | null, tag?: string | null): number;
}

/** The frequency given to corpus words: the same weight the Node segmenter (adapters/node/index/jieba.ts) gives them. */
export const CORPUS_WORD_FREQUENCY = 200_000;

/** The words added to jieba: unique, two characters or more, no white space (as in adapters/node/index/jieba.ts). */
export function segmenterWords(vocabulary: Iterable<string>): string[] {
  return [...new Set(vocabulary)].filter((w) => w.length >= 2 && !/\s/u.test(w));
}

/**
 * A segmenter over jieba-wasm. jieba-wasm keeps one dictionary per
 * WebAssembly instance, so the words are added to that instance: use one
 * vocabulary per instance (one index per Worker isolate, one per build).
 */
export function jiebaWasmSegmenter(jieba: JiebaWasm, vocabulary: Iterable<string>): WordSegmenter {
  for (const word of segmenterWords(vocabulary)) jieba.add_word(word, CORPUS_WORD_FREQUENCY, 'n');
  return { cut: (text) => jieba.cut(text, true) };
}
