/** The measuring parts every bench script shares: percentiles, aligned lines, closed-loop clients in process and over HTTP. */
import autocannon from 'autocannon';

export const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
export const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
export const line = (label: string, value: string): void => console.log(`${label.padEnd(46)} ${value}`);
/** A figure beside its floor: `measured (floor F, ratio R)`; a ratio measured in the same run survives a noisy machine. */
export const versus = (measured: number, floor: number, unit: string, digits = 1): string =>
  `${measured.toFixed(digits)} ${unit} (floor ${floor.toFixed(digits)} ${unit}, ratio ${(measured / floor).toFixed(2)})`;

export interface LoopResult {
  asks: number;
  perSecond: number;
  p50: number;
  p99: number;
  failed: number;
  /** What failed, over HTTP: `errors E, timeouts T, non-2xx N`. */
  failures?: string;
}

/**
 * `clients` callers in process, each asking the next question as soon as its last one is answered,
 * for `seconds` (or until `maxAsks`). Questions are taken in turn, so a round never repeats one.
 */
export async function closedLoop(questions: string[], clients: number, seconds: number, ask: (q: string) => Promise<unknown>, maxAsks = Infinity): Promise<LoopResult> {
  const times: number[] = [];
  let next = 0;
  let failed = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(Array.from({ length: clients }, async () => {
    while (performance.now() < until && next < maxAsks) {
      const q = questions[next++ % questions.length] as string;
      const t = performance.now();
      try {
        await ask(q);
        times.push(performance.now() - t);
      } catch {
        failed++;
      }
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  return { asks: times.length, perSecond: times.length / elapsed, p50: pct(times, 50), p99: pct(times, 99), failed };
}

/** The same over HTTP with autocannon (`POST /api/ask`), questions in turn across every connection. */
export async function httpLoop(url: string, questions: string[], connections: number, seconds: number): Promise<LoopResult> {
  let i = 0;
  const requests: autocannon.Request[] = [{
    method: 'POST',
    path: '/api/ask',
    headers: { 'content-type': 'application/json' },
    setupRequest: (req) => ({ ...req, body: JSON.stringify({ question: questions[i++ % questions.length] }) }),
  }];
  const r = await autocannon({ url, connections, duration: seconds, requests });
  return {
    asks: r.requests.total,
    perSecond: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    failed: r.errors + r.timeouts + r.non2xx,
    failures: `errors ${r.errors}, timeouts ${r.timeouts}, non-2xx ${r.non2xx}`,
  };
}

export const loopText = (r: LoopResult): string =>
  `${r.perSecond.toFixed(0)} asks/s  p50 ${r.p50.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms  (${r.asks} asks, failed ${r.failed}${r.failed && r.failures ? `: ${r.failures}` : ''})`;
