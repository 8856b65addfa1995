/** Small runtime-neutral checks: the admin token compare and upload names. */

const encoder = new TextEncoder();

/**
 * Compares two strings in time that depends only on their lengths, not on
 * where they differ (no node:crypto, so it works in a Worker too).
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  const n = Math.max(x.length, y.length);
  let diff = x.length ^ y.length;
  for (let i = 0; i < n; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match?.[1];
}

export const REPORT_EXTENSIONS = ['.txt', '.html', '.htm', '.docx'] as const;

/**
 * Why `name` is not acceptable as a report file name, or undefined when it
 * is: a plain name (no directory parts, no `..`, no NUL or control
 * characters, no leading dot) with one of the report extensions.
 */
export function reportNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'must not be empty';
  if (name.length > 200) return 'must be at most 200 characters';
  if (name.includes('/') || name.includes('\\')) return 'must be a plain file name without / or \\';
  if (name.includes('..')) return 'must not contain ..';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'must not contain NUL or control characters';
  if (name.startsWith('.')) return 'must not start with a dot';
  if (name.trim() !== name) return 'must not start or end with whitespace';
  if (name.includes(':')) return 'must not contain :';
  const lower = name.toLowerCase();
  if (!REPORT_EXTENSIONS.some((ext) => lower.endsWith(ext) && lower.length > ext.length)) {
    return `must end with one of ${REPORT_EXTENSIONS.join(', ')}`;
  }
  return undefined;
}
