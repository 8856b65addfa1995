/**
 * Secrets out of text that goes to a log: an upstream's error body or a
 * client library's message may echo an API key, a bearer token, a URL with
 * credentials in it, or the upstream's internal addresses. Runtime-neutral.
 */

const MASK = '[redacted]';

const PATTERNS: [RegExp, string][] = [
  // user:password@ in any URL
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi, `$1${MASK}@`],
  // Authorization header values
  [/\b(Bearer|Basic|Token)\s+[\w.~+/=-]{6,}/gi, `$1 ${MASK}`],
  // key=value / "key": "value" for names that hold secrets (query strings, JSON, headers)
  [
    /\b((?:x-)?(?:api[_-]?key|access[_-]?token|auth[_-]?token|refresh[_-]?token|client[_-]?secret|secret|password|passwd|token|signature|sig|key|authorization))(["']?\s*[:=]\s*["']?)(?!\[redacted\])[^\s"'&,;}]+/gi,
    `$1$2${MASK}`,
  ],
  // well-known key shapes: OpenAI/DeepSeek/DashScope sk-…, AWS access key ids, GitHub and Slack tokens, JWTs
  [/\b(?:sk|pk|rk|ak)-[\w-]{8,}/g, MASK],
  [/\bAKIA[0-9A-Z]{16}\b/g, MASK],
  [/\bgh[pousr]_[A-Za-z0-9]{20,}/g, MASK],
  [/\bxox[abprs]-[\w-]{10,}/g, MASK],
  [/\beyJ[\w-]{6,}\.[\w-]{6,}\.[\w-]{6,}/g, MASK],
];

/** Private, loopback, link-local and shared (CGNAT) IPv4 addresses, and IPv6 ULA / link-local / loopback. */
const INTERNAL_IPV4 =
  /(?<![\d.])(?:10(?:\.\d{1,3}){3}|127(?:\.\d{1,3}){3}|169\.254(?:\.\d{1,3}){2}|192\.168(?:\.\d{1,3}){2}|172\.(?:1[6-9]|2\d|3[01])(?:\.\d{1,3}){2}|100\.(?:6[4-9]|[7-9]\d|1[01]\d|12[0-7])(?:\.\d{1,3}){2})(?![\d.])/g;
const INTERNAL_IPV6 = /(?<![\w:])(?:f[cd][0-9a-f]{2}|fe80):[0-9a-f:]*[0-9a-f](?![\w:])|\[::1\]|(?<![\w:])::1(?![\w:])/gi;

export interface RedactOptions {
  /** Exact values to mask wherever they occur (the configured API key). */
  known?: readonly (string | undefined)[];
  /** Mask internal addresses too: for text from an upstream, which has no business naming its network. */
  internalAddresses?: boolean;
}

export function redactSecrets(text: string, options: RedactOptions = {}): string {
  let out = text;
  for (const secret of options.known ?? []) {
    // Short values would mask ordinary words; such a key is no secret worth the damage.
    if (secret && secret.length >= 6) out = out.split(secret).join(MASK);
  }
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  if (options.internalAddresses) out = out.replace(INTERNAL_IPV4, '[internal-ip]').replace(INTERNAL_IPV6, '[internal-ip]');
  return out;
}
