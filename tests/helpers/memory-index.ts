/**
 * A small in-memory index over fixture reports: real ingestion, real jieba,
 * BM25 only (no model), as a Worker without Vectorize runs. Fast enough for
 * unit tests of the answer step.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ingestReport } from '../../src/ingest/report.js';
import { buildLexical, LexicalIndex } from '../../src/retrieve/lexical.js';
import { corpusVocabulary } from '../../src/retrieve/vocabulary.js';
import { HybridRetriever } from '../../src/retrieve/hybrid.js';
import { jiebaSegmenter } from '../../adapters/node/index/jieba.js';
import type { Paragraph, ReportDocument } from '../../src/schema.js';

export function memoryRetriever(dir: string): HybridRetriever {
  const documents: ReportDocument[] = [];
  const paragraphs: Paragraph[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) {
    const r = ingestReport({ file, sha256: '', format: 'text', encoding: 'utf-8', text: readFileSync(join(dir, file), 'utf8') });
    documents.push(r.document);
    paragraphs.push(...r.paragraphs);
  }
  const vocabulary = corpusVocabulary(documents, paragraphs);
  const lexical = new LexicalIndex(buildLexical(paragraphs, vocabulary, jiebaSegmenter(vocabulary)), jiebaSegmenter(vocabulary));
  return new HybridRetriever(documents, paragraphs, lexical, null);
}
