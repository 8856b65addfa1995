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

/** The character weights of a retriever's corpus (inverse paragraph frequency), worked out once per retriever. */
export function charWeights(retriever: Retriever): CharWeight {
  let weight = weights.get(retriever);
  if (weight) return weight;
  const frequency = new Map<string, number>();
  let paragraphs = 0;
  for (const d of retriever.documents) {
    for (const p of retriever.paragraphsOf(d.id)) {
      paragraphs++;
      for (const ch of new Set(p.simplified)) if (CJK.test(ch)) frequency.set(ch, (frequency.get(ch) ?? 0) + 1);
    }
  }
  weight = (ch: string) => Math.log(1 + paragraphs / (1 + (frequency.get(ch) ?? 0)));
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
