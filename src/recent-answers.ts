/**
 * The question, answer and citations behind a feedback entry. A rating only
 * names its `answerId`; the recent answers are remembered here (fed by the
 * Observer, see src/observe.ts) so the admin feedback list can show what each
 * rating was about. Memory only and bounded: after a restart, or past `max`
 * newer answers, an entry shows its ids alone.
 */
import { LRUCache } from 'lru-cache';
import type { FeedbackEntry, FeedbackPage, FeedbackStore } from './http/feedback.js';
import type { Observer } from './observe.js';

export interface AnswerContext {
  question: string;
  answer: string;
  answered: boolean;
  /** What a reviewer needs to find each source, not the whole paragraph. */
  citations: { n: number; id: string; docId: string; title: string; section: string[]; quote?: string; page?: number }[];
}

export type FeedbackWithContext = FeedbackEntry & { context?: AnswerContext };

export class RecentAnswers {
  private readonly answers: LRUCache<string, AnswerContext>;

  constructor(max = 2000) {
    this.answers = new LRUCache({ max });
  }

  readonly observer: Pick<Observer, 'onAsk'> = {
    onAsk: (result, { question }) => {
      this.answers.set(result.id, {
        question,
        answer: result.answer,
        answered: result.answered,
        citations: result.citations.map((c) => ({
          n: c.n,
          id: c.id,
          docId: c.docId,
          title: c.title,
          section: c.section,
          ...(c.quote !== undefined ? { quote: c.quote } : {}),
          ...(c.page !== undefined ? { page: c.page } : {}),
        })),
      });
    },
  };

  get(answerId: string): AnswerContext | undefined {
    return this.answers.get(answerId);
  }
}

/** `store` whose listed entries carry the `context` of their answer, when it is still remembered. */
export function feedbackWithContext(store: FeedbackStore, recent: RecentAnswers): FeedbackStore {
  return {
    append: (entry) => store.append(entry),
    async list(limit, cursor): Promise<FeedbackPage> {
      const page = await store.list(limit, cursor);
      const entries: FeedbackWithContext[] = page.entries.map((entry) => {
        const context = entry.answerId === undefined ? undefined : recent.get(entry.answerId);
        return context ? { ...entry, context } : entry;
      });
      return { ...page, entries };
    },
  };
}
