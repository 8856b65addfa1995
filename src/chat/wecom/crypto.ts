/**
 * WeCom's callback encryption (企业微信 回调加解密), on Web Crypto so it runs in
 * Node and in the Worker alike:
 *
 * - msg_signature = SHA1 hex of the sorted token, timestamp, nonce and
 *   encrypted text, joined;
 * - AES-256-CBC, key = base64(EncodingAESKey + "="), IV = the key's first 16
 *   bytes, PKCS#7 padding to 32-byte blocks;
 * - plaintext = 16 random bytes + 4-byte big-endian length + message + the
 *   receiver id (the corp id), which is checked.
 *
 * Web Crypto's AES-CBC pads to 16-byte blocks and checks that padding on
 * decryption, so the 32-byte padding is done by hand around it: see
 * encryptRaw and decryptRaw.
 */

export class WecomCryptoError extends Error {
  constructor(readonly reason: 'bad-key' | 'bad-ciphertext' | 'bad-corp-id', message: string) {
    super(message);
    this.name = 'WecomCryptoError';
  }
}

const BLOCK = 32;
const AES_BLOCK = 16;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const hex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

/** Equal bytes, compared in time that does not depend on where they differ. */
function sameBytes(x: Uint8Array, y: Uint8Array): boolean {
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/** Equal strings, compared in time that does not depend on where they differ. */
export function timingSafeEqual(a: string, b: string): boolean {
  return sameBytes(encoder.encode(a), encoder.encode(b));
}

/** msg_signature: SHA1 over the four values sorted as strings and joined. */
export async function wecomSignature(token: string, timestamp: string, nonce: string, encrypted: string): Promise<string> {
  const joined = [token, timestamp, nonce, encrypted].sort().join('');
  return hex(await crypto.subtle.digest('SHA-1', encoder.encode(joined)));
}

export interface WecomCipherOptions {
  token: string;
  /** The 43-character EncodingAESKey from the admin console. */
  encodingAesKey: string;
  /** The receiver id every message must end with: the corp id (self-built apps). */
  corpId: string;
}

export interface WecomCipher {
  signature(timestamp: string, nonce: string, encrypted: string): Promise<string>;
  verify(signature: string, timestamp: string, nonce: string, encrypted: string): Promise<boolean>;
  /** The message inside `encrypted`; throws a WecomCryptoError when it cannot be read or is for another corp. */
  decrypt(encrypted: string): Promise<string>;
  /** `message` encrypted for WeCom (base64); `random` is the 16-byte prefix (tests fix it). */
  encrypt(message: string, random?: Uint8Array): Promise<string>;
}

export async function createWecomCipher(options: WecomCipherOptions): Promise<WecomCipher> {
  if (!/^[A-Za-z0-9+/]{43}$/u.test(options.encodingAesKey)) {
    throw new WecomCryptoError('bad-key', 'EncodingAESKey must be 43 letters and digits (base64 without its trailing "=")');
  }
  const raw = base64ToBytes(`${options.encodingAesKey}=`);
  const iv = raw.slice(0, AES_BLOCK);
  const key = await crypto.subtle.importKey('raw', raw, { name: 'AES-CBC' }, false, ['encrypt', 'decrypt']);
  const corpId = encoder.encode(options.corpId);

  /** AES-CBC without Web Crypto's padding: encrypt, then drop the block of padding it appended. */
  const encryptRaw = async (data: Uint8Array<ArrayBuffer>, withIv: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> => {
    const out = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-CBC', iv: withIv }, key, data));
    return out.subarray(0, data.length);
  };

  /**
   * AES-CBC without Web Crypto's padding check: append the one block that
   * decrypts to a full block of padding (E(pad XOR last cipher block)), so
   * Web Crypto strips exactly that block and returns the rest untouched.
   */
  const decryptRaw = async (data: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> => {
    const last = data.subarray(data.length - AES_BLOCK);
    const extra = (await encryptRaw(new Uint8Array(AES_BLOCK).fill(AES_BLOCK), last)).subarray(0, AES_BLOCK);
    const joined = new Uint8Array(data.length + AES_BLOCK);
    joined.set(data);
    joined.set(extra, data.length);
    return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-CBC', iv }, key, joined));
  };

  const signature = (timestamp: string, nonce: string, encrypted: string) => wecomSignature(options.token, timestamp, nonce, encrypted);

  return {
    signature,
    async verify(given, timestamp, nonce, encrypted) {
      return timingSafeEqual(given.toLowerCase(), await signature(timestamp, nonce, encrypted));
    },
    async decrypt(encrypted) {
      let data: Uint8Array<ArrayBuffer>;
      try {
        data = base64ToBytes(encrypted);
      } catch {
        throw new WecomCryptoError('bad-ciphertext', 'the encrypted text is not base64');
      }
      if (data.length === 0 || data.length % BLOCK !== 0) throw new WecomCryptoError('bad-ciphertext', 'the encrypted text is not a whole number of 32-byte blocks');
      const plain = await decryptRaw(data);
      const pad = plain[plain.length - 1]!;
      if (pad < 1 || pad > BLOCK || plain.subarray(plain.length - pad).some((b) => b !== pad)) {
        throw new WecomCryptoError('bad-ciphertext', 'bad padding (wrong EncodingAESKey?)');
      }
      const body = plain.subarray(0, plain.length - pad);
      if (body.length < 20) throw new WecomCryptoError('bad-ciphertext', 'the plaintext is too short');
      const length = new DataView(body.buffer, body.byteOffset, body.byteLength).getUint32(16);
      if (20 + length > body.length) throw new WecomCryptoError('bad-ciphertext', 'the message length is past the end');
      const receiver = body.subarray(20 + length);
      if (!sameBytes(receiver, corpId)) {
        throw new WecomCryptoError('bad-corp-id', 'the message is for another corp id');
      }
      try {
        return decoder.decode(body.subarray(20, 20 + length));
      } catch {
        throw new WecomCryptoError('bad-ciphertext', 'the message is not UTF-8');
      }
    },
    async encrypt(message, random = crypto.getRandomValues(new Uint8Array(16))) {
      if (random.length !== 16) throw new RangeError('random must be 16 bytes');
      const text = encoder.encode(message);
      const length = 16 + 4 + text.length + corpId.length;
      const pad = BLOCK - (length % BLOCK);
      const plain = new Uint8Array(length + pad).fill(pad);
      plain.set(random);
      new DataView(plain.buffer).setUint32(16, text.length);
      plain.set(text, 20);
      plain.set(corpId, 20 + text.length);
      return bytesToBase64(await encryptRaw(plain, iv));
    },
  };
}
