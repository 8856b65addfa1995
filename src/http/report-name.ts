/**
 * Which names an uploaded report may have: checked before any file is touched,
 * so a bad one is a 400. The extensions are the runtime's to give (the formats
 * its reader knows, src/ingest/read.ts on Node): importing the reader here
 * would put every parser into the Worker's bundle, which stores no uploads.
 */

/** File systems limit a name to 255 bytes; the name is stored as UTF-8. */
export const MAX_REPORT_NAME_BYTES = 255;

const encoder = new TextEncoder();

/**
 * Why `name` is not acceptable as a report file name, or undefined when it
 * is: a plain name (no directory parts, no `..`, no NUL or control
 * characters, no leading dot), at most 255 bytes in UTF-8 and, when
 * `extensions` are given, ending in one of them.
 */
export function reportNameProblem(name: string, extensions?: readonly string[]): string | undefined {
  if (name.length === 0) return 'must not be empty';
  if (encoder.encode(name).byteLength > MAX_REPORT_NAME_BYTES) return `must be at most ${MAX_REPORT_NAME_BYTES} bytes in UTF-8`;
  if (name.includes('/') || name.includes('\\')) return 'must be a plain file name without / or \\';
  if (name.includes('..')) return 'must not contain ..';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'must not contain NUL or control characters';
  if (name.startsWith('.')) return 'must not start with a dot';
  if (name.trim() !== name) return 'must not start or end with whitespace';
  if (name.includes(':')) return 'must not contain :';
  const lower = name.toLowerCase();
  if (extensions && !extensions.some((ext) => lower.endsWith(ext) && lower.length > ext.length)) {
    return `must end with one of ${extensions.join(', ')}`;
  }
  return undefined;
}
