/**
 * Zip containers (.docx, OFD) opened safely: the central directory's sizes
 * are checked before anything is expanded (per entry, in total, and the
 * compression ratio), and an entry is inflated into a buffer of its declared
 * size only, so a crafted file is refused without the process growing.
 */
import { unzipSync } from 'fflate';
import { UnreadableReportError } from './errors.js';

export interface ZipLimits {
  /** Largest uncompressed entry. */
  maxEntryBytes: number;
  /** Largest uncompressed total of the entries expanded. */
  maxTotalBytes: number;
  /** Largest uncompressed/compressed ratio of an entry past `ratioFloorBytes` (and of the whole archive). */
  maxRatio: number;
  ratioFloorBytes: number;
  maxEntries: number;
}

/** Generous for reports (a 300-page .docx is a few MB of XML), far below what hurts a server. */
export const ZIP_LIMITS: ZipLimits = {
  maxEntryBytes: 64 * 2 ** 20,
  maxTotalBytes: 160 * 2 ** 20,
  maxRatio: 100,
  ratioFloorBytes: 2 ** 20,
  maxEntries: 10_000,
};

export interface ZipEntry { name: string; size: number; originalSize: number; compression: number }

const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MB`;

function fail(reason: string, fileName: string, cause?: unknown): never {
  throw new UnreadableReportError(reason, fileName, cause === undefined ? undefined : { cause });
}

/** The central directory, nothing expanded. */
export function zipEntries(bytes: Uint8Array, fileName = ''): ZipEntry[] {
  const entries: ZipEntry[] = [];
  try {
    unzipSync(bytes, { filter: (f) => { entries.push({ name: f.name, size: f.size, originalSize: f.originalSize, compression: f.compression }); return false; } });
  } catch (e) {
    fail(`not a readable zip archive (${e instanceof Error ? e.message : String(e)})`, fileName, e);
  }
  return entries;
}

/** Refuses an archive whose declared sizes or ratios exceed the limits; returns the entries that pass `wanted`. */
export function checkZip(entries: ZipEntry[], wanted: (name: string) => boolean, fileName: string, limits: ZipLimits = ZIP_LIMITS): ZipEntry[] {
  if (entries.length > limits.maxEntries) fail(`zip archive refused: ${entries.length} entries (limit ${limits.maxEntries})`, fileName);
  const picked = entries.filter((e) => wanted(e.name));
  let total = 0;
  let packed = 0;
  for (const e of picked) {
    if (e.compression !== 0 && e.compression !== 8) fail(`zip archive refused: ${e.name} uses compression method ${e.compression}`, fileName);
    if (e.originalSize > limits.maxEntryBytes) fail(`zip archive refused: ${e.name} expands to ${mib(e.originalSize)} (limit ${mib(limits.maxEntryBytes)})`, fileName);
    const ratio = e.originalSize / Math.max(1, e.size);
    if (e.originalSize > limits.ratioFloorBytes && ratio > limits.maxRatio) fail(`zip archive refused: ${e.name} expands ${Math.round(ratio)}-fold (limit ${limits.maxRatio}; a zip bomb?)`, fileName);
    total += e.originalSize;
    packed += e.size;
  }
  if (total > limits.maxTotalBytes) fail(`zip archive refused: expands to ${mib(total)} (limit ${mib(limits.maxTotalBytes)})`, fileName);
  if (total > limits.ratioFloorBytes && total / Math.max(1, packed) > limits.maxRatio) fail(`zip archive refused: expands ${Math.round(total / Math.max(1, packed))}-fold overall (limit ${limits.maxRatio}; a zip bomb?)`, fileName);
  return picked;
}

/**
 * The wanted entries, after checkZip. fflate inflates each entry into a buffer
 * of its declared size and never grows it, so an entry that lies about its
 * size yields truncated data, not a larger allocation.
 */
export function unzipChecked(bytes: Uint8Array, wanted: (name: string) => boolean, fileName: string, limits: ZipLimits = ZIP_LIMITS): Map<string, Uint8Array> {
  const names = new Set(checkZip(zipEntries(bytes, fileName), wanted, fileName, limits).map((e) => e.name));
  try {
    return new Map(Object.entries(unzipSync(bytes, { filter: (f) => names.has(f.name) })));
  } catch (e) {
    return fail(`not a readable zip archive (${e instanceof Error ? e.message : String(e)})`, fileName, e);
  }
}
