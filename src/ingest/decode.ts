/**
 * Bytes → Unicode text for report files.
 *
 * The encoding is detected from the content only (never from the file name):
 *   UTF-8 BOM → UTF-16 BOM → BOM-less UTF-16 (NUL pattern) → strict UTF-8 → GB18030.
 * GB18030 is a superset of GBK and GB2312, so it is the right fallback for
 * Chinese government documents that are not UTF-8.
 *
 * Runtime-neutral: uses TextDecoder and iconv-lite only (no node:fs).
 */
import iconv from 'iconv-lite';

export interface DecodedText {
  text: string;
  encoding: string;
}

/** Number of leading bytes inspected when looking for BOM-less UTF-16. */
const UTF16_SAMPLE_BYTES = 8192;
/** Minimum length for accepting UTF-8 whose only flaw is an incomplete final character. */
const MIN_TRUNCATED_UTF8_BYTES = 64;

/** Replace CRLF and lone CR with LF. */
export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** Strict UTF-8 validation; returns the decoded text or null if the bytes are not valid UTF-8. */
export function tryDecodeUtf8(bytes: Uint8Array): string | null {
  try {
    // ignoreBOM: true keeps a U+FEFF in the output instead of silently dropping it,
    // so callers see exactly what the bytes said (the BOM case is handled before this).
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

function decodeUtf16(bytes: Uint8Array, bigEndian: boolean): string {
  // TextDecoder('utf-16le') is available everywhere (Node without ICU included);
  // 'utf-16be' is not, so swap byte pairs and decode as little-endian.
  let data = bytes;
  if (bigEndian) {
    data = new Uint8Array(bytes.length);
    for (let i = 0; i + 1 < bytes.length; i += 2) {
      data[i] = bytes[i + 1]!;
      data[i + 1] = bytes[i]!;
    }
    if (bytes.length % 2 === 1) data[bytes.length - 1] = bytes[bytes.length - 1]!;
  }
  return new TextDecoder('utf-16le', { fatal: false, ignoreBOM: true }).decode(data);
}

/**
 * BOM-less UTF-16 detection: ASCII characters (digits, punctuation, line breaks, Latin
 * letters) encoded as UTF-16 put a NUL byte at every other position — odd positions for
 * little-endian, even positions for big-endian. Text in any 8-bit encoding essentially
 * never contains NUL bytes.
 */
export function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, UTF16_SAMPLE_BYTES) & ~1;
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  // "Clearly UTF-16": a substantial share of the code units carry a NUL in one
  // half, and the other half almost never does.
  const minZeros = Math.max(4, pairs * 0.05);
  if (oddZeros >= minZeros && evenZeros * 10 <= oddZeros) return 'utf-16le';
  if (evenZeros >= minZeros && oddZeros * 10 <= evenZeros) return 'utf-16be';
  return null;
}

function detectAndDecode(bytes: Uint8Array): DecodedText {
  const b0 = bytes[0];
  const b1 = bytes[1];
  const b2 = bytes[2];

  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) {
    return { text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (b0 === 0xff && b1 === 0xfe) {
    return { text: decodeUtf16(bytes.subarray(2), false), encoding: 'utf-16le' };
  }
  if (b0 === 0xfe && b1 === 0xff) {
    return { text: decodeUtf16(bytes.subarray(2), true), encoding: 'utf-16be' };
  }

  const utf16 = sniffUtf16(bytes);
  if (utf16) {
    return { text: decodeUtf16(bytes, utf16 === 'utf-16be'), encoding: utf16 };
  }

  const utf8 = tryDecodeUtf8(bytes);
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8' };

  // A UTF-8 file cut off in the middle of its last character (truncated download) is
  // still UTF-8: everything but an incomplete final sequence is valid. Only trusted for
  // inputs long enough that GBK bytes could not pass this test by accident.
  if (bytes.length >= MIN_TRUNCATED_UTF8_BYTES) {
    try {
      const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes, { stream: true });
      return { text, encoding: 'utf-8' };
    } catch {
      // not UTF-8
    }
  }

  // GB18030 (superset of GBK / GB2312). stripBOM handles a GB18030 BOM (84 31 95 33).
  return { text: iconv.decode(bytes, 'gb18030'), encoding: 'gb18030' };
}

/**
 * Decode the bytes of a report file to Unicode text. Never throws: if anything
 * unexpected happens the bytes are decoded as lossy UTF-8 ('utf-8-lossy').
 * The BOM is never part of the returned text; line breaks are normalized to LF.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  try {
    const { text, encoding } = detectAndDecode(bytes);
    // A stray U+FEFF at the start (e.g. a BOM in an unexpected encoding) is not text.
    return { text: normalizeNewlines(text.replace(/^\uFEFF/, '')), encoding };
  } catch {
    try {
      const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(bytes);
      return { text: normalizeNewlines(text), encoding: 'utf-8-lossy' };
    } catch {
      return { text: '', encoding: 'utf-8-lossy' };
    }
  }
}
