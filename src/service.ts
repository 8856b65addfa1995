/**
 * What the adapters (HTTP, WeChat, Worker) see of the core: one object that
 * answers, lists the corpus and, where the runtime allows, changes it.
 */
import type { Paragraph, ReportDocument } from './schema.js';
import type { AnswerEvent } from './answer/stream.js';
import type { AnswerResult, AskOptions } from './answer/types.js';

export interface ReindexResult {
  documents: number;
  paragraphs: number;
  skipped: { file: string; reason: string }[];
  ms: number;
}

export interface CorpusAdmin {
  /** Stores a report file in the corpus; `name` is a plain file name, checked by the caller and again here. */
  upload(name: string, bytes: Uint8Array): Promise<{ file: string; bytes: number }>;
  remove(name: string): Promise<boolean>;
  list(): Promise<string[]>;
}

export interface QaService {
  /** True once an index is loaded and asks can be answered. */
  ready(): boolean;
  answer(question: string, options?: AskOptions): Promise<AnswerResult>;
  answerStream(question: string, options?: AskOptions): AsyncIterable<AnswerEvent>;
  documents(): ReportDocument[];
  document(id: string): { document: ReportDocument; paragraphs: Paragraph[] } | undefined;
  paragraph(id: string): { paragraph: Paragraph; document: ReportDocument } | undefined;
  /** Builds a new index beside the serving one and swaps it in whole; asks meanwhile use the old one. Absent where the runtime cannot. */
  reindex?(): Promise<ReindexResult>;
  corpus?: CorpusAdmin;
}
