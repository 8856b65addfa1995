/**
 * The jieba word segmenter (Node, native) with this corpus's own vocabulary:
 * place names and terms taken from the ingested reports, so "郭家沱街道" or
 * "一网通办" are one word whatever jieba's general dictionary says.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import type { WordSegmenter } from '../../../src/retrieve/tokenize.js';

export function jiebaSegmenter(vocabulary: Iterable<string>): WordSegmenter {
  const jieba = Jieba.withDict(dict);
  const lines = [...new Set(vocabulary)].filter((w) => w.length >= 2 && !/\s/.test(w)).map((w) => `${w} 200000 n`);
  if (lines.length) jieba.loadDict(new TextEncoder().encode(`${lines.join('\n')}\n`));
  return { cut: (text) => jieba.cut(text, true) };
}
