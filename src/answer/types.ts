import { z } from 'zod';
import { CitationSchema } from '../schema.js';

export const FiltersSchema = z.object({
  locality: z.string().min(1).max(50).optional(),
  year: z.number().int().min(1949).max(2100).optional(),
  docId: z.string().min(1).max(100).optional(),
}).strict();

export const AskOptionsSchema = z.object({
  topK: z.number().int().min(1).max(20).optional(),
  filters: FiltersSchema.optional(),
  conversationId: z.string().min(1).max(100).optional(),
  /** Force the extractive answer even when an LLM is configured. */
  mode: z.enum(['extractive', 'llm']).optional(),
});
export type AskOptions = z.infer<typeof AskOptionsSchema>;

export const AnswerResultSchema = z.object({
  id: z.string(),
  answered: z.boolean(),
  answer: z.string(),
  citations: z.array(CitationSchema),
  mode: z.enum(['extractive', 'llm']),
  conversationId: z.string(),
  warnings: z.array(z.string()).optional(),
  timings: z.record(z.string(), z.number()),
});
export type AnswerResult = z.infer<typeof AnswerResultSchema>;
