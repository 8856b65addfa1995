import { describe, expect, it } from 'vitest';
import { scoreOne, summarize, summaryLine } from '../adapters/node/cli/eval-rules.js';

describe('the in-process scoring mirrors score.mjs', () => {
  const q = { id: 'q1', kind: 'numeric', q: '多少件？', cite: [['691']], answer: [['691']] };
  const cited = [{ text: '共调解矛盾纠纷691件' }];

  it('counts an answer that misses as wrong, a refusal as not wrong', () => {
    const rows = [
      scoreOne(q, { answered: true, answer: '691件[1]', citations: cited }),
      scoreOne({ ...q, id: 'q2' }, { answered: true, answer: '39起[1]', citations: cited }),
      scoreOne({ ...q, id: 'q3' }, { answered: false, answer: '未找到', citations: [] }),
      scoreOne({ id: 'q4', kind: 'none', q: '护照？' }, { answered: false, answer: '未找到', citations: [] }),
    ];
    const s = summarize(rows);
    expect(s).toMatchObject({ questions: 4, none_ok: 1 });
    expect(s.answer_hit).toBeCloseTo(1 / 3);
    expect(s.wrong).toBeCloseTo(1 / 3);
    expect(s.false_refusal).toBeCloseTo(1 / 3);
    expect(summaryLine(s, 5)).toBe('cite_hit@5=0.67 answer_hit=0.33 false_refusal=0.33 wrong=0.33 none_ok=1.00 concise=1.00');
  });
});
