/**
 * Cutting a reply to a chat channel's message limit: at sentence ends where
 * possible, never inside a [n] marker or a character, losing nothing. Limits
 * are in UTF-16 units (WeChat counts characters) or UTF-8 bytes (WeCom counts
 * bytes). Pure functions, no I/O.
 */

export type LimitUnit = 'chars' | 'bytes';

export interface MessageLimit {
  max: number;
  unit: LimitUnit;
}

/** WeChat cuts text messages a little under this many characters. */
export const WECHAT_HARD_LIMIT = 2000;
/** Room kept in each part for its "(12/12) " number (ASCII, so as many bytes as characters). */
export const PART_PREFIX_ROOM = 10;
/** WeCom's text message: at most 2,048 bytes of content. */
export const WECOM_TEXT_LIMIT: MessageLimit = { max: 2048, unit: 'bytes' };
/** WeCom's markdown message: at most 4,096 bytes of content. */
export const WECOM_MARKDOWN_LIMIT: MessageLimit = { max: 4096, unit: 'bytes' };
/** The WeCom AI bot's stream message: at most 20,480 bytes of content. */
export const WECOM_STREAM_LIMIT: MessageLimit = { max: 20480, unit: 'bytes' };

/** A WeChat reply's limit: the configured WECHAT_MAX_CHARS, held under what WeChat itself cuts at. */
export function wechatLimit(maxChars: number): MessageLimit {
  return { max: Math.min(maxChars, WECHAT_HARD_LIMIT - PART_PREFIX_ROOM), unit: 'chars' };
}

/** UTF-8 bytes of one UTF-16 unit: a lone surrogate counts half of its pair's 4 bytes. */
function unitBytes(code: number): number {
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code >= 0xd800 && code <= 0xdfff) return 2;
  return 3;
}

export function sizeOf(text: string, unit: LimitUnit): number {
  if (unit === 'chars') return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) bytes += unitBytes(text.charCodeAt(i));
  return bytes;
}

/** The longest prefix length (in UTF-16 units) of `text` within `max`. */
function fitLength(text: string, max: number, unit: LimitUnit): number {
  if (unit === 'chars') return Math.min(text.length, max);
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    bytes += unitBytes(text.charCodeAt(i));
    if (bytes > max) return i;
  }
  return text.length;
}

const SENTENCE_ENDS = new Set(['。', '！', '？', '!', '?', '\n']);
/** Closing marks that stay with the sentence they close. */
const CLOSERS = new Set(['”', '’', '"', '\'', '）', ')', '」', '』', '》', '】', '。', '！', '？', '!', '?']);
const SOFT_BREAKS = new Set(['，', ',', '；', ';', '、', '：', ':', ' ']);

/** Sentences with their ending marks (and closing quotes); joined they give back the text. */
export function sentences(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (!SENTENCE_ENDS.has(ch)) continue;
    let end = i + 1;
    if (ch !== '\n') while (end < text.length && CLOSERS.has(text[end]!)) end++;
    out.push(text.slice(start, end));
    start = end;
    i = end - 1;
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

/** Where to cut a run of text whose first `fit` units are within the limit: after a comma-like mark if one is in the second half, never inside a surrogate pair or a [n] marker. */
function cutPoint(text: string, fit: number): number {
  let cut = fit;
  for (let i = fit - 1; i >= Math.floor(fit / 2); i--) {
    if (SOFT_BREAKS.has(text[i]!)) {
      cut = i + 1;
      break;
    }
  }
  const open = text.lastIndexOf('[', cut - 1);
  const marker = open > 0 ? /^\[\d{1,3}\]/u.exec(text.slice(open)) : null;
  if (marker && open + marker[0].length > cut) cut = open;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return Math.max(1, cut);
}

/**
 * Cuts a text into pieces of at most `max` (characters, or bytes with unit
 * 'bytes'), at sentence ends where possible, without losing or changing a
 * character: joined, the pieces give back the text.
 */
export function splitReply(text: string, max: number, unit: LimitUnit = 'chars'): string[] {
  if (max < (unit === 'bytes' ? 4 : 1)) throw new RangeError('max is too small to hold a character');
  const parts: string[] = [];
  let current = '';
  let currentSize = 0;
  const flush = () => {
    if (current) parts.push(current);
    current = '';
    currentSize = 0;
  };
  for (const sentence of sentences(text)) {
    const size = sizeOf(sentence, unit);
    if (currentSize + size <= max) {
      current += sentence;
      currentSize += size;
      continue;
    }
    flush();
    let rest = sentence;
    while (sizeOf(rest, unit) > max) {
      const cut = cutPoint(rest, fitLength(rest, max, unit));
      parts.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    current = rest;
    currentSize = sizeOf(rest, unit);
  }
  flush();
  return parts;
}

/** "(1/3) …", "(2/3) …": the parts of one reply, numbered. */
export function numberParts(parts: readonly string[]): string[] {
  return parts.map((p, i) => `(${i + 1}/${parts.length}) ${p}`);
}

/** The messages that carry one reply: the reply itself when within the limit, else numbered parts each within it. */
export function toMessages(text: string, limit: MessageLimit): string[] {
  if (!text) return [];
  if (sizeOf(text, limit.unit) <= limit.max) return [text];
  return numberParts(splitReply(text, Math.max(limit.unit === 'bytes' ? 4 : 1, limit.max - PART_PREFIX_ROOM), limit.unit));
}
