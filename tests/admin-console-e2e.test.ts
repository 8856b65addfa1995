/**
 * The admin console end to end: real headless Chromium (Debian's
 * /usr/bin/chromium through playwright-core) against the real service (a
 * private copy of the bundled corpus, the local model, a fresh index, the file
 * feedback store) with the console, the observer and the feedback context
 * mounted as the Node server mounts them. Sign in, drop two files (one
 * refused), reindex and watch it run while the old index still answers, ask
 * the new report with diagnostics, see feedback with its question and answer,
 * delete the report and see it gone. Screenshots in artifacts/admin/.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAdminConsole } from '../adapters/admin/build.js';
import { FileFeedbackStore } from '../adapters/node/feedback-file.js';
import { NodeQaService } from '../adapters/node/service.js';
import { appConfigFrom, createApp } from '../src/http/app.js';
import { ADMIN_CSP, adminConsoleRoutes } from '../src/http/routes/admin-console.js';
import { combineObservers, observedService } from '../src/observe.js';
import { RecentAnswers, feedbackWithContext } from '../src/recent-answers.js';
import { repoRoot, tempConfig } from './helpers/index.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(repoRoot, 'artifacts', 'admin');
const TOKEN = 'console-test-admin-token-0123';
const NEW_FILE = 'qingshi-2024.txt';
const NEW_QUESTION = '青石镇2024年办理法律援助案件多少件？';
const OLD_QUESTION = '月亮岛街道2021年共调解矛盾纠纷多少件？';

/** A made-up township report, long enough (70 paragraphs the model has not embedded) that a reindex takes a few seconds. */
function newReport(): string {
  const lines = ['青石镇2024年法治政府建设情况报告', '一、主要工作及成效', '（一）公共法律服务', '全年共办理法律援助案件137件，挽回群众经济损失86万元。'];
  for (let i = 1; i <= 70; i++) {
    lines.push(`${i}.第${i}批次普法宣传进村入户，组织讲座${i * 3 + 7}场，发放资料${i * 211 + 35}份，覆盖群众${i * 120 + 49}人次，第${i}网格员参与。`);
  }
  lines.push('二、存在的问题', '基层法治力量仍显薄弱。', '青石镇人民政府', '2025年1月10日');
  return `${lines.join('\n')}\n`;
}

let browser: Browser;
let server: ServerType;
let base: string;
let service: NodeQaService;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: the console end-to-end test drives a real browser. Install it with \`apt-get install chromium fonts-wqy-microhei\`.`);
  }
  await mkdir(ARTIFACTS, { recursive: true });
  const config = await tempConfig({ ADMIN_TOKEN: TOKEN });
  service = new NodeQaService(config);
  const recent = new RecentAnswers();
  const [consoleJs] = await Promise.all([buildAdminConsole(), service.start()]);
  const core = createApp({
    service: observedService(service, combineObservers(recent.observer)),
    config: appConfigFrom(config),
    feedback: feedbackWithContext(new FileFeedbackStore(config.DATA_DIR, { maxBytes: config.FEEDBACK_MAX_BYTES, files: config.FEEDBACK_FILES }), recent),
    getClientKey: (c) => getConnInfo(c).remote.address,
  });
  const app = new Hono();
  app.route('/', adminConsoleRoutes(consoleJs));
  app.all('*', (c) => core.fetch(c.req.raw, c.env));
  [server, browser] = await Promise.all([
    new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    }),
    chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    }),
  ]);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

