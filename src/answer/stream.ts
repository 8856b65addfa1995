import type { Citation } from '../schema.js';
import type { AnswerResult } from './types.js';

/** What a streamed answer sends: the citations first, then text as it is produced, then the whole result. */
export type AnswerEvent =
  | { type: 'citations'; citations: Citation[] }
  | { type: 'delta'; text: string }
  | { type: 'done'; result: AnswerResult };
