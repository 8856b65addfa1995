/**
 * The scoring rules of the shared question set (../shared/eval/score.mjs),
 * for the in-process evaluation: the same normalisation, the same hit tests,
 * the same summary (including `wrong`: answered, but the answer misses).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const EvalQuestionSchema = z.object({
  id: z.string(),
  kind: z.string(),
  q: z.string(),
  cite: z.array(z.array(z.string())).optional(),
  cite_each: z.array(z.array(z.array(z.string()))).optional(),
  answer: z.array(z.array(z.string())).optional(),
});
export type EvalQuestion = z.infer<typeof EvalQuestionSchema>;

export function readQuestions(file: string): EvalQuestion[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => EvalQuestionSchema.parse(JSON.parse(l)));
}

export const norm = (s: unknown) => String(s ?? '').normalize('NFKC')
  .replace(/\(([a-zü\u00e0-\u00fc\u0101-\u01dc]{1,7})\)/g, '')
  .replace(/\s+/g, '');
const has = (text: string, group: string[]) => group.some((alt) => text.includes(norm(alt)));

export interface Scored {
  id: string;
  kind: string;
  answered: boolean;
  len: number;
  cite_ok?: boolean;
  answer_ok?: boolean;
  none_ok?: boolean;
}

export interface AskResult {
  answered: boolean;
  answer: string;
  citations: { text: string; title?: string; locality?: string }[];
}

export function scoreOne(q: EvalQuestion, body: AskResult, k = 5): Scored {
  const cites = body.citations.slice(0, k).map((c) => norm([c.text, c.title, c.locality].filter(Boolean).join(' ')));
  const answer = norm(body.answer);
  const row: Scored = { id: q.id, kind: q.kind, answered: body.answered, len: answer.length };
  if (q.kind === 'none') row.none_ok = !body.answered;
  else {
    if (q.cite) row.cite_ok = cites.some((c) => q.cite!.every((g) => has(c, g)));
    if (q.cite_each) row.cite_ok = q.cite_each.every((groups) => cites.some((c) => groups.every((g) => has(c, g))));
    if (q.answer) row.answer_ok = row.answered && q.answer.every((g) => has(answer, g));
  }
  return row;
}

export type Summary = ReturnType<typeof summarize>;

export function summarize(rows: Scored[]) {
  const rate = (xs: boolean[]) => (xs.length ? xs.filter(Boolean).length / xs.length : null);
  const answerable = rows.filter((r) => r.kind !== 'none');
  const judged = answerable.filter((r) => r.answer_ok !== undefined);
  return {
    questions: rows.length,
    cite_hit: rate(answerable.filter((r) => r.cite_ok !== undefined).map((r) => r.cite_ok === true)),
    answer_hit: rate(judged.map((r) => r.answer_ok === true)),
    false_refusal: rate(answerable.map((r) => !r.answered)),
    wrong: rate(judged.map((r) => r.answered && r.answer_ok === false)),
    none_ok: rate(rows.filter((r) => r.kind === 'none').map((r) => r.none_ok === true)),
    concise: rate(answerable.filter((r) => ['numeric', 'fact', 'traditional', 'paraphrase'].includes(r.kind) && r.answer_ok).map((r) => r.len <= 160)),
  };
}

const fmt = (x: number | null) => (x === null ? 'n/a' : x.toFixed(2));

/** The summary line score.mjs prints (less its timing and error fields). */
export function summaryLine(s: Summary, k: number): string {
  return `cite_hit@${k}=${fmt(s.cite_hit)} answer_hit=${fmt(s.answer_hit)} false_refusal=${fmt(s.false_refusal)} wrong=${fmt(s.wrong)} none_ok=${fmt(s.none_ok)} concise=${fmt(s.concise)}`;
}
