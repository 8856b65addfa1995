/**
 * The offline archive installs and starts with no network: it is unpacked in
 * an empty folder and started inside a network namespace that has only
 * loopback (`unshare -n`, root only), where a probe checks that nothing
 * outside is reachable, waits for readiness, asks a question, opens /admin
 * and scrapes /metrics with the admin token.
 *
 * Slow (builds, copies ~1 GB, compresses): skipped unless OFFLINE_BUNDLE_TEST=1.
 * OFFLINE_BUNDLE=<path to a .tar.gz> tests that archive instead of making one.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import { repoRoot } from './helpers/index.js';

const enabled = process.env.OFFLINE_BUNDLE_TEST === '1';
const TOKEN = 'offline-test-admin-token-0123';
const PORT = 18_919;

/** Runs inside the namespace with the bundled node: prints one JSON line. */
const PROBE = `
const base = 'http://127.0.0.1:${PORT}';
const started = Number(process.argv[2]);
const out = {};
try {
  await fetch('http://1.1.1.1/', { signal: AbortSignal.timeout(3000) });
  out.outside = 'reachable';
} catch (error) {
  out.outside = 'unreachable';
}
for (;;) {
  try {
    const res = await fetch(base + '/readyz');
    if (res.status === 200) break;
  } catch {}
  if (Date.now() - started > 170000) { out.ready = false; break; }
  await new Promise((r) => setTimeout(r, 100));
}
out.readyMs = Date.now() - started;
const ask = await fetch(base + '/api/ask', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: '月亮岛街道2021年共调解矛盾纠纷多少件？' }) });
out.ask = await ask.json();
out.admin = (await fetch(base + '/admin')).status;
out.consoleJs = (await fetch(base + '/admin/console.js')).status;
out.widgetJs = (await fetch(base + '/widget.js')).status;
const metrics = await fetch(base + '/metrics', { headers: { authorization: 'Bearer ${TOKEN}' } });
out.metrics = metrics.status;
out.metricsText = (await metrics.text()).slice(0, 20000);
console.log(JSON.stringify(out));
`;

const ProbeSchema = z.object({
  outside: z.string(),
  readyMs: z.number(),
  ask: z.object({ answered: z.boolean(), answer: z.string() }),
  admin: z.number(),
  consoleJs: z.number(),
  widgetJs: z.number(),
  metrics: z.number(),
  metricsText: z.string(),
});

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

describe.skipIf(!enabled)('the offline archive', () => {
  it('unpacks in an empty folder and serves with only loopback', { timeout: 1_800_000 }, async () => {
    expect(isRoot(), 'unshare -n needs root').toBe(true);
    let archive = process.env.OFFLINE_BUNDLE;
    if (!archive) {
      const printed = execFileSync('npm', ['run', '--silent', 'bundle:offline'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      archive = printed.split('\n')[0]?.trim();
    }
    expect(archive && existsSync(archive)).toBe(true);
    const archiveBytes = (await stat(archive!)).size;

    const dir = await mkdtemp(join(tmpdir(), 'fazhi-unpack-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    expect(await readdir(dir)).toEqual([]);
    execFileSync('tar', ['-xzf', archive!, '-C', dir]);
    const [name] = await readdir(dir);
    const home = join(dir, name!);
    await writeFile(join(dir, 'probe.mjs'), PROBE);

    // the server and the probe share a namespace whose only interface is loopback
    const script = [
      'ip link set lo up',
      `started=$(date +%s%3N)`,
      `ADMIN_TOKEN=${TOKEN} PORT=${PORT} LOG_LEVEL=warn "${home}/start.sh" > "${dir}/server.log" 2>&1 &`,
      'server=$!',
      `"${home}/node/bin/node" "${dir}/probe.mjs" "$started"`,
      'kill $server; wait $server 2>/dev/null; true',
    ].join('\n');
    const printed = execFileSync('unshare', ['-n', 'sh', '-c', script], {
      encoding: 'utf8',
      // no PATH entry may lead back to this machine's Node or npm: start.sh uses the bundled node
      env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', HOME: dir },
      timeout: 240_000,
    });
    const probe = ProbeSchema.parse(JSON.parse(printed.trim().split('\n').pop() ?? '{}'));
    console.log(`offline archive ${(archiveBytes / 1e6).toFixed(0)} MB; ready ${(probe.readyMs / 1000).toFixed(1)} s after start (index built on first start)`);

    expect(probe.outside).toBe('unreachable');
    expect(probe.ask.answered).toBe(true);
    expect(probe.ask.answer).toContain('691');
    expect(probe.widgetJs).toBe(200);
    expect(probe.admin).toBe(200);
    expect(probe.consoleJs).toBe(200);
    expect(probe.metrics).toBe(200);
    expect(probe.metricsText).toMatch(/^fazhi_asks_total\{answered="true",mode="extractive",stream="false"\} 1$/m);
  });
});
