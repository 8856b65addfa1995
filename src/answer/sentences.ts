/**
 * Sentences and clauses of a paragraph, each in the report's own script and in
 * search form, so the answer can quote the original and match on simplified.
 */
import { toSimplified } from '../ingest/script.js';
import { searchForm } from '../retrieve/tokenize.js';

export interface Sentence {
  text: string;
  simplified: string;
  search: string;
}

const SENTENCE = /[^。！？!?；;]+(?:[。！？!?；;]+[”’」』)）]*)?/gu;
const CLAUSE = /[^，,；;。！？!?]+(?:[，,；;。！？!?]+[”’」』)）]*)?/gu;

function sentencesOf(text: string, pattern: RegExp): Sentence[] {
  return (text.match(pattern) ?? [])
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => {
      const simplified = toSimplified(s);
      return { text: s, simplified, search: searchForm(simplified) };
    });
}

export function splitSentences(text: string): Sentence[] {
  return sentencesOf(text, SENTENCE);
}

export function splitClauses(text: string): Sentence[] {
  return sentencesOf(text, CLAUSE);
}

export const hasFigure = (s: string) => /\d/u.test(s);

/** Drops the trailing punctuation of a quote and ends it with a full stop. */
export function asSentence(text: string): string {
  return `${text.replace(/[，,；;、:：\s]+$/u, '').replace(/[。！？!?]+$/u, '')}。`;
}
