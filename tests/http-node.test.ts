/** The HTTP app over the real core: uploads, re-indexing and readiness. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../adapters/node/config.js';
import { createApp } from '../src/http/app.js';
import { NodeQaService } from '../adapters/node/service.js';
import { tempConfig } from './helpers/index.js';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const TOKEN = 'test-admin-token-0123456789';
let config: Config;
let service: NodeQaService;
let app: ReturnType<typeof createApp>;

const ask = (question: string) => app.request('/api/ask', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ question }),
});

beforeAll(async () => {
  config = await tempConfig({ ADMIN_TOKEN: TOKEN });
  // a file the service cannot index: listed with its reason, never silently dropped
  await writeFile(join(config.CORPUS_DIR, 'minutes.xlsx'), 'not a report');
  service = new NodeQaService(config);
  app = createApp({ service, config: { adminToken: TOKEN, corsOrigins: '*', rateLimitPerMinute: 0, maxUploadBytes: 1_000_000 } });
});

describe('HTTP over the real core', () => {
  it('is not ready, and says so, until the index is loaded', async () => {
    expect((await app.request('/healthz')).status).toBe(503);
    const r = await ask('月亮岛街道2021年共调解矛盾纠纷多少件？');
    expect(r.status).toBe(503);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('not_ready');
    await service.start();
    expect((await app.request('/healthz')).status).toBe(200);
  });

  it('lists a corpus file it left out, with the reason, in /api/documents and on the demo page', async () => {
    const body = (await (await app.request('/api/documents')).json()) as { total: number; skipped: { file: string; reason: string }[] };
    expect(body.total).toBe(5);
    expect(body.skipped).toEqual([{ file: 'minutes.xlsx', reason: expect.stringContaining('unsupported file type') }]);
    expect(await (await app.request('/')).text()).toContain('minutes.xlsx');
  });

  it('answers a question from the shared set with citations', async () => {
    const r = await ask('月亮岛街道2021年共调解矛盾纠纷多少件？');
    expect(r.status).toBe(200);
    const body = (await r.json()) as { answered: boolean; answer: string; citations: { text: string }[] };
    expect(body.answered).toBe(true);
    expect(body.answer).toContain('691');
    expect(body.citations[0]?.text).toContain('691');
  });

  it('an uploaded report becomes answerable after re-indexing, and asks during the re-index still succeed', async () => {
    const form = new FormData();
    form.append('file', new Blob(['青禾镇2023年法治政府建设情况报告\n一、主要工作\n全年共调解各类矛盾纠纷88件，调解成功率97.7%。\n'], { type: 'text/plain' }), 'qinghe-2023.txt');
    const up = await app.request('/api/admin/reports', { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: form });
    expect(up.status).toBeLessThan(300);
    const reindex = app.request('/api/admin/reindex', { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    await new Promise((r) => setTimeout(r, 20));
    expect(((await (await app.request('/readyz')).json()) as { reindexing: boolean }).reindexing).toBe(true);
    const during = await ask('郭家沱街道2024年调解了多少件矛盾纠纷？');
    expect(during.status).toBe(200);
    expect(((await during.json()) as { answer: string }).answer).toContain('319');
    expect((await reindex).status).toBe(200);
    const after = (await (await ask('青禾镇2023年调解了多少件矛盾纠纷？')).json()) as { answered: boolean; answer: string };
    expect(after.answered).toBe(true);
    expect(after.answer).toContain('88');
  });

  it('a deleted report is gone after re-indexing', async () => {
    const del = await app.request('/api/admin/reports/qinghe-2023.txt', { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(del.status).toBeLessThan(300);
    await app.request('/api/admin/reindex', { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    const after = (await (await ask('青禾镇2023年调解了多少件矛盾纠纷？')).json()) as { answered: boolean; answer: string };
    expect(after.answered).toBe(false);
    expect(after.answer).toContain('语料中没有');
  });
});
