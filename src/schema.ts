import { z } from 'zod';

/** One report as ingested: what a citation needs to say where a paragraph comes from. */
export const DocumentSchema = z.object({
  id: z.string(),
  file: z.string(),
  sha256: z.string(),
  format: z.enum(['text', 'html', 'docx', 'pdf', 'doc', 'wps', 'ofd']),
  encoding: z.string(),
  script: z.enum(['traditional', 'simplified']),
  title: z.string(),
  locality: z.string(),
  region: z.string().nullable(),
  year: z.number().int().nullable(),
  signedBy: z.string().nullable(),
  signedAt: z.string().nullable(),
  /** The issuing body ("XX县司法局", "XX镇人民政府"), or the locality when the report names none. */
  issuer: z.string(),
  /** The locality's administrative level. */
  level: z.enum(['province', 'city', 'county', 'zone', 'township', 'village']).nullable(),
  /** The places above the locality, outermost first (`region` is them joined). */
  chain: z.array(z.string()),
  paragraphs: z.number().int(),
  /** A web page's own statement of when it was published ("发布日期：2017-02-14"), where it makes one. */
  published: z.string().optional(),
  /** Its statement of where the report comes from ("来源：县司法局"), where it makes one. */
  source: z.string().optional(),
  /** Its site's address ("地址：湖南省赙阳市…"), which may be all that names the province. */
  address: z.string().optional(),
  /** The body that runs its site ("主办单位：…县人民政府办公室"). */
  host: z.string().optional(),
  /** Its site's filing number ("赣ICP备13004271号"), which names the province by its first character. */
  filing: z.string().optional(),
  /** Paged formats (PDF, OFD): the number of pages, and of those read by OCR. */
  pages: z.number().int().optional(),
  ocrPages: z.number().int().optional(),
});
export type ReportDocument = z.infer<typeof DocumentSchema>;

/** A citable unit: a paragraph, or one chunk of a long one (`chunk` counts from 1 then). */
export const ParagraphSchema = z.object({
  id: z.string(),
  docId: z.string(),
  ordinal: z.number().int(),
  paragraphId: z.string(),
  chunk: z.number().int().nullable(),
  section: z.array(z.string()),
  text: z.string(),
  simplified: z.string(),
  /** Paged formats: the page the paragraph starts on, and the last one when it runs onto further pages. */
  page: z.number().int().positive().optional(),
  pageEnd: z.number().int().positive().optional(),
  /** Read from a page image by OCR: may hold misread characters. */
  ocr: z.literal(true).optional(),
});
export type Paragraph = z.infer<typeof ParagraphSchema>;

export const CitationSchema = z.object({
  n: z.number().int(),
  id: z.string(),
  docId: z.string(),
  title: z.string(),
  locality: z.string(),
  region: z.string().optional(),
  year: z.number().int().nullable(),
  section: z.array(z.string()),
  text: z.string(),
  simplified: z.string(),
  quote: z.string().optional(),
  score: z.number(),
  page: z.number().int().positive().optional(),
  pageEnd: z.number().int().positive().optional(),
  ocr: z.literal(true).optional(),
});
export type Citation = z.infer<typeof CitationSchema>;
