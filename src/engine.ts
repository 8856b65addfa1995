/**
 * The runtime-neutral core behind every adapter: the current retriever, the
 * conversations, and answering (streamed or whole). Runtimes add what only
 * they can do (re-indexing from disk, changing the corpus) on top.
 */
import type { Paragraph, ReportDocument } from './schema.js';
import { answerQuestion, type AnswerDeps } from './answer/answer.js';
import { ConversationStore } from './answer/conversation.js';
import type { AnswerEvent } from './answer/stream.js';
import type { AnswerResult, AskOptions } from './answer/types.js';
import type { HybridRetriever } from './retrieve/hybrid.js';
import type { QaService } from './service.js';

/** Splits an answer into the pieces a stream sends: sentence by sentence, markers kept with their sentence. */
export function answerPieces(answer: string): string[] {
  return answer.match(/[^。！？!?\n]+(?:[。！？!?]+(?:\[\d+\])*|\n|$)/gu) ?? [answer];
}

export class QaEngine implements QaService {
  protected retriever: HybridRetriever | null = null;
  readonly conversations: ConversationStore;

  constructor(retriever: HybridRetriever | null, protected readonly deps: Omit<AnswerDeps, 'conversations'> = {}, conversations = new ConversationStore()) {
    this.retriever = retriever;
    this.conversations = conversations;
  }

  /** Serves a new retriever from now on; asks already running finish on the old one. */
  swap(retriever: HybridRetriever): void {
    this.retriever = retriever;
  }

  ready(): boolean {
    return this.retriever !== null;
  }

  private current(): HybridRetriever {
    if (!this.retriever) throw new Error('index not ready');
    return this.retriever;
  }

  answer(question: string, options: AskOptions = {}): Promise<AnswerResult> {
    return answerQuestion(this.current(), question, options, { ...this.deps, conversations: this.conversations });
  }

  async *answerStream(question: string, options: AskOptions = {}): AsyncIterable<AnswerEvent> {
    const result = await this.answer(question, options);
    yield { type: 'citations', citations: result.citations };
    for (const text of answerPieces(result.answer)) yield { type: 'delta', text };
    yield { type: 'done', result };
  }

  documents(): ReportDocument[] {
    return this.retriever?.documents ?? [];
  }

  document(id: string): { document: ReportDocument; paragraphs: Paragraph[] } | undefined {
    const document = this.retriever?.document(id);
    if (!document || !this.retriever) return undefined;
    return { document, paragraphs: this.retriever.paragraphs.filter((p) => p.docId === id) };
  }

  paragraph(id: string): { paragraph: Paragraph; document: ReportDocument } | undefined {
    const paragraph = this.retriever?.paragraph(id);
    const document = paragraph && this.retriever?.document(paragraph.docId);
    return paragraph && document ? { paragraph, document } : undefined;
  }
}
