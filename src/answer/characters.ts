/**
 * Evidence that survives paraphrase: the question's content characters found
 * in a sentence, each weighted by how rare it is in the corpus. An official's
 * everyday words share few words with a report but often its characters
 * ("罚款收了多少钱" and "收缴罚没款31.4万元": 罚, 款, 收; "执法证" and
 * "执法证件"), while a question about something the reports never mention
 * shares almost none ("种了多少棵树").
 */
import type { Retriever } from '../retrieve/retriever.js';

/** How much a character says: rare characters much, common ones (的, 年, 全) little. */
export type CharWeight = (ch: string) => number;

const CJK = /[\u3400-\u9fff]/u;
const weights = new WeakMap<Retriever, CharWeight>();

/** The CJK blocks counted: Extension A (U+3400) through the Unified Ideographs (U+9FFF). */
const FIRST = 0x3400;
const LAST = 0x9fff;

/**
 * The character weights of a retriever's corpus (inverse paragraph frequency), worked out once per
 * retriever. Counted in typed arrays over char codes: at 50,000 paragraphs a Set and a Map per
 * character took over a second of a server's start-up.
 */
export function charWeights(retriever: Retriever): CharWeight {
  let weight = weights.get(retriever);
  if (weight) return weight;
  const frequency = new Uint32Array(LAST - FIRST + 1);
  // The last paragraph that counted a character, so each counts once per paragraph.
  const seenIn = new Int32Array(LAST - FIRST + 1).fill(-1);
  let paragraphs = 0;
  for (const d of retriever.documents) {
    for (const p of retriever.paragraphsOf(d.id)) {
      const text = p.simplified;
      for (let i = 0; i < text.length; i++) {
        const slot = text.charCodeAt(i) - FIRST;
        if (slot < 0 || slot > LAST - FIRST || seenIn[slot] === paragraphs) continue;
        seenIn[slot] = paragraphs;
        frequency[slot] = (frequency[slot] ?? 0) + 1;
      }
      paragraphs++;
    }
  }
  weight = (ch: string) => {
    const slot = ch.charCodeAt(0) - FIRST;
    const n = slot >= 0 && slot <= LAST - FIRST ? (frequency[slot] ?? 0) : 0;
    return Math.log(1 + paragraphs / (1 + n));
  };
  weights.set(retriever, weight);
  return weight;
}

/** The share of the weight of the words' characters that a text holds. */
export function charCoverage(words: string[], text: string, weight: CharWeight): number {
  let total = 0;
  let found = 0;
  for (const ch of new Set(words.join(''))) {
    if (!CJK.test(ch)) continue;
    const w = weight(ch);
    total += w;
    if (text.includes(ch)) found += w;
  }
  return total ? found / total : 0;
}
