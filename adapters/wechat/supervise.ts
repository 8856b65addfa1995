/**
 * Keeps the bot connected: logs scan, login, logout and errors as JSON lines
 * and, after a drop, restarts Wechaty with a growing pause between attempts.
 *
 * A drop is a 'logout', or an 'error' while not logged in. An error while
 * logged in (a message that failed to send, a lookup that timed out) is only
 * logged: restarting then would cost a working session. Offline, the puppet
 * raises an error for every request it retries (dozens a second with
 * wechat4u): the first one schedules the reconnect and is named in its one
 * log line; the rest, while that reconnect waits or runs, go to debug.
 */
import { ScanStatus, type Wechaty as WechatyInterface } from 'wechaty';
import type { Log } from '../../src/chat/handler.js';

export type SupervisedWechaty = Pick<WechatyInterface, 'on' | 'off' | 'start' | 'stop' | 'isLoggedIn'>;

export interface SuperviseOptions {
  wechaty: SupervisedWechaty;
  log?: Log;
  /** Pauses before the 1st, 2nd, … restart; the last repeats. Reset by a login. */
  delaysMs?: readonly number[];
  /** Caps every pause. */
  maxDelayMs?: number;
  /** The timer (tests); returns a cancel function. */
  setTimer?: (fn: () => void, ms: number) => () => void;
  /** Shows the login QR code (main.ts prints it in the terminal). */
  onScan?: (qrcode: string, status: number) => void;
}

export interface Supervisor {
  /** Restarts so far. */
  readonly restarts: number;
  /** True while a restart is waiting or running. */
  readonly pending: boolean;
  /** Stops reconnecting and stops Wechaty. */
  stop(): Promise<void>;
}

export const DEFAULT_DELAYS_MS = [1_000, 2_000, 5_000, 10_000, 30_000, 60_000, 120_000, 300_000] as const;

const defaultTimer = (fn: () => void, ms: number) => {
  const t = setTimeout(fn, ms);
  return () => clearTimeout(t);
};

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function superviseWechaty(options: SuperviseOptions): Supervisor {
  const { wechaty } = options;
  const log: Log = (entry) => {
    try {
      options.log?.(entry);
    } catch {
      // a broken logger must not break the bot
    }
  };
  const delays = options.delaysMs?.length ? options.delaysMs : DEFAULT_DELAYS_MS;
  const maxDelay = options.maxDelayMs ?? Number.POSITIVE_INFINITY;
  const setTimer = options.setTimer ?? defaultTimer;
  let attempt = 0;
  let restarts = 0;
  let cancel: (() => void) | null = null;
  let restarting = false;
  let stopped = false;

  const schedule = (reason: string, error?: string) => {
    if (stopped || cancel || restarting) return;
    const delay = Math.min(delays[Math.min(attempt, delays.length - 1)]!, maxDelay);
    attempt++;
    log({ level: 'warn', msg: 'wechat reconnect scheduled', reason, attempt, delayMs: delay, ...(error ? { error } : {}) });
    cancel = setTimer(() => {
      cancel = null;
      void restart(reason);
    }, delay);
  };

  const restart = async (reason: string) => {
    if (stopped) return;
    restarting = true;
    restarts++;
    try {
      try {
        await wechaty.stop();
      } catch (err) {
        log({ level: 'debug', msg: 'wechat stop before restart failed', error: messageOf(err) });
      }
      if (stopped) return;
      await wechaty.start();
      log({ level: 'debug', msg: 'wechat restarted', reason, attempt });
    } catch (err) {
      restarting = false;
      schedule('restart failed', messageOf(err));
      return;
    } finally {
      restarting = false;
    }
  };

  const onScan = (qrcode: string, status: number) => {
    // The raw QR value, for rendering it elsewhere when the terminal cannot show it.
    log({ msg: 'wechat scan', status: ScanStatus[status] ?? status, ...(qrcode ? { qrcode } : {}) });
    options.onScan?.(qrcode, status);
  };
  const onLogin = (user: { id: string; name(): string }) => {
    attempt = 0;
    log({ msg: 'wechat login', userId: user.id, user: user.name() });
  };
  const onLogout = (user: { id: string; name(): string }, reason?: string) => {
    log({ level: 'warn', msg: 'wechat logout', userId: user.id, user: user.name(), reason });
    schedule('logout');
  };
  const onError = (error: unknown) => {
    const loggedIn = wechaty.isLoggedIn;
    if (loggedIn) log({ level: 'error', msg: 'wechat error', error: messageOf(error), loggedIn });
    else if (cancel || restarting) log({ level: 'debug', msg: 'wechat error', error: messageOf(error), loggedIn });
    else schedule('error', messageOf(error));
  };

  wechaty.on('scan', onScan);
  wechaty.on('login', onLogin);
  wechaty.on('logout', onLogout);
  wechaty.on('error', onError);

  return {
    get restarts() {
      return restarts;
    },
    get pending() {
      return cancel !== null || restarting;
    },
    async stop() {
      stopped = true;
      cancel?.();
      cancel = null;
      wechaty.off('scan', onScan);
      wechaty.off('login', onLogin);
      wechaty.off('logout', onLogout);
      wechaty.off('error', onError);
      await wechaty.stop();
    },
  };
}
