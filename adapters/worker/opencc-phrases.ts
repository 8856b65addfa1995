/**
 * Build side (Node) of adapters/worker/opencc.ts: opencc-js's simplified →
 * traditional phrase dictionaries cut to the phrases that occur in the given
 * texts (the corpus, and the core's sources, which hold the answer
 * templates). The whole of STPhrases is 400 KB gzipped; what the corpus uses
 * is a few KB.
 *
 * Why conversion stays exact for any part of those texts (every quote an
 * answer gives, every place name, every template): opencc segments and
 * converts by longest match at each position, and every phrase that can match
 * inside a part of a text occurs in that text, so it is kept; every match,
 * and so every output, is the one the whole dictionary gives.
 */
import STPhrases from 'opencc-js/dict/STPhrases';
import STPhrasesGenerated from 'opencc-js/dict/STPhrases_GeneratedFromRegionalPhrases';

export interface PrunedPhrases {
  stPhrases: string;
  stPhrasesGenerated: string;
}

function entries(dict: string): [source: string, entry: string][] {
  if (!dict) return [];
  return dict.split('|').map((entry) => [entry.split(' ')[0] ?? '', entry]);
}

const HAN_RUN = /[\u3400-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}]+/gu;

/** The phrase sources that occur in the texts (phrases are runs of Han characters). */
function occurring(texts: string[], sources: Set<string>): Set<string> {
  const lengths = [...new Set([...sources].map((s) => s.length))];
  const found = new Set<string>();
  for (const text of texts) {
    for (const m of text.matchAll(HAN_RUN)) {
      const run = m[0];
      for (let i = 0; i < run.length; i++) {
        for (const n of lengths) {
          if (i + n > run.length) continue;
          const piece = run.slice(i, i + n);
          if (sources.has(piece)) found.add(piece);
        }
      }
    }
  }
  return found;
}

export function prunedPhrases(texts: string[]): PrunedPhrases {
  const st = entries(STPhrases);
  const generated = entries(STPhrasesGenerated);
  const present = occurring(texts, new Set([...st, ...generated].map(([source]) => source).filter(Boolean)));
  const keep = (list: [string, string][]) => list.filter(([source]) => present.has(source)).map(([, entry]) => entry).join('|');
  return { stPhrases: keep(st), stPhrasesGenerated: keep(generated) };
}
