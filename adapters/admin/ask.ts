/**
 * Ask with diagnostics: one question through POST /api/ask, shown with the
 * verdict and why, the evidence strength, the ranked paragraphs (the quoted
 * sentence marked), warnings and time per stage. Fields the service does not
 * send yet (`diagnostics`) are rendered generically when they appear.
 */
import { AnswerSchema, ApiFailure, type AnswerView, type Call } from './api.js';
import { h, highlighted, renderValue } from './dom.js';
import { TEXT } from './text.js';

export function askView(call: Call) {
  const question = h('textarea', { name: 'question', required: '', maxlength: '500', 'aria-label': TEXT.question });
  const topK = h('input', { type: 'number', name: 'topK', min: '1', max: '20', value: '5' });
  const mode = h('select', { name: 'mode' }, ...Object.entries(TEXT.modes).map(([value, label]) => h('option', { value }, label)));
  const locality = h('input', { type: 'text', name: 'locality', maxlength: '50' });
  const year = h('input', { type: 'number', name: 'year', min: '1949', max: '2100' });
  const submit = h('button', { class: 'primary', type: 'submit' }, TEXT.askButton);
  const form = h(
    'form',
    { class: 'ask-form' },
    question,
    h(
      'div',
      { class: 'row' },
      h('label', {}, TEXT.topK, ' ', topK),
      h('label', {}, TEXT.mode, ' ', mode),
      h('label', {}, TEXT.locality, ' ', locality),
      h('label', {}, TEXT.year, ' ', year),
      submit,
    ),
  );
  const output = h('div', { class: 'diagnosis', 'aria-live': 'polite' });
  const element = h('div', { 'data-view': 'ask' }, h('section', { class: 'card' }, h('h2', {}, TEXT.ask), form), h('section', { class: 'card', hidden: '' }, output));

  const field = (diagnostics: unknown, key: string): unknown =>
    typeof diagnostics === 'object' && diagnostics !== null && key in diagnostics ? (diagnostics as Record<string, unknown>)[key] : undefined;

  function render(result: AnswerView): void {
    const diagnostics = result.diagnostics;
    const reason = field(diagnostics, 'reason');
    const evidence = field(diagnostics, 'evidence') ?? field(diagnostics, 'evidenceStrength');
    const ranked = field(diagnostics, 'ranked');
    const kv = h('dl', { class: 'kv' });
    const add = (label: string, value: Node | string) => kv.append(h('dt', {}, label), h('dd', {}, value));
    const because = result.answered ? TEXT.answeredBecause(result.citations.length, result.mode === 'llm') : TEXT.refusedBecause;
    add(TEXT.reason, typeof reason === 'string' ? TEXT.reasons[reason] ?? because : reason !== undefined ? renderValue(reason) : because);
    const questionType = field(diagnostics, 'questionType');
    if (typeof questionType === 'string') add(TEXT.questionType, questionType);
    add(TEXT.evidence, evidence !== undefined ? renderValue(evidence) : TEXT.notGiven);
    add(TEXT.mode, TEXT.modes[result.mode ?? ''] ?? result.mode ?? '—');
    if (result.warnings?.length) add(TEXT.warnings, result.warnings.join('；'));
    if (result.timings) add(TEXT.timings, Object.entries(result.timings).map(([k, v]) => `${k.replace(/Ms$/, '')} ${v.toFixed(1)}`).join(' · '));

    const rankedTable =
      Array.isArray(ranked) && ranked.length
        ? renderValue(ranked)
        : h(
            'table',
            { class: 'ranked' },
            h('thead', {}, h('tr', {}, h('th', {}, '#'), h('th', {}, 'score'), h('th', {}, TEXT.reports), h('th', {}, '段落'))),
            h(
              'tbody',
              {},
              ...result.citations.map((c) =>
                h(
                  'tr',
                  { 'data-paragraph': c.id },
                  h('td', { class: 'num' }, String(c.n)),
                  h('td', { class: 'num' }, c.score === undefined ? '—' : c.score.toFixed(4)),
                  h('td', {}, [c.title, ...(c.section ?? [])].join(' › '), c.page ? ` · 第 ${c.page} 页` : ''),
                  h('td', {}, ...highlighted(c.text ?? '', c.quote)),
                ),
              ),
            ),
          );
    const rest = typeof diagnostics === 'object' && diagnostics !== null ? Object.fromEntries(Object.entries(diagnostics).filter(([k]) => !['reason', 'evidence', 'evidenceStrength', 'ranked', 'questionType'].includes(k))) : {};
    output.replaceChildren(
      h('p', { class: `verdict ${result.answered ? 'ok' : 'bad'}`, 'data-answered': String(result.answered) }, result.answered ? TEXT.answered : TEXT.refused),
      h('p', { class: 'answer-text' }, result.answer),
      kv,
      h('h3', {}, TEXT.ranked),
      rankedTable,
      ...(Object.keys(rest).length ? [h('div', {}, h('h3', {}, TEXT.diagnostics), renderValue(rest))] : []),
    );
    output.parentElement?.removeAttribute('hidden');
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body: Record<string, unknown> = { question: question.value.trim(), topK: Number(topK.value) || 5 };
    if (mode.value) body.mode = mode.value;
    const filters: Record<string, unknown> = {};
    if (locality.value.trim()) filters.locality = locality.value.trim();
    if (year.value) filters.year = Number(year.value);
    if (Object.keys(filters).length) body.filters = filters;
    submit.disabled = true;
    call('api/ask', AnswerSchema, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }, false)
      .then(render)
      .catch((error: unknown) => {
        output.replaceChildren(h('p', { class: 'alert', role: 'alert' }, error instanceof ApiFailure ? TEXT.failed(error.status, error.message) : String(error)));
        output.parentElement?.removeAttribute('hidden');
      })
      .finally(() => {
        submit.disabled = false;
      });
  });
  return { element, shown: () => question.focus() };
}
