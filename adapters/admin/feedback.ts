/** The feedback view: entries newest first, a page at a time, with the question, answer and citations when the service has them. */
import { FeedbackPageSchema, type Call, type FeedbackView } from './api.js';
import { citationList, h } from './dom.js';
import { TEXT } from './text.js';

const FEEDBACK_PAGE = 20;

export function feedbackView(call: Call) {
  const list = h('div', { class: 'feedback-list', 'aria-live': 'polite' });
  const refresh = h('button', { class: 'secondary', type: 'button' }, TEXT.refresh);
  const more = h('button', { class: 'secondary', type: 'button', hidden: '' }, TEXT.more);
  const alert = h('p', { class: 'alert', role: 'alert' });
  const element = h('div', { 'data-view': 'feedback' }, h('section', { class: 'card' }, h('h2', {}, TEXT.feedback, ' ', refresh), alert, list, more));
  let next: string | null = null;

  const entry = (item: FeedbackView): HTMLElement => {
    const context = item.context ?? { question: item.question, answer: item.answer, citations: item.citations };
    const rating = item.rating === 'up' ? TEXT.up : item.rating === 'down' ? TEXT.down : item.rating;
    const meta = [new Date(item.at).toLocaleString('zh-CN', { hour12: false }), rating, item.answerId ? `answerId ${item.answerId}` : '', item.conversationId ? `conversationId ${item.conversationId}` : '']
      .filter(Boolean)
      .join(' · ');
    const hasContext = context.question !== undefined || context.answer !== undefined;
    return h(
      'article',
      { class: 'feedback-entry', 'data-feedback': item.id },
      h('div', { class: 'meta' }, meta),
      item.comment ? h('p', { class: 'comment' }, item.comment) : null,
      hasContext && context.question !== undefined ? h('p', { class: 'q' }, `${TEXT.question}：${context.question}`) : null,
      hasContext && context.answer !== undefined ? h('p', { class: 'answer-text' }, `${TEXT.answer}：${context.answer}`) : null,
      context.citations?.length ? citationList(context.citations) : null,
      hasContext ? null : h('p', { class: 'note' }, TEXT.noContext),
    );
  };

  async function load(append: boolean): Promise<void> {
    const cursor = append && next ? `&cursor=${encodeURIComponent(next)}` : '';
    try {
      const page = await call(`api/admin/feedback?limit=${FEEDBACK_PAGE}${cursor}`, FeedbackPageSchema);
      alert.textContent = '';
      next = page.next ?? null;
      const items = page.entries.map(entry);
      if (append) list.append(...items);
      else list.replaceChildren(...(items.length ? items : [h('p', { class: 'note' }, TEXT.noFeedback)]));
      more.hidden = next === null;
    } catch (error) {
      alert.textContent = error instanceof Error ? error.message : String(error);
    }
  }
  refresh.addEventListener('click', () => void load(false));
  more.addEventListener('click', () => void load(true));
  return { element, shown: () => void load(false) };
}

// -- ask with diagnostics
