import type { Citation } from '../../src/schema.js';

/** A citation [n] of one made-up report, for the guard and LLM tests. */
export function cite(n: number, text: string, extra: Partial<Citation> = {}): Citation {
  return {
    n,
    id: `doc-a#p${n}`,
    docId: 'doc-a',
    title: '2021年法治政府建设情况报告',
    locality: '示例市',
    year: 2021,
    section: ['一、主要工作'],
    text,
    simplified: text,
    score: 1 - n / 10,
    ...extra,
  };
}
