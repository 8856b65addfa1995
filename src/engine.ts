/**
 * The runtime-neutral core behind every adapter: the current retriever, the
 * conversations, and answering (streamed or whole). Runtimes add what only
 * they can do (re-indexing from disk, changing the corpus) on top.
 */
import type { Paragraph, ReportDocument } from './schema.js';
import { answerQuestion, streamAnswer, type AnswerDeps } from './answer/answer.js';
import { charWeights } from './answer/characters.js';
import { ConversationStore, type ConversationMemory } from './answer/conversation.js';
import type { AnswerEvent } from './answer/stream.js';
import type { AnswerResult, AskOptions } from './answer/types.js';
import type { Retriever } from './retrieve/retriever.js';
import type { QaService } from './service.js';

export class QaEngine implements QaService {
  protected retriever: Retriever | null = null;
  readonly conversations: ConversationMemory;

  constructor(retriever: Retriever | null, protected readonly deps: Omit<AnswerDeps, 'conversations'> = {}, conversations: ConversationMemory = new ConversationStore()) {
    if (retriever) this.swap(retriever);
    this.conversations = conversations;
  }

  /** Serves a new retriever from now on; asks already running finish on the old one. */
  swap(retriever: Retriever): void {
    // The corpus-wide character weights take a second or two at 50,000 paragraphs: worked out before the
    // retriever serves, not by its first ask while the asks behind it wait.
    charWeights(retriever);
    this.retriever = retriever;
  }

  ready(): boolean {
    return this.retriever !== null;
  }

  private current(): Retriever {
    if (!this.retriever) throw new Error('index not ready');
    return this.retriever;
  }

  answer(question: string, options: AskOptions = {}): Promise<AnswerResult> {
    return answerQuestion(this.current(), question, options, { ...this.deps, conversations: this.conversations });
  }

  answerStream(question: string, options: AskOptions = {}): AsyncIterable<AnswerEvent> {
    return streamAnswer(this.current(), question, options, { ...this.deps, conversations: this.conversations });
  }

  documents(): ReportDocument[] {
    return this.retriever?.documents ?? [];
  }

  document(id: string): { document: ReportDocument; paragraphs: Paragraph[] } | undefined {
    const document = this.retriever?.document(id);
    if (!document || !this.retriever) return undefined;
    return { document, paragraphs: this.retriever.paragraphsOf(id) };
  }

  paragraph(id: string): { paragraph: Paragraph; document: ReportDocument } | undefined {
    const paragraph = this.retriever?.paragraph(id);
    const document = paragraph && this.retriever?.document(paragraph.docId);
    return paragraph && document ? { paragraph, document } : undefined;
  }
}