describe('the admin console', () => {
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  const violations: string[] = [];
  const urls: string[] = [];

  beforeAll(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    page.on('request', (request) => urls.push(request.url()));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => console.error(`Refused to … CSP ${event.violatedDirective} ${event.blockedURI}`));
    });
  });

  afterAll(async () => {
    await context?.close();
  });

  it('serves a CSP-strict page and its script; /admin/ goes to /admin', async () => {
    const res = await fetch(`${base}/admin`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(ADMIN_CSP);
    expect(ADMIN_CSP).not.toContain('unsafe-inline');
    expect(ADMIN_CSP).not.toContain('unsafe-eval');
    const html = await res.text();
    // no inline script, style or handler: every script has a src
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    expect(html.match(/<script\b[^>]*>/g)).toEqual(['<script src="admin/console.js" defer>']);
    const js = await fetch(`${base}/admin/console.js`);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    const slash = await fetch(`${base}/admin/`, { redirect: 'manual' });
    expect(slash.status).toBe(301);
    expect(new URL(slash.headers.get('location') ?? '', `${base}/admin/`).pathname).toBe('/admin');
  });

  it('signs in with the token, keeps it in sessionStorage only, and lists the reports with their metadata', async () => {
    await page.goto(`${base}/admin`);
    const token = page.getByLabel('管理令牌（ADMIN_TOKEN）');
    await token.fill('wrong-token-but-long-enough');
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('令牌不正确。');
    await token.fill(TOKEN);
    await page.getByRole('button', { name: '登录' }).click();
    const rows = page.locator('table.reports tbody tr');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(service.documents().length);
    expect(await page.evaluate(() => sessionStorage.getItem('fazhi-admin-token'))).toBe(TOKEN);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    const doc = service.documents()[0]!;
    const row = page.locator(`tr[data-file="${doc.file}"]`);
    const text = (await row.textContent()) ?? '';
    for (const value of [doc.title, doc.issuer, doc.locality, String(doc.paragraphs)]) expect(text).toContain(value);
    await expect.poll(() => page.locator('header .status').textContent()).toContain(`${service.documents().length} 份报告`);
    // a reload keeps the session; nothing about the token is in any URL
    await page.reload();
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(service.documents().length);
    expect(urls.some((url) => url.includes(TOKEN))).toBe(false);
    await page.screenshot({ path: join(ARTIFACTS, 'reports.png'), fullPage: true });
  });

  it('uploads several dropped files with a result for each', async () => {
    const drop = await page.evaluateHandle(
      (report: string) => {
        const data = new DataTransfer();
        data.items.add(new File([report], 'qingshi-2024.txt', { type: 'text/plain' }));
        data.items.add(new File([''], 'empty.txt', { type: 'text/plain' }));
        return data;
      },
      newReport(),
    );
    await page.locator('[data-drop]').dispatchEvent('drop', { dataTransfer: drop });
    const ok = page.locator(`li[data-upload="${NEW_FILE}"]`);
    const bad = page.locator('li[data-upload="empty.txt"]');
    await expect.poll(() => bad.getAttribute('class'), { timeout: 20_000 }).toBe('bad');
    expect(await ok.getAttribute('class')).toBe('ok');
    expect(await ok.textContent()).toContain('待重建索引');
    expect(await bad.textContent()).toContain('400');
    expect(await page.locator(`tr[data-file="${NEW_FILE}"]`).textContent()).toContain('已上传，待重建索引');
  });

  it('reindexes with live progress while the previous index keeps answering', async () => {
    const view = page.locator('div[data-view="reports"]');
    await page.getByRole('button', { name: '重建索引' }).click();
    await expect.poll(() => view.getAttribute('data-reindex')).toBe('running');
    expect(await page.locator('.reindex progress').isVisible()).toBe(true);
    expect(await page.locator('.reindex-status').textContent()).toContain('旧索引继续回答问题');
    await page.screenshot({ path: join(ARTIFACTS, 'reindexing.png') });
    // the old index answers meanwhile
    const during = await fetch(`${base}/api/ask`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ question: OLD_QUESTION }) });
    expect(during.status).toBe(200);
    expect(((await during.json()) as { answered: boolean }).answered).toBe(true);
    expect(await view.getAttribute('data-reindex')).toBe('running');
    await expect.poll(() => view.getAttribute('data-reindex'), { timeout: 120_000 }).toBe('done');
    expect(await page.locator('.reindex-status').textContent()).toContain('索引已更新');
    const row = page.locator(`tr[data-file="${NEW_FILE}"]`);
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('青石镇');
    expect(await row.textContent()).not.toContain('待重建索引');
    expect(await page.locator('ol.events').textContent()).toContain('开始重建索引');
  });

  let answerId = '';

  it('answers about the new report in the diagnostics view, and shows why it refuses', async () => {
    await page.getByRole('tab', { name: '诊断提问' }).click();
    await page.getByLabel('问题').fill(NEW_QUESTION);
    const response = page.waitForResponse((r) => r.url().endsWith('/api/ask'));
    await page.getByRole('button', { name: '提问', exact: true }).click();
    answerId = ((await (await response).json()) as { id: string }).id;
    const verdict = page.locator('.verdict');
    await expect.poll(() => verdict.getAttribute('data-answered'), { timeout: 20_000 }).toBe('true');
    expect(await page.locator('.diagnosis .answer-text').textContent()).toContain('137');
    const ranked = page.locator('table.ranked tbody tr');
    expect(await ranked.count()).toBeGreaterThan(0);
    expect(await ranked.first().textContent()).toContain('青石镇2024年法治政府建设情况报告');
    expect(await page.locator('table.ranked mark').first().textContent()).toContain('137');
    const facts = (await page.locator('.diagnosis dl.kv').textContent()) ?? '';
    expect(facts).toContain('依据段落');
    expect(facts).toMatch(/证据强度0\.\d+|证据强度1/u);
    expect(facts).not.toContain('接口未提供');
    await page.screenshot({ path: join(ARTIFACTS, 'ask.png'), fullPage: true });

    await page.getByLabel('问题').fill('今天天气怎么样？');
    await page.getByRole('button', { name: '提问', exact: true }).click();
    await expect.poll(() => verdict.getAttribute('data-answered'), { timeout: 20_000 }).toBe('false');
    expect(await verdict.textContent()).toBe('未找到（拒答）');
  });

  it('lists feedback newest first with the question, answer and citations', async () => {
    for (const [rating, comment] of [['up', '很好'], ['down', '数字要核对']] as const) {
      const res = await fetch(`${base}/api/feedback`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ answerId, rating, comment }) });
      expect(res.status).toBe(201);
    }
    await page.getByRole('tab', { name: '反馈' }).click();
    const entries = page.locator('.feedback-entry');
    await expect.poll(() => entries.count(), { timeout: 10_000 }).toBe(2);
    const newest = (await entries.first().textContent()) ?? '';
    expect(newest).toContain('数字要核对');
    expect(newest).toContain('没有帮助');
    expect(newest).toContain(NEW_QUESTION);
    expect(newest).toContain('137');
    expect(newest).toContain('青石镇2024年法治政府建设情况报告');
    expect(await entries.nth(1).textContent()).toContain('很好');
    await page.screenshot({ path: join(ARTIFACTS, 'feedback.png'), fullPage: true });
  });

  it('deletes the report (with a confirmation click), and after a reindex it is gone', async () => {
    await page.getByRole('tab', { name: '报告' }).click();
    const remove = page.locator(`button[data-remove="${NEW_FILE}"]`);
    await remove.click();
    expect(await remove.textContent()).toBe('确认删除？');
    await remove.click();
    const row = page.locator(`tr[data-file="${NEW_FILE}"]`);
    await expect.poll(() => row.textContent()).toContain('已删除，重建索引后生效');
    await page.getByRole('button', { name: '重建索引' }).click();
    await expect.poll(() => page.locator('div[data-view="reports"]').getAttribute('data-reindex'), { timeout: 120_000 }).toBe('done');
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(0);
    const after = await fetch(`${base}/api/ask`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ question: NEW_QUESTION }) });
    expect(((await after.json()) as { answered: boolean }).answered).toBe(false);
  });

  it('signs out, and ran without a page error or a CSP violation', async () => {
    await page.getByRole('button', { name: '退出' }).click();
    await expect.poll(() => page.getByLabel('管理令牌（ADMIN_TOKEN）').isVisible()).toBe(true);
    expect(await page.evaluate(() => sessionStorage.getItem('fazhi-admin-token'))).toBeNull();
    expect(errors).toEqual([]);
    expect(violations).toEqual([]);
  });
});
