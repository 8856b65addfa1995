import { z } from 'zod';

/** One report as ingested: what a citation needs to say where a paragraph comes from. */
export const DocumentSchema = z.object({
  id: z.string(),
  file: z.string(),
  sha256: z.string(),
  format: z.enum(['text', 'html', 'docx']),
  encoding: z.string(),
  script: z.enum(['traditional', 'simplified']),
  title: z.string(),
  locality: z.string(),
  region: z.string().nullable(),
  year: z.number().int().nullable(),
  signedBy: z.string().nullable(),
  signedAt: z.string().nullable(),
  paragraphs: z.number().int(),
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
});
export type Citation = z.infer<typeof CitationSchema>;
