/** Reading request bodies with a byte limit that holds whatever Content-Length claims. */
import { ApiError } from './errors.js';

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

export function isJsonMediaType(type: string): boolean {
  return /^application\/([\w.-]+\+)?json$/.test(type);
}

function tooLarge(limit: number): ApiError {
  return new ApiError(413, 'payload_too_large', `request body is larger than ${limit} bytes`);
}

/**
 * The body's bytes, refusing (413) as soon as the declared Content-Length
 * or the bytes actually read pass `limit`; the rest is not read.
 */
export async function readBodyLimited(request: Request, limit: number): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > limit) throw tooLarge(limit);
  const body = request.body;
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge(limit);
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** Reads and parses a JSON body: 415 for another content type, 413 over `limit`, 400 `bad_json` when it does not parse. */
export async function readJsonBody(request: Request, limit: number): Promise<{ text: string; value: unknown }> {
  const type = mediaType(request.headers.get('content-type') ?? undefined);
  if (!isJsonMediaType(type)) {
    throw new ApiError(415, 'unsupported_media_type', `expected Content-Type application/json, got ${type || 'none'}`);
  }
  const bytes = await readBodyLimited(request, limit);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError(400, 'bad_json', 'request body is not valid UTF-8');
  }
  if (!text.trim()) throw new ApiError(400, 'bad_json', 'request body is empty; expected a JSON object');
  try {
    return { text, value: JSON.parse(text) as unknown };
  } catch (error) {
    const detail = error instanceof SyntaxError ? `: ${error.message}` : '';
    throw new ApiError(400, 'bad_json', `request body is not valid JSON${detail}`);
  }
}
