/**
 * An in-memory QaService for the HTTP route tests only (the real core is
 * tested elsewhere): deterministic answers with two citations, a stream of
 * three deltas, two documents, a corpus in a Map and a reindex of ~200 ms.
 */
import type { AnswerEvent } from '../../src/answer/stream.js';
import type { AnswerResult, AskOptions } from '../../src/answer/types.js';
import type { Citation, Paragraph, ReportDocument } from '../../src/schema.js';
import type { CorpusAdmin, QaService, ReindexResult } from '../../src/service.js';
import { unreadableReason } from '../../adapters/node/corpus-admin.js';
import { REPORT_EXTENSIONS } from '../../src/ingest/read.js';

const doc = (id: string, locality: string, year: number, paragraphs: number): ReportDocument => ({
  id,
  file: `${id}.txt`,
  sha256: '0'.repeat(64),
  format: 'text',
  encoding: 'utf-8',
  script: 'simplified',
  title: `${locality}${year}年法治政府建设年度报告`,
  locality,
  region: null,
  year,
  signedBy: `${locality}人民政府`,
  signedAt: `${year + 1}-01-15`,
  issuer: `${locality}人民政府`,
  level: 'county',
  chain: [],
  paragraphs,
});

const para = (docId: string, ordinal: number, text: string): Paragraph => ({
  id: `${docId}:p${ordinal}`,
  docId,
  ordinal,
  paragraphId: `p${ordinal}`,
  chunk: null,
  section: ['一、主要举措'],
  text,
  simplified: text,
});

export const DOCUMENTS: ReportDocument[] = [doc('zhishan-2020', '芝山区', 2020, 2), doc('gumeilu-2020', '古美路街道', 2020, 1)];

export const PARAGRAPHS: Paragraph[] = [
  para('zhishan-2020', 1, '全面推行行政执法公示制度，全年公示执法信息1200条。'),
  para('zhishan-2020', 2, '建立重大行政决策合法性审查机制，审查率达100%。'),
  para('gumeilu-2020', 1, '开展“法治进社区”宣传活动36场。'),
];

export const DELTAS = ['芝山区全面推行行政执法公示制度[1]，', '并建立重大行政决策合法性审查机制[2]', '。'];
export const ANSWER = DELTAS.join('');

function citation(n: number, p: Paragraph): Citation {
  const d = DOCUMENTS.find((x) => x.id === p.docId)!;
  return { n, id: p.id, docId: d.id, title: d.title, locality: d.locality, year: d.year, section: p.section, text: p.text, simplified: p.simplified, score: 1 / n };
}

export const CITATIONS: Citation[] = [citation(1, PARAGRAPHS[0]!), citation(2, PARAGRAPHS[1]!)];

export interface FakeOptions {
  ready?: boolean;
  reindexMs?: number;
  /** Throw from answer() / mid-stream, to exercise the error paths. */
  fail?: 'answer' | 'stream-start' | 'stream-middle';
  withAdmin?: boolean;
  /** Pause before each delta (default 5 ms). */
  deltaMs?: number;
}

export class FakeQaService implements QaService {
  isReady: boolean;
  readonly asks: { question: string; options: AskOptions | undefined }[] = [];
  readonly files = new Map<string, Uint8Array>();
  reindexes = 0;
  streamsClosed = 0;
  deltasProduced = 0;
  corpus?: CorpusAdmin;
  reindex?: () => Promise<ReindexResult>;
  private counter = 0;

  constructor(private readonly opts: FakeOptions = {}) {
    this.isReady = opts.ready ?? true;
    if (opts.withAdmin !== false) {
      const files = this.files;
      this.corpus = {
        async upload(name, bytes, { overwrite = false } = {}) {
          if (name.includes('/') || name.includes('..')) throw new Error(`bad name ${name}`);
          const replaced = files.has(name);
          if (replaced && !overwrite) return null;
          files.set(name, bytes);
          return { file: name, bytes: bytes.byteLength, replaced };
        },
        async remove(name) {
          return files.delete(name);
        },
        extensions: REPORT_EXTENSIONS,
        unreadableReason,
      };
      this.reindex = async () => {
        this.reindexes++;
        await new Promise((r) => setTimeout(r, opts.reindexMs ?? 200));
        return { documents: DOCUMENTS.length + this.files.size, paragraphs: PARAGRAPHS.length, skipped: [], ms: opts.reindexMs ?? 200 };
      };
    }
  }

  ready(): boolean {
    return this.isReady;
  }

  private result(question: string, options?: AskOptions): AnswerResult {
    this.counter++;
    return {
      id: `ans-${this.counter}`,
      answered: true,
      answer: ANSWER,
      citations: CITATIONS,
      mode: 'extractive',
      conversationId: options?.conversationId ?? `conv-${this.counter}`,
      timings: { retrieve: 1, total: 2 },
    };
  }

  async answer(question: string, options?: AskOptions): Promise<AnswerResult> {
    this.asks.push({ question, options });
    if (this.opts.fail === 'answer') throw new Error('boom: secret internals');
    return this.result(question, options);
  }

  answerStream(question: string, options?: AskOptions): AsyncIterable<AnswerEvent> {
    this.asks.push({ question, options });
    const fail = this.opts.fail;
    const result = this.result(question, options);
    const self = this;
    const deltaMs = this.opts.deltaMs ?? 5;
    return (async function* () {
      try {
        if (fail === 'stream-start') throw new Error('boom at start');
        yield { type: 'citations', citations: result.citations } as const;
        for (const [i, text] of DELTAS.entries()) {
          await new Promise((r) => setTimeout(r, deltaMs));
          if (fail === 'stream-middle' && i === 1) throw new Error('boom mid-stream');
          self.deltasProduced++;
          yield { type: 'delta', text } as const;
        }
        yield { type: 'done', result } as const;
      } finally {
        self.streamsClosed++;
      }
    })();
  }

  documents(): ReportDocument[] {
    return DOCUMENTS;
  }

  document(id: string) {
    const document = DOCUMENTS.find((d) => d.id === id);
    return document && { document, paragraphs: PARAGRAPHS.filter((p) => p.docId === id) };
  }

  paragraph(id: string) {
    const paragraph = PARAGRAPHS.find((p) => p.id === id);
    return paragraph && { paragraph, document: DOCUMENTS.find((d) => d.id === paragraph.docId)! };
  }
}
