/**
 * What the adapters (HTTP, WeChat, Worker) see of the core: one object that
 * answers, lists the corpus and, where the runtime allows, changes it.
 */
import type { Paragraph, ReportDocument } from './schema.js';
import type { AnswerEvent } from './answer/stream.js';
import type { AnswerResult, AskOptions } from './answer/types.js';

export interface SkippedFile {
  file: string;
  reason: string;
}

export interface ReindexResult {
  documents: number;
  paragraphs: number;
  skipped: SkippedFile[];
  ms: number;
}

export interface CorpusAdmin {
  /**
   * Stores a report file in the corpus; `name` is a plain file name, checked by
   * the caller and again here. Null, and nothing stored, when a report of that
   * name exists and `overwrite` is not set.
   */
  upload(name: string, bytes: Uint8Array, options?: { overwrite?: boolean }): Promise<{ file: string; bytes: number; replaced: boolean } | null>;
  /** The file extensions a report may have here (the formats the runtime's reader knows), lower case with the dot. */
  readonly extensions: readonly string[];
  /** Why `bytes` cannot be read as the report `name`, or undefined when they can: asked before an upload is accepted. */
  unreadableReason(name: string, bytes: Uint8Array): Promise<string | undefined>;
  remove(name: string): Promise<boolean>;
}

export interface QaService {
  /** True once an index is loaded and asks can be answered. */
  ready(): boolean;
  /** Why asks cannot be answered now although an index was loaded (its database is unreachable); undefined when they can. */
  unavailable?(): string | undefined;
  answer(question: string, options?: AskOptions): Promise<AnswerResult>;
  answerStream(question: string, options?: AskOptions): AsyncIterable<AnswerEvent>;
  documents(): ReportDocument[];
  document(id: string): { document: ReportDocument; paragraphs: Paragraph[] } | undefined;
  paragraph(id: string): { paragraph: Paragraph; document: ReportDocument } | undefined;
  /** The corpus files the serving index left out, each with why (unsupported type, unreadable, OCR unavailable…). */
  skipped?(): SkippedFile[];
  /** Builds a new index beside the serving one and swaps it in whole; asks meanwhile use the old one. Absent where the runtime cannot. */
  reindex?(): Promise<ReindexResult>;
  corpus?: CorpusAdmin;
}
