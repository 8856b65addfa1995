/**
 * A model's streamed answer, let through only as far as the guard accepts it.
 * Text is held until a sentence is whole (its end and any `[n]` after it have
 * arrived); a sentence is sent once everything up to it passes guardPrefix.
 * So a client never holds a figure, amount, phone number, address or citation
 * the guard would reject, and what it was sent is always a prefix of the model's
 * answer that the guard accepted.
 */
import type { Citation } from '../schema.js';
import { guardAnswer, guardPrefix, refusedByModel, type GuardCheck } from './guard.js';

/** How the model's stream ended. `sent` is what the generator yielded, all of it accepted. */
export type GuardedOutcome =
  | { kind: 'accepted'; sent: string }
  | { kind: 'refused'; sent: string }
  | { kind: 'rejected'; sent: string; reason: string; check: GuardCheck }
  | { kind: 'failed'; sent: string; error: unknown };

/** Sentence ends as the guard splits them (NFKC folds ！？； onto !?;). */
const SENTENCE_END = /[。！？；!?;\n]/g;
/** What may follow a sentence end and still belong to it: blanks, more ends, citation markers. */
const TRAILER_RE = /^(?:\s|[。！？；!?;]|[[［【]\s*[0-9０-９]{1,4}(?:\s*[,，、;；/\-–—~～]\s*[0-9０-９]{1,4})*\s*[\]］】])*/u;
const OPENER_RE = /^[[［【]/u;
/** An opening bracket not closed within this many characters is not a citation marker. */
const MAX_MARKER_CHARS = 24;

/**
 * The end of the last whole sentence in `text` after `from`: a sentence end,
 * then its trailer, then some other character, so that nothing arriving later
 * can still attach to it. -1 when there is none yet.
 */
function wholeSentencesEnd(text: string, from: number): number {
  let end = -1;
  SENTENCE_END.lastIndex = from;
  for (let m = SENTENCE_END.exec(text); m; m = SENTENCE_END.exec(text)) {
    const after = m.index + 1;
    const trailer = TRAILER_RE.exec(text.slice(after))?.[0] ?? '';
    const rest = text.slice(after + trailer.length);
    if (rest === '') break;
    // `[1` may still become `[1]`: wait for the bracket to close or for too much text to be a marker.
    if (OPENER_RE.test(rest) && !/[\]］】]/u.test(rest.slice(0, MAX_MARKER_CHARS)) && rest.length < MAX_MARKER_CHARS) break;
    end = after + trailer.length;
    SENTENCE_END.lastIndex = end;
  }
  return end;
}

/**
 * Yields the model's text in accepted pieces and returns how it ended. On the
 * first sentence nothing that follows could make acceptable, it stops reading
 * the model (which cancels the request) and returns `rejected`.
 */
export async function* guardedStream(
  deltas: AsyncIterable<string>,
  citations: Citation[],
): AsyncGenerator<string, GuardedOutcome, undefined> {
  let text = '';
  let sent = 0;
  try {
    for await (const delta of deltas) {
      text = sent === 0 && text === '' ? delta.trimStart() : text + delta;
      const end = wholeSentencesEnd(text, sent);
      if (end <= sent) continue;
      const verdict = guardPrefix(text.slice(0, end), citations);
      if (verdict.verdict === 'reject') return { kind: 'rejected', sent: text.slice(0, sent), reason: verdict.reason, check: verdict.check };
      if (verdict.verdict === 'accept') {
        yield text.slice(sent, end);
        sent = end;
      }
    }
  } catch (error) {
    return { kind: 'failed', sent: text.slice(0, sent), error };
  }
  const whole = text.trimEnd();
  if (refusedByModel(whole)) return { kind: 'refused', sent: text.slice(0, sent) };
  const verdict = guardAnswer(whole, citations);
  if (!verdict.ok) return { kind: 'rejected', sent: text.slice(0, sent), reason: verdict.reason, check: verdict.check };
  if (whole.length > sent) yield whole.slice(sent);
  return { kind: 'accepted', sent: whole };
}
