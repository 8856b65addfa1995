/** What every Node entry point (server, WeChat bot) does the same way: configuration or exit, JSON-line logs. */
import { ConfigError } from './config.js';

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

const LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LEVELS)[number];
export type Logger = (entry: Record<string, unknown>, always?: boolean) => void;

/** Structured logs, one JSON object a line; `always` prints a line whatever the level, unless silent. */
export function jsonLogger(threshold: LogLevel): Logger {
  return (entry, always = false) => {
    const level = (entry.level as LogLevel | undefined) ?? 'info';
    if (LEVELS.indexOf(level) >= LEVELS.indexOf(threshold) || (always && threshold !== 'silent')) {
      console.log(JSON.stringify({ time: new Date().toISOString(), level, ...entry }));
    }
  };
}
