/**
 * Changing the corpus directory from the admin API (Node only). An upload is
 * written to a temporary file with a unique name, created exclusively, synced,
 * and only then given its report name: hard-linked (fails if the name exists,
 * so two uploads can never both claim it) or, with `overwrite`, renamed over
 * the old file (atomic: a re-index reads the old report or the new one, never
 * half of one). The temporary file is removed on every path. Before any of
 * that, the API asks `unreadableReason`: an upload must be readable by the
 * ingest reader.
 */
import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, link, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { MAX_REPORT_NAME_BYTES, reportNameProblem } from '../../src/http/report-name.js';
import { REPORT_EXTENSIONS, UnreadableReportError } from '../../src/ingest/read.js';
import { parseReportIsolated } from './formats/isolated.js';
import type { CorpusAdmin } from '../../src/service.js';

const SIDECAR = '.meta.json';

/** `name` when it is a plain report file name (the same rules as the HTTP API's), else an error. */
export function checkedName(name: string): string {
  const problem = reportNameProblem(name, REPORT_EXTENSIONS);
  if (problem) throw new RangeError(`not an allowed report file name (${problem}): ${name}`);
  return name;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Gives `tmp` the name `target` unless that exists; false when it does. */
async function claim(tmp: string, target: string): Promise<boolean> {
  try {
    await link(tmp, target);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // a file system without hard links: an exclusive copy still refuses an existing name
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw error;
  }
  try {
    await copyFile(tmp, target, constants.COPYFILE_EXCL);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * The one place an upload is parsed before it is accepted: every format the ingest reader knows, in the
 * isolated parser so that a hostile file cannot stall serving.
 */
export async function unreadableReason(name: string, bytes: Uint8Array): Promise<string | undefined> {
  try {
    await parseReportIsolated(name, bytes);
    return undefined;
  } catch (error) {
    // a parser's own failure on hostile bytes is still the file's fault, not the server's
    return error instanceof UnreadableReportError ? error.reason : 'the file could not be parsed';
  }
}

export function fileCorpusAdmin(corpusDir: string): CorpusAdmin {
  const dir = () => resolve(corpusDir);
  return {
    extensions: REPORT_EXTENSIONS,
    unreadableReason,

    async upload(name, bytes, { overwrite = false } = {}) {
      const file = checkedName(name);
      const target = join(dir(), file);
      const tmp = join(dir(), `.upload-${randomUUID()}.tmp`);
      try {
        const handle = await open(tmp, 'wx', 0o644);
        try {
          await handle.writeFile(bytes);
          await handle.sync();
        } finally {
          await handle.close();
        }
        if (!overwrite) return (await claim(tmp, target)) ? { file, bytes: bytes.byteLength, replaced: false } : null;
        const replaced = await exists(target);
        await rename(tmp, target);
        return { file, bytes: bytes.byteLength, replaced };
      } finally {
        await rm(tmp, { force: true });
      }
    },

    async remove(name) {
      const file = checkedName(name);
      if (!(await readdir(dir())).includes(file)) return false;
      await rm(join(dir(), file));
      // a sidecar's name is longer; past the limit there cannot be one
      if (Buffer.byteLength(file + SIDECAR) <= MAX_REPORT_NAME_BYTES) await rm(join(dir(), file + SIDECAR), { force: true });
      return true;
    },
  };
}
