/** What every Node entry point (server, chat bots) does the same way: configuration or exit, and stopping on a signal. */
import { ConfigError } from './config.js';
import type { Logger } from '../../src/util/log.js';

/** The configuration, or the process ends with status 2 and a message naming each bad variable. */
export function configOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}

/**
 * On SIGTERM or SIGINT, once: `stop` lets the answers in flight go out, then the process ends; after 10 s it
 * ends regardless, so a supervisor's restart is never held up by a stuck send.
 */
export function stopOnSignal(log: Logger, what: string, stop: () => Promise<void>): void {
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    log({ msg: `${signal}: stopping, letting answers in flight go out` });
    setTimeout(() => process.exit(0), 10_000).unref();
    void stop()
      .catch((err: unknown) => log({ level: 'error', msg: `${what} stop failed`, error: err instanceof Error ? err.message : String(err) }))
      .finally(() => process.exit(0));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
