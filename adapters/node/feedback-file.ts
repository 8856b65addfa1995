/**
 * Node's FeedbackStore: one JSON object per line in `<dataDir>/feedback.jsonl`,
 * fsynced before the append resolves. Bounded on disk: past `maxBytes` the
 * file is rotated to feedback.1.jsonl (older ones move up, the oldest beyond
 * `files` is deleted). The admin list reads backwards from the end of the
 * newest file, a block at a time, so a page costs what it shows and not the
 * whole history.
 */
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { feedbackEntry, offsetCursor, type FeedbackEntry, type FeedbackInput, type FeedbackPage, type FeedbackStore } from '../../src/http/feedback.js';

export const FEEDBACK_FILE = 'feedback.jsonl';

export interface FileFeedbackOptions {
  /** The current file is rotated before it would pass this size; default 5 MiB. */
  maxBytes?: number;
  /** Rotated files kept; default 4. */
  files?: number;
}

/** Bytes read at a time when reading a file backwards. */
const BLOCK = 64 * 1024;
const NEWLINE = 0x0a;

export class FileFeedbackStore implements FeedbackStore {
  readonly file: string;
  private readonly maxBytes: number;
  private readonly files: number;
  /** Appends run one after another so lines never interleave. */
  private queue: Promise<unknown> = Promise.resolve();
  private dirReady: Promise<void> | undefined;
  /** The current file's size, once known. */
  private size: number | undefined;

  constructor(readonly dataDir: string, options: FileFeedbackOptions = {}) {
    this.file = join(dataDir, FEEDBACK_FILE);
    this.maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
    this.files = options.files ?? 4;
  }

  /** The n-th rotated file (n ≥ 1; 0 is the current one). */
  private generation(n: number): string {
    return n === 0 ? this.file : join(this.dataDir, FEEDBACK_FILE.replace(/\.jsonl$/, `.${n}.jsonl`));
  }

  append(input: FeedbackInput): Promise<{ id: string }> {
    const entry = feedbackEntry(input);
    const line = Buffer.from(`${JSON.stringify(entry)}\n`, 'utf8');
    const run = this.queue.then(async () => {
      await this.ensureDir();
      this.size ??= await sizeOf(this.file);
      if (this.size > 0 && this.size + line.byteLength > this.maxBytes) await this.rotate();
      const created = this.size === 0;
      const handle = await open(this.file, 'a', 0o600);
      try {
        await handle.writeFile(line);
        await handle.sync();
      } finally {
        await handle.close();
      }
      this.size += line.byteLength;
      // a new file's directory entry must be durable too
      if (created) await syncDir(this.dataDir);
      return { id: entry.id };
    });
    this.queue = run.catch(() => {
      this.size = undefined;
    });
    return run;
  }

  private async rotate(): Promise<void> {
    await rm(this.generation(this.files), { force: true });
    for (let n = this.files - 1; n >= 0; n--) {
      try {
        await rename(this.generation(n), this.generation(n + 1));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    this.size = 0;
  }

  async list(limit: number, cursor?: string): Promise<FeedbackPage> {
    await this.queue;
    const offset = offsetCursor(cursor);
    const entries: FeedbackEntry[] = [];
    let seen = 0;
    for (let n = 0; n <= this.files; n++) {
      for await (const line of linesBackward(this.generation(n))) {
        const entry = parseEntry(line);
        if (!entry) continue;
        if (seen++ < offset) continue;
        // one past the page tells whether there is a next page
        if (entries.length === limit) return { entries, next: String(offset + limit) };
        entries.push(entry);
      }
    }
    return { entries, next: null };
  }

  private ensureDir(): Promise<void> {
    this.dirReady ??= mkdir(this.dataDir, { recursive: true }).then(() => undefined);
    this.dirReady.catch(() => {
      this.dirReady = undefined;
    });
    return this.dirReady;
  }
}

function parseEntry(line: string): FeedbackEntry | undefined {
  try {
    const parsed = JSON.parse(line) as FeedbackEntry;
    return parsed && typeof parsed === 'object' && typeof parsed.id === 'string' ? parsed : undefined;
  } catch {
    // a line torn by a crash mid-write
    return undefined;
  }
}

/** The lines of a file, last first, read a block at a time (none when it does not exist). */
async function* linesBackward(file: string): AsyncGenerator<string> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    let position = (await handle.stat()).size;
    // the start of a line whose beginning is in an earlier block
    let carry = Buffer.alloc(0);
    while (position > 0) {
      const size = Math.min(BLOCK, position);
      position -= size;
      const block = Buffer.alloc(size);
      await handle.read(block, 0, size, position);
      const bytes = carry.length ? Buffer.concat([block, carry]) : block;
      let end = bytes.length;
      for (let i = bytes.length - 1; i >= 0; i--) {
        if (bytes[i] !== NEWLINE) continue;
        if (end > i + 1) yield bytes.toString('utf8', i + 1, end);
        end = i;
      }
      carry = Buffer.from(bytes.subarray(0, end));
    }
    if (carry.length) yield carry.toString('utf8');
  } finally {
    await handle.close();
  }
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // not supported everywhere (Windows); the file itself is synced
  }
}
