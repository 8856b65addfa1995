/**
 * Parsing a report where one hostile file cannot hurt serving: a child
 * process with its own heap limit and a deadline. (A worker thread's
 * resourceLimits are not enough: some allocations that exhaust its heap abort
 * the whole process.) A file that exhausts the heap, crashes the parser or
 * runs past the deadline ends that child and is reported unreadable with the
 * reason; the next file gets a fresh child. The event loop that serves
 * requests only waits on a message. One child reads files one after another
 * and ends when idle.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { UnreadableReportError, type ReadReportResult } from '../../../src/ingest/read.js';
import type { NodeReaderOptions } from './readers.js';

export interface ParseRequest { id: number; name: string; bytes: Uint8Array; readers: NodeReaderOptions }
export type ParseReply = { id: number; ok: true; result: ReadReportResult } | { id: number; ok: false; reason: string };

export interface IsolatedParserOptions {
  readers?: NodeReaderOptions;
  /** The child's V8 heap limit. Zip entries are bounded before they are expanded (src/ingest/zip.ts). */
  maxHeapMb?: number;
  /** The longest one file may take (OCR of a long scan is the slow case). */
  timeoutMs?: number;
  /** An idle child ends after this long. */
  idleMs?: number;
}

const DEFAULTS = { maxHeapMb: 512, timeoutMs: 600_000, idleMs: 10_000 };

// Compiled (`npm run build`) the child is JavaScript beside this file, run by plain node; from sources it is
// TypeScript, loaded through tsx's loader whatever loaded this module (tsx, vitest).
const COMPILED = import.meta.url.endsWith('.js');
const ENTRY = fileURLToPath(new URL(`./parse-child.${COMPILED ? 'js' : 'ts'}`, import.meta.url));
const TSX_LOADER = COMPILED ? [] : ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href];

interface Job { name: string; bytes: Uint8Array; resolve: (r: ReadReportResult) => void; reject: (e: Error) => void }

export class IsolatedParser {
  private child: ChildProcess | null = null;
  private ready: Promise<ChildProcess> | null = null;
  private readonly queue: Job[] = [];
  private busy = false;
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | null = null;
  private readonly options: Required<Omit<IsolatedParserOptions, 'readers'>> & { readers: NodeReaderOptions };

  constructor(options: IsolatedParserOptions = {}) {
    this.options = { ...DEFAULTS, readers: {}, ...options };
  }

  /** Reads one report in the child; rejects with UnreadableReportError when it cannot be read. */
  parse(name: string, bytes: Uint8Array): Promise<ReadReportResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ name, bytes, resolve, reject });
      this.pump();
    });
  }

  close(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.child?.kill('SIGKILL');
    this.child = null;
    this.ready = null;
  }

  private spawn(): Promise<ChildProcess> {
    this.ready ??= new Promise<ChildProcess>((resolve, reject) => {
      const child = fork(ENTRY, [], {
        execArgv: [...TSX_LOADER, `--max-old-space-size=${this.options.maxHeapMb}`],
        serialization: 'advanced',
        stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      });
      const failed = (why: string) => {
        this.ready = null;
        reject(new Error(`the parser process did not start (${why})`));
      };
      const onReady = (m: unknown) => {
        if (!(m as { ready?: boolean }).ready) return;
        child.off('message', onReady);
        child.off('exit', onEarlyExit);
        child.off('error', onError);
        this.child = child;
        resolve(child);
      };
      const onEarlyExit = (code: number | null, signal: string | null) => failed(`exit ${code ?? signal}`);
      const onError = (e: Error) => failed(e.message);
      child.on('message', onReady);
      child.once('exit', onEarlyExit);
      child.once('error', onError);
    });
    return this.ready;
  }

  private pump(): void {
    if (this.busy) return;
    const job = this.queue.shift();
    if (!job) {
      this.idleTimer = setTimeout(() => this.close(), this.options.idleMs);
      this.idleTimer.unref();
      return;
    }
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.busy = true;
    void this.run(job).finally(() => {
      this.busy = false;
      this.pump();
    });
  }

  private async run(job: Job): Promise<void> {
    let child: ChildProcess;
    try {
      child = await this.spawn();
    } catch (e) {
      job.reject(e as Error);
      return;
    }
    const id = this.nextId++;
    // Busy, the child keeps this process alive; idle, it does not (a CLI exits at once).
    child.ref();
    child.channel?.ref();
    await new Promise<void>((done) => {
      const fail = (reason: string) => new UnreadableReportError(reason, job.name);
      const finish = (settle: () => void, broken: boolean) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (broken) {
          child.kill('SIGKILL');
          if (this.child === child) {
            this.child = null;
            this.ready = null;
          }
        } else {
          child.unref();
          child.channel?.unref();
        }
        settle();
        done();
      };
      const onMessage = (m: ParseReply) => {
        if (m.id === id) finish(() => (m.ok ? job.resolve(m.result) : job.reject(fail(m.reason))), false);
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        // V8 aborts a process whose heap is exhausted (SIGABRT, or exit code 134 through a shell).
        const reason = signal === 'SIGABRT' || code === 134
          ? `too large to parse (the parser ran out of its ${this.options.maxHeapMb} MB memory limit)`
          : `the parser stopped (${signal ?? `exit code ${code}`})`;
        finish(() => job.reject(fail(reason)), true);
      };
      const timer = setTimeout(() => finish(() => job.reject(fail(`parsing took longer than ${Math.round(this.options.timeoutMs / 1000)} s`)), true), this.options.timeoutMs);
      child.on('message', onMessage);
      child.on('exit', onExit);
      const req: ParseRequest = { id, name: job.name, bytes: job.bytes, readers: this.options.readers };
      child.send(req);
    });
  }
}

let shared: IsolatedParser | null = null;

/**
 * Reads one report (any supported format) in the shared parser process. The
 * upload route and the corpus reader call this; a file that cannot be read
 * rejects with UnreadableReportError (its `reason` is for the client).
 */
export function parseReportIsolated(name: string, bytes: Uint8Array): Promise<ReadReportResult> {
  shared ??= new IsolatedParser();
  return shared.parse(name, bytes);
}
