import type { Citation } from '../schema.js';
import type { AnswerResult } from './types.js';

/** What a streamed answer sends: the citations first, then text as it is produced, then the whole result. */
export type AnswerEvent =
  | { type: 'citations'; citations: Citation[] }
  | { type: 'delta'; text: string }
  | { type: 'done'; result: AnswerResult };

/**
 * Splits an answer into the pieces a stream sends: sentence by sentence,
 * markers and line breaks kept with their sentence, so that the pieces join
 * back to the answer exactly.
 */
export function answerPieces(answer: string): string[] {
  return answer.match(/[^。！？!?\n]*[。！？!?]+(?:\[\d+\])*\n*|[^。！？!?\n]+\n*|\n+/gu) ?? [answer];
}
