import { z } from 'zod';
import { CitationSchema } from '../schema.js';

/** Restricts retrieval; validated at the boundary (the HTTP API's AskFiltersSchema in src/http/schemas.ts). */
export interface AskFilters {
  locality?: string;
  year?: number;
  docId?: string;
}

export interface AskOptions {
  topK?: number;
  filters?: AskFilters;
  conversationId?: string;
  /** Force the extractive answer even when an LLM is configured. */
  mode?: 'extractive' | 'llm';
}

export const AnswerResultSchema = z.object({
  id: z.string(),
  answered: z.boolean(),
  answer: z.string(),
  citations: z.array(CitationSchema),
  mode: z.enum(['extractive', 'llm']),
  conversationId: z.string(),
  warnings: z.array(z.string()).optional(),
  timings: z.record(z.string(), z.number()),
  /** Why it answered or refused, for the admin console's diagnostics: the question's type and the evidence strength. */
  diagnostics: z
    .object({
      reason: z.enum(['answered', 'unknown_place', 'uncovered_year', 'no_evidence']),
      questionType: z.string().optional(),
      /** The best candidate sentence's evidence strength (0–1), where one sentence decides. */
      evidence: z.number().optional(),
    })
    .optional(),
});
export type AnswerResult = z.infer<typeof AnswerResultSchema>;
