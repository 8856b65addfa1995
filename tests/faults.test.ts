/** Faults against a real server process: kill -9 mid-index, corruption, unreadable reports, feedback durability. */
import { readdir, rm, writeFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempConfig } from './helpers/index.js';
import { askOver, startServerProcess, waitReady } from './helpers/process.js';

const TOKEN = 'fault-test-admin-token-123456';
const Q = '月亮岛街道2021年共调解矛盾纠纷多少件？';

async function envFor() {
  const c = await tempConfig();
  return { CORPUS_DIR: c.CORPUS_DIR, INDEX_DIR: c.INDEX_DIR, DATA_DIR: c.DATA_DIR, ADMIN_TOKEN: TOKEN, RATE_LIMIT_PER_MINUTE: '0' };
}

// each test starts one or two server processes that build an index: minutes on a loaded machine
describe('faults', { timeout: 240_000 }, () => {
  it('kill -9 while an index is being written: the restart serves the last good index', async () => {
    const env = await envFor();
    const first = await startServerProcess(env);
    await waitReady(first.url);
    const good = (await readFile(join(env.INDEX_DIR, 'CURRENT'), 'utf8')).trim();
    // Without cached vectors the re-index takes seconds: time to catch it half-written.
    await rm(join(env.INDEX_DIR, 'embed-cache'), { recursive: true, force: true });
    const started = await fetch(`${first.url}/api/admin/reindex?wait=false`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(started.status, await started.text()).toBe(202);
    let partial = false;
    // up to 20 s: on a loaded machine the build may take a while to reach its first file
    for (let i = 0; i < 2000 && !partial; i++) {
      partial = (await readdir(env.INDEX_DIR)).some((e) => e.endsWith('.partial'));
      if (!partial) await new Promise((r) => setTimeout(r, 10));
    }
    expect(partial).toBe(true);
    await first.stop('SIGKILL');
    expect((await readFile(join(env.INDEX_DIR, 'CURRENT'), 'utf8')).trim()).toBe(good);

    const second = await startServerProcess(env);
    await waitReady(second.url);
    expect(second.logs.join('\n')).toMatch(/"rebuilt":false/);
    const r = await askOver(second.url, Q);
    expect(r.body.answer).toContain('691');
    await second.stop();
  });

  it('a corrupted index file is detected and rebuilt; an unreadable report is skipped while the rest is served', async () => {
    const env = await envFor();
    const first = await startServerProcess(env);
    await waitReady(first.url);
    await first.stop();
    const build = (await readFile(join(env.INDEX_DIR, 'CURRENT'), 'utf8')).trim();
    await writeFile(join(env.INDEX_DIR, build, 'lexical.json'), '{"truncated":');
    await writeFile(join(env.CORPUS_DIR, 'broken.docx'), Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]));
    const second = await startServerProcess(env);
    await waitReady(second.url);
    const logs = second.logs.join('\n');
    expect(logs).toMatch(/"rebuilt":true/);
    expect(logs).toMatch(/skipped broken\.docx/);
    expect((await askOver(second.url, Q)).body.answer).toContain('691');
    await second.stop();
  });

  it('the feedback store loses no acknowledged entry across kill -9', async () => {
    const env = await envFor();
    const server = await startServerProcess(env);
    await waitReady(server.url);
    const acked: string[] = [];
    await Promise.all(Array.from({ length: 40 }, async (_, i) => {
      const res = await fetch(`${server.url}/api/feedback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ answerId: `a-${i}`, rating: i % 2 ? 'up' : 'down' }) });
      if (res.status === 201) acked.push(`a-${i}`);
    }));
    await server.stop('SIGKILL');
    expect(acked.length).toBe(40);
    const again = await startServerProcess(env);
    await waitReady(again.url);
    const list = await fetch(`${again.url}/api/admin/feedback?limit=1000`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const body = JSON.stringify(await list.json());
    for (const id of acked) expect(body).toContain(`"${id}"`);
    await again.stop();
  });

  it('SIGTERM lets an ask in flight finish', async () => {
    const env = await envFor();
    const server = await startServerProcess(env);
    await waitReady(server.url);
    const inFlight = askOver(server.url, Q);
    await new Promise((r) => setTimeout(r, 2));
    const exit = server.stop('SIGTERM');
    expect((await inFlight).body.answer).toContain('691');
    expect(await exit).toBe(0);
  });

  it('no secret appears in the logs', async () => {
    const env = { ...(await envFor()), LLM_API_KEY: 'sk-secret-llm-key-42', LLM_BASE_URL: 'http://127.0.0.1:9/v1', LLM_MODEL: 'm', LLM_TIMEOUT_MS: '200' };
    const server = await startServerProcess(env);
    await waitReady(server.url);
    await fetch(`${server.url}/api/admin/feedback`, { headers: { authorization: `Bearer ${TOKEN}` } });
    await fetch(`${server.url}/api/admin/feedback`, { headers: { authorization: 'Bearer wrong-token-guess' } });
    await askOver(server.url, Q);
    await server.stop();
    const logs = server.logs.join('\n');
    expect(logs).not.toContain(TOKEN);
    expect(logs).not.toContain('wrong-token-guess');
    expect(logs).not.toContain('sk-secret-llm-key-42');
  });
});
