/** What every Node entry point (server, WeChat bot) does the same way at start: configuration or exit. */
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
