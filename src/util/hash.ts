/**
 * Hashes, one home for both kinds: a small synchronous id hash, and SHA-256
 * for content addresses and checksums. Both run the same in Node and in a
 * Worker (Web Crypto is global in both), so no node:crypto is needed.
 */

/**
 * A small synchronous 53-bit string hash (cyrb53) for ids. Ids must be
 * computable the same way in Node and in a Worker, where crypto.subtle is
 * asynchronous; collisions only need to be unlikely within one corpus.
 */
export function hashId(text: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

const encoder = new TextEncoder();

/** SHA-256 of a text (as UTF-8) or of bytes, in lower-case hex. */
export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  const bytes = typeof data === 'string' ? encoder.encode(data) : data;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}
