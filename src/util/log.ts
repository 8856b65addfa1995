/**
 * Structured logs, one JSON object a line, for every runtime (Node entry
 * points, the WeChat bot, the Worker): the sink is the console, which Node
 * writes to stdout/stderr and a Worker to its log stream.
 */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogEntry = Record<string, unknown>;
/** `always` prints the line whatever the level (unless silent): start-up lines an operator must see. */
export type Logger = (entry: LogEntry, always?: boolean) => void;

function levelOf(entry: LogEntry): LogLevel {
  const level = entry.level;
  return typeof level === 'string' && (LOG_LEVELS as readonly string[]).includes(level) ? (level as LogLevel) : 'info';
}

/** A logger printing entries at `threshold` or above; each line gets `time` and `level` first. */
export function jsonLogger(threshold: LogLevel, sink: (line: string) => void = (line) => console.log(line)): Logger {
  const min = LOG_LEVELS.indexOf(threshold);
  return (entry, always = false) => {
    const level = levelOf(entry);
    if (LOG_LEVELS.indexOf(level) >= min || (always && threshold !== 'silent')) {
      sink(JSON.stringify({ time: new Date().toISOString(), ...entry, level }));
    }
  };
}
