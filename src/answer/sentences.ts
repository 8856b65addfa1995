/**
 * Sentences and clauses of a paragraph, each in the report's own script and in
 * search form, so the answer can quote the original and match on simplified.
 */
import { LRUCache } from 'lru-cache';
import { toSimplified } from '../ingest/script.js';
import { searchForm } from '../retrieve/tokenize.js';

export interface Sentence {
  text: string;
  simplified: string;
  search: string;
}

const SENTENCE = /[^。！？!?；;]+(?:[。！？!?；;]+[”’」』)）]*)?/gu;
const CLAUSE = /[^，,；;。！？!?]+(?:[，,；;。！？!?]+[”’」』)）]*)?/gu;

/**
 * Paragraphs split already, by pattern and text. The paragraphs answers come from recur ask after ask, and
 * converting each sentence's script was the largest part of an answer's CPU time; a paragraph is split once.
 */
const SPLIT_CACHE = 20_000;
const split = new Map<RegExp, LRUCache<string, readonly Readonly<Sentence>[]>>([
  [SENTENCE, new LRUCache({ max: SPLIT_CACHE })],
  [CLAUSE, new LRUCache({ max: SPLIT_CACHE })],
]);

function sentencesOf(text: string, pattern: RegExp): Sentence[] {
  const cache = split.get(pattern);
  let sentences = cache?.get(text);
  if (!sentences) {
    sentences = (text.match(pattern) ?? [])
      .map((s) => s.trim())
      .filter((s) => s.length > 0)
      .map((s) => {
        const simplified = toSimplified(s);
        return Object.freeze({ text: s, simplified, search: searchForm(simplified) });
      });
    cache?.set(text, sentences);
  }
  // a copy of the list, so that a caller sorting or filtering in place leaves the cached one whole
  return sentences.slice();
}

export function splitSentences(text: string): Sentence[] {
  return sentencesOf(text, SENTENCE);
}

export function splitClauses(text: string): Sentence[] {
  return sentencesOf(text, CLAUSE);
}

export const hasFigure = (s: string) => /\d/u.test(s);

/** A text with these names (places, words of a phrase) taken out, each left as the gap given. */
export function withoutNames(text: string, names: string[], gap = ' '): string {
  return names.reduce((s, name) => s.split(name).join(gap), text);
}

/** Where an enumerated item starts: "一是", "其二", "第三，", "（四）", "5.", "①". */
const ITEM = /(?:^|(?<=[：:；;。，,\s]))(?:[一二三四五六七八九十]+是|其[一二三四五六七八九十]是?[，,]?|第[一二三四五六七八九十]+[，,、]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[.．、](?!\d)|[①②③④⑤⑥⑦⑧⑨⑩])/gu;

// A non-global copy: exec on the global ITEM would leave a lastIndex behind, where the next matchAll's clone of ITEM
// starts, and a later paragraph's "一是" at 0 would go unseen.
const ITEM_AT_START = new RegExp(`^(?:${ITEM.source})`, 'u');

/** Whether a paragraph opens as an item of a list ("1. 压实领导责任。", "（二）…", "三是…"). */
export function startsItem(text: string): boolean {
  return ITEM_AT_START.test(text.trim());
}

/**
 * The items of a paragraph that enumerates ("一是…；二是…；三是…"), each to the
 * end of its first sentence; none when the paragraph lists fewer than two.
 */
export function enumeratedItems(text: string): string[] {
  const starts = [...text.matchAll(ITEM)].map((m) => m.index);
  if (starts.length < 2) return [];
  return starts.map((start, i) => {
    const item = text.slice(start, starts[i + 1] ?? text.length);
    const first = /^[^。！？!?；;]+/u.exec(item)?.[0] ?? item;
    // "1.推进法治建设责任落实。继续把…": a title of its own names the item; what is done follows it.
    const titled = ITEM_TITLE_ONLY.test(first.replace(ITEM_AT_START, '')) ? /^[^。！？!?；;]+[。；;][^。！？!?；;]+/u.exec(item)?.[0] ?? first : first;
    return titled.replace(/[，,、：:\s]+$/u, '');
  }).filter((item) => item.length >= 4);
}

/** An item's first sentence that is only its title: short, without a comma or a figure ("推进法治建设责任落实"). */
const ITEM_TITLE_ONLY = /^[^，,、：:\d]{2,14}$/u;

/**
 * What a paragraph says before the items it enumerates ("街道还存在一些薄弱环节：" of "…：一是…；二是…"), or null when it
 * lists fewer than two or opens with the first.
 */
export function leadOfItems(text: string): string | null {
  const starts = [...text.matchAll(ITEM)].map((m) => m.index);
  return starts.length >= 2 && starts[0]! > 0 ? text.slice(0, starts[0]) : null;
}

/** Drops the trailing punctuation of a quote and ends it with a full stop. */
export function asSentence(text: string): string {
  return `${text.replace(/[，,；;、:：\s]+$/u, '').replace(/[。！？!?]+$/u, '')}。`;
}
