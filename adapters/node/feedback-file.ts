/**
 * Node-only FeedbackStore: one JSON object per line in `<dataDir>/feedback.jsonl`,
 * fsynced before the append resolves. The one file under src/http that may
 * use node:* — app.ts never imports it; the Node adapter passes it in.
 */
import { mkdir, open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { feedbackEntry, type FeedbackEntry, type FeedbackInput, type FeedbackStore } from '../../src/http/feedback.js';

export const FEEDBACK_FILE = 'feedback.jsonl';

export class FileFeedbackStore implements FeedbackStore {
  readonly file: string;
  /** Appends run one after another so lines never interleave. */
  private queue: Promise<unknown> = Promise.resolve();
  private dirReady: Promise<void> | undefined;

  constructor(readonly dataDir: string) {
    this.file = join(dataDir, FEEDBACK_FILE);
  }

  append(input: FeedbackInput): Promise<{ id: string }> {
    const entry = feedbackEntry(input);
    const line = `${JSON.stringify(entry)}\n`;
    const run = this.queue.then(async () => {
      await this.ensureDir();
      const created = !(await exists(this.file));
      const handle = await open(this.file, 'a', 0o600);
      try {
        await handle.writeFile(line, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      // a new file's directory entry must be durable too
      if (created) await syncDir(this.dataDir);
      return { id: entry.id };
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  async list(limit: number): Promise<FeedbackEntry[]> {
    await this.queue;
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const out: FeedbackEntry[] = [];
    const lines = text.split('\n');
    for (let i = lines.length - 1; i >= 0 && out.length < limit; i--) {
      const line = lines[i]?.trim();
      if (!line) continue;
      try {
        const parsed = JSON.parse(line) as FeedbackEntry;
        if (parsed && typeof parsed === 'object' && typeof parsed.id === 'string') out.push(parsed);
      } catch {
        // a line torn by a crash mid-write; skip it
      }
    }
    return out;
  }

  private ensureDir(): Promise<void> {
    this.dirReady ??= mkdir(this.dataDir, { recursive: true }).then(() => undefined);
    this.dirReady.catch(() => {
      this.dirReady = undefined;
    });
    return this.dirReady;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
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

export function createFileFeedbackStore(dataDir: string): FeedbackStore {
  return new FileFeedbackStore(dataDir);
}
