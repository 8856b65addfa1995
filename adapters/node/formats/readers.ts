/** The Node readers for the formats the core cannot read itself (PDF with OCR, .doc/.wps). */
import type { ReportReaders } from '../../../src/ingest/read.js';
import { OCR_DEFAULTS, type OcrOptions } from './ocr.js';
import { readPdf } from './pdf.js';
import { readOle } from './word.js';

export interface NodeReaderOptions {
  /** OCR programs for scanned PDF pages (defaults: tesseract and pdftoppm on PATH); false turns OCR off. */
  ocr?: Partial<OcrOptions> | false;
}

export function nodeReaders(options: NodeReaderOptions = {}): ReportReaders {
  const ocr = options.ocr === false ? false : { ...OCR_DEFAULTS, ...options.ocr };
  return {
    pdf: (bytes, fileName) => readPdf(bytes, fileName, { ocr }),
    ole: readOle,
  };
}
