/**
 * The Worker's stand-in for `opencc-js` (wrangler.toml `[alias]`, and the
 * worker vitest project's resolve.alias): the same `Converter` the core calls
 * in src/ingest/script.ts, built from opencc-js's own core and dictionaries
 * with the same conversion chains as its full preset, for the only two
 * directions the core uses.
 *
 * - tw → cn (searchForm, every token): exactly opencc-js's dictionaries, so
 *   the Worker folds text as the build did.
 * - cn → tw (answers to questions in traditional script, script detection):
 *   opencc-js's STPhrases alone is 1 MB (400 KB gzipped), too much beside
 *   jieba's 2.7 MiB under the 3 MiB limit; the build keeps only the phrases
 *   that occur in the corpus and in the core's sources, which hold the answer
 *   templates (opencc-phrases.ts), and stores them with the index in D1, so
 *   the script does not grow with the corpus: the Worker hands them over with
 *   `useCorpusPhrases` when it loads a generation. Conversion is
 *   therefore identical for any part of those texts (every quote, place name
 *   and template); other text (a place named only in a question) falls back
 *   to opencc's character table where a dropped phrase would have matched.
 */
import { ConverterBuilder, type DictGroup, type DictLike, type LocalePreset } from 'opencc-js/core';
import CJK_Compatibility_Ideographs from 'opencc-js/dict/CJK_Compatibility_Ideographs';
import STCharacters from 'opencc-js/dict/STCharacters';
import TSCharacters from 'opencc-js/dict/TSCharacters';
import TSPhrases from 'opencc-js/dict/TSPhrases';
import TWVariants from 'opencc-js/dict/TWVariants';
import TWVariantsPhrases from 'opencc-js/dict/TWVariantsPhrases';
import TWVariantsRev from 'opencc-js/dict/TWVariantsRev';
import TWVariantsRevPhrases from 'opencc-js/dict/TWVariantsRevPhrases';
import type { PrunedPhrases } from './opencc-phrases.js';

export type { ConverterFunction, ConverterOptions } from 'opencc-js/core';

/** opencc-js reads '' as one malformed entry; no phrases is an empty list. */
const dict = (d: string): DictLike => (d === '' ? [] : d);

interface ChainConfig {
  normalizationChain: DictGroup[];
  segmentation: DictGroup;
  conversionChain: DictGroup[];
}

/** The tw2s and s2tw entries of opencc-js's full preset (dist/esm-lib/preset/full.js), with the given phrases. */
function presetWith(phrases: PrunedPhrases): LocalePreset {
  const STPhrases = dict(phrases.stPhrases);
  const STPhrasesGenerated = dict(phrases.stPhrasesGenerated);
  const configs: Record<'tw2s' | 's2tw', ChainConfig> = {
    tw2s: {
      normalizationChain: [[CJK_Compatibility_Ideographs]],
      segmentation: [TSPhrases],
      conversionChain: [[TWVariantsRevPhrases, TWVariantsRev], [TSPhrases, TSCharacters]],
    },
    s2tw: {
      normalizationChain: [[CJK_Compatibility_Ideographs]],
      // opencc-js reads a segmentation group only when every dictionary in it is a string
      segmentation: [phrases.stPhrases, phrases.stPhrasesGenerated].filter((d) => d !== ''),
      conversionChain: [[STPhrases, STPhrasesGenerated, STCharacters], [TWVariantsPhrases, TWVariants]],
    },
  };
  return {
    from: { tw: [[TWVariantsRevPhrases, TWVariantsRev]], cn: [[STPhrases, STCharacters]] },
    to: { cn: [[TSPhrases, TSCharacters]], tw: [[TWVariantsPhrases, TWVariants]] },
    configs,
  } as unknown as LocalePreset;
}

const NO_PHRASES: PrunedPhrases = { stPhrases: '', stPhrasesGenerated: '' };
/** tw → cn needs no corpus phrases: built once. */
const tw2cn = ConverterBuilder(presetWith(NO_PHRASES))({ from: 'tw', to: 'cn' });
/** cn → tw with the serving generation's phrases, built when first used after they change. */
let phrases = NO_PHRASES;
let cn2tw: ((text: string) => string) | null = null;

/** The phrases of the corpus being served (from D1, per generation); until then cn → tw uses the character table alone. */
export function useCorpusPhrases(next: PrunedPhrases): void {
  if (next.stPhrases === phrases.stPhrases && next.stPhrasesGenerated === phrases.stPhrasesGenerated) return;
  phrases = next;
  cn2tw = null;
}

/** As opencc-js's `Converter`, for `{ from: 'tw', to: 'cn' }` and `{ from: 'cn', to: 'tw' }`. */
export function Converter(options: { from: string; to: string }): (text: string) => string {
  if (!((options.from === 'tw' && options.to === 'cn') || (options.from === 'cn' && options.to === 'tw'))) {
    throw new Error(`the Worker's opencc carries only tw→cn and cn→tw, not ${options.from}→${options.to}`);
  }
  if (options.from === 'tw') return tw2cn;
  return (text) => (cn2tw ??= ConverterBuilder(presetWith(phrases))({ from: 'cn', to: 'tw' }))(text);
}
