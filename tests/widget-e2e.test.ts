/**
 * The embeddable widget end to end: real headless Chromium (Debian's
 * /usr/bin/chromium through playwright-core) against the real service (the
 * bundled corpus, the local embedding model, a fresh index) on a free port.
 * Host pages come from a second tiny HTTP server on another port, so the
 * widget runs cross-origin as it does on a government site.
 *
 * Screenshots are kept in artifacts/widget/ (git-ignored).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/index.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(repoRoot, 'artifacts', 'widget');
const QUESTION = '月亮岛街道2021年共调解矛盾纠纷多少件？';
const FOLLOW_UP = '那成功率呢？';
const HOSTILE_REPORT = '某某镇2023年法治政府建设情况报告\n一、主要工作\n共调解纠纷12件<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>，成功率100%。\n';

let service: TestServer;
let browser: Browser;
let host: { url: string; pages: Map<string, string>; close(): Promise<void> };

function escapeAttr(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** A government-site page with CSS that tries hard to break anything embedded in it. */
function hostilePage(serviceUrl: string, attrs = 'data-title="法治问答" data-accent="#0b5cad" data-placeholder="请输入您的问题"'): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>某区人民政府门户网站</title>
<style>
  * { all: unset !important; display: block; font-size: 40px !important; color: red !important; line-height: 3 !important; }
  head, style, title, script { display: none !important; }
  button, textarea, input { display: none !important; }
  div { position: relative !important; z-index: 1 !important; opacity: .9 !important; }
  body > div:last-child { transform: scale(.5) rotate(3deg) !important; filter: blur(2px) !important; }
  .cover { position: fixed !important; inset: 0 !important; z-index: 2147483000 !important; background: rgba(0, 0, 255, .06) !important; pointer-events: none !important; }
  mark { display: none !important; }
</style>
<script src="${escapeAttr(serviceUrl)}/widget.js" ${attrs}></script>
</head>
<body>
<h1>某区人民政府</h1>
<p>政务公开 · 办事服务 · 互动交流</p>
<button type="button" id="host-button">站内按钮</button>
<div class="cover"></div>
</body>
</html>`;
}

async function startHostServer(): Promise<typeof host> {
  const pages = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    const page = pages.get(new URL(req.url ?? '/', 'http://x').pathname);
    res.writeHead(page ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(page ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    pages,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// -- the widget's shadow root, seen from the page

const widget = (page: Page) => page.locator('[data-fazhi-widget]');
const launcher = (page: Page) => widget(page).locator('.launcher');
const panel = (page: Page) => widget(page).locator('.panel');
const input = (page: Page) => widget(page).locator('textarea');
const botMessages = (page: Page) => widget(page).locator('.log .msg.bot');

/** The class list of whatever has focus inside the shadow root. */
function shadowFocus(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const active = document.querySelector('[data-fazhi-widget]')?.shadowRoot?.activeElement;
    return active ? `${active.tagName.toLowerCase()}.${[...active.classList].join('.')}` : null;
  });
}

/** Types a question and sends it with Enter; resolves with the new answer bubble once the `done` result is rendered. */
async function askByKeyboard(page: Page, question: string): Promise<Locator> {
  const before = await botMessages(page).count();
  await input(page).click();
  await input(page).fill('');
  await page.keyboard.type(question);
  await page.keyboard.press('Enter');
  const message = botMessages(page).nth(before);
  await message.waitFor({ timeout: 20_000 });
  return message;
}

/** Waits until a bot message is finished: the rating row (answers) or an error. */
async function settled(message: Locator): Promise<void> {
  await message.locator('.rate, [role="alert"]').first().waitFor({ timeout: 20_000 });
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: the widget end-to-end tests drive a real browser. Install it with \`apt-get install chromium fonts-wqy-microhei\`.`);
  }
  await mkdir(ARTIFACTS, { recursive: true });
  [service, browser, host] = await Promise.all([
    startTestServer({}, { reports: { 'hostile.txt': HOSTILE_REPORT } }),
    chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    }),
    startHostServer(),
  ]);
  host.pages.set('/hostile.html', hostilePage(service.url));
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await service?.close();
});

describe('the widget on a hostile host page (desktop)', () => {
  let context: BrowserContext;
  let page: Page;
  const asks: { headers: Record<string, string>; body: { question: string; conversationId?: string } }[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('request', (request) => {
      if (request.url().endsWith('/api/ask') && request.method() === 'POST') asks.push({ headers: request.headers(), body: request.postDataJSON() });
    });
    await page.goto(`${host.url}/hostile.html`);
  });

  afterAll(async () => {
    await context?.close();
  });

  it('renders unharmed above the page, opens with focus in the input, streams a cited answer', async () => {
    const button = launcher(page);
    await expect.poll(() => button.isVisible()).toBe(true);
    const box = await button.boundingBox();
    expect(box).not.toBeNull();
    // the page's 40px red everything did not reach inside; the button sits bottom-right at its own size
    expect(box!.height).toBeGreaterThan(40);
    expect(box!.height).toBeLessThan(70);
    expect(box!.x + box!.width).toBeGreaterThan(1280 - 60);
    expect(box!.y + box!.height).toBeGreaterThan(800 - 60);
    const look = await button.evaluate((el) => {
      const style = getComputedStyle(el);
      return { fontSize: style.fontSize, color: style.color, background: style.backgroundColor };
    });
    expect(look).toEqual({ fontSize: '16px', color: 'rgb(255, 255, 255)', background: 'rgb(11, 92, 173)' }); // data-accent
    await expect.poll(() => button.getAttribute('aria-expanded')).toBe('false');

    // a real click: it fails if anything of the host page (the full-page cover) intercepts it
    await button.click();
    await expect.poll(() => panel(page).isVisible()).toBe(true);
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    expect(await panel(page).getAttribute('role')).toBe('dialog');
    await expect.poll(() => shadowFocus(page)).toBe('textarea.');
    expect(await input(page).getAttribute('placeholder')).toBe('请输入您的问题');
    expect(await input(page).getAttribute('aria-label')).toBe('问题');
    expect(await panel(page).evaluate((el) => getComputedStyle(el).fontSize)).toBe('14px');
    expect(await widget(page).locator('.head h2').textContent()).toBe('法治问答');
    expect(await widget(page).getByRole('button', { name: '关闭' }).isVisible()).toBe(true);

    // Shift+Enter is a new line, not a send
    await page.keyboard.type('第一行');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('第二行');
    expect(await input(page).inputValue()).toBe('第一行\n第二行');
    expect(asks).toHaveLength(0);
    await input(page).fill('');

    // record what the answer bubble shows while it is still streaming (aria-busy) and after
    await page.evaluate(() => {
      const root = document.querySelector('[data-fazhi-widget]')!.shadowRoot!;
      const renders: { text: string; streaming: boolean }[] = [];
      (window as unknown as { __renders: typeof renders }).__renders = renders;
      const busy = new WeakSet<Node>();
      new MutationObserver((records) => {
        for (const record of records) {
          const target = record.target as Element;
          if (!target.classList?.contains('bubble')) continue;
          if (record.type === 'attributes') {
            if (record.oldValue === null) busy.add(target);
            else busy.delete(target);
          } else if (record.addedNodes.length) {
            renders.push({ text: [...record.addedNodes].map((n) => n.textContent ?? '').join(''), streaming: busy.has(target) });
          }
        }
      }).observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-busy'], attributeOldValue: true });
    });
    const responded = page.waitForResponse((r) => r.url().endsWith('/api/ask'));
    const answer = await askByKeyboard(page, QUESTION);
    await expect.poll(() => answer.locator('.bubble').textContent(), { timeout: 20_000 }).toContain('691');
    await settled(answer);
    const renders = await page.evaluate(() => (window as unknown as { __renders: { text: string; streaming: boolean }[] }).__renders);
    const streamed = renders.filter((r) => r.streaming && r.text !== '正在查找');
    expect(streamed.length).toBeGreaterThan(0); // deltas were shown before the result came
    expect(streamed.some((r) => r.text.includes('691'))).toBe(true);
    // what stays is the done event's answer, markers turned into buttons
    const response = await responded;
    expect(response.headers()['content-type']).toMatch(/^text\/event-stream/);
    const done = JSON.parse(/event: done\ndata: (.*)\n/.exec(await response.text())![1]!) as { answer: string };
    const shown = await answer.locator('.bubble').evaluate((el) =>
      [...el.childNodes].filter((n) => !(n instanceof Element && n.matches('.sources, .rate'))).map((n) => n.textContent).join(''),
    );
    expect(shown).toBe(done.answer.replace(/\[(\d+)\]/g, '$1'));
    expect(await input(page).inputValue()).toBe('');
    const bubble = answer.locator('.bubble');
    expect(await bubble.textContent()).toContain('691');
    const marker = bubble.locator('button.cite').first();
    expect(await marker.textContent()).toBe('1');
    expect(await marker.getAttribute('aria-label')).toBe('来源 1');
    expect(await bubble.locator('.sources').textContent()).toContain('来源');

    expect(asks).toHaveLength(1);
    expect(asks[0]!.headers.accept).toContain('text/event-stream');
    expect(asks[0]!.body).toEqual({ question: QUESTION });
    expect(errors).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'hostile.png') });

    // Esc closes and gives focus back to the button; reopening keeps the conversation
    await page.keyboard.press('Escape');
    await expect.poll(() => panel(page).isVisible()).toBe(false);
    expect(await shadowFocus(page)).toBe('button.launcher');
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('Enter');
    await expect.poll(() => panel(page).isVisible()).toBe(true);
    await expect.poll(() => shadowFocus(page)).toBe('textarea.');
    expect(await botMessages(page).count()).toBe(2); // the greeting and the answer
  });

  it('a citation opens the paragraph with the quoted sentence marked and a link that lands on it', async () => {
    const answer = botMessages(page).last();
    await answer.locator('button.cite').first().click();
    const view = widget(page).locator('.citeview');
    await expect.poll(() => view.isVisible()).toBe(true);
    await expect.poll(() => shadowFocus(page)).toBe('button.back');
    expect(await view.locator('h3').textContent()).toContain('月亮島街道2021年法治政府建設工作情況報告');
    expect(await view.locator('.meta').textContent()).toBe('月亮岛街道 · 长沙市望城区 · 2021年');
    expect(await view.locator('.path').textContent()).toMatch(/^一、.+ › 4\./);
    const mark = view.locator('blockquote mark');
    expect(await mark.count()).toBe(1);
    expect(await mark.textContent()).toContain('691');
    expect(await view.locator('blockquote').textContent()).toContain('一是充分發揮基層調解組織作用');

    const link = view.getByRole('link', { name: '查看原文' });
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toMatch(new RegExp(`^${service.url}/documents/yueliangdao-2021#p-[0-9a-f]{12}(-\\d+)?$`));
    const paragraphId = new URL(href).hash.slice(1);
    await page.screenshot({ path: join(ARTIFACTS, 'desktop-hostile-citation.png') });

    const [source] = await Promise.all([context.waitForEvent('page'), link.click()]);
    await source.waitForLoadState('load');
    expect(source.url()).toBe(href);
    const target = await source.evaluate(() => {
      const el = document.querySelector(':target');
      return el ? { id: el.id, text: el.textContent ?? '', background: getComputedStyle(el).backgroundColor } : null;
    });
    expect(target?.id).toBe(paragraphId);
    expect(target?.text).toContain('691');
    expect(target?.background).not.toBe('rgba(0, 0, 0, 0)');
    expect(await source.locator('h1').textContent()).toBe('月亮島街道2021年法治政府建設工作情況報告');
    await source.screenshot({ path: join(ARTIFACTS, 'source-view.png') });
    await source.close();

    // Esc leaves the citation view first, back to the marker that opened it
    await page.bringToFront();
    await view.locator('.back').focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => view.isVisible()).toBe(false);
    expect(await panel(page).isVisible()).toBe(true);
    expect(await shadowFocus(page)).toBe('button.cite');
  });

  it('a follow-up keeps the conversation', async () => {
    const first = await askByKeyboard(page, FOLLOW_UP);
    await settled(first);
    expect(await first.locator('.bubble').textContent()).toContain('98.9%');
    expect(asks).toHaveLength(2);
    const conversationId = asks[1]!.body.conversationId;
    expect(conversationId).toMatch(/\S/);
    expect(asks[1]!.body.question).toBe(FOLLOW_UP);
  });

  it('a refusal is shown as a notice', async () => {
    const refused = await askByKeyboard(page, '怎么办理护照？');
    await settled(refused);
    expect(await refused.getAttribute('class')).toContain('notice');
    expect(await refused.locator('.label').textContent()).toBe('未找到答案');
    expect(await refused.locator('button.cite').count()).toBe(0);
  });

  it('👍 stores feedback for the answer', async () => {
    const answer = botMessages(page).nth(1);
    const up = answer.getByRole('button', { name: '有帮助', exact: true });
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/feedback')), up.click()]);
    expect(response.status()).toBe(201);
    const sent = response.request().postDataJSON() as { answerId: string; conversationId: string; rating: string };
    expect(sent.rating).toBe('up');
    expect(sent.conversationId).toBe(asks[1]!.body.conversationId);
    await expect.poll(() => answer.locator('.rate .status').textContent()).toBe('感谢您的反馈');
    expect(await up.getAttribute('aria-pressed')).toBe('true');

    const file = join(service.service.config.DATA_DIR, 'feedback.jsonl');
    const entries = (await readFile(file, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries).toEqual([expect.objectContaining({ rating: 'up', answerId: sent.answerId, conversationId: sent.conversationId })]);
    expect(errors).toEqual([]);
  });
});

describe('the demo pages and the widget on the service itself', () => {
  it('desktop: the home page lists the corpus, and an example question opens the widget and asks it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    const response = await page.goto(`${service.url}/`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9_-]+'/);
    expect(await page.locator('tbody tr').count()).toBe(service.service.documents().length);
    expect(await page.locator('a[href="documents/yueliangdao-2021"]').textContent()).toBe('月亮島街道2021年法治政府建設工作情況報告');

    await page.getByRole('button', { name: QUESTION }).click();
    await expect.poll(() => panel(page).isVisible()).toBe(true);
    const answer = botMessages(page).nth(1);
    await settled(answer);
    expect(await answer.locator('.bubble').textContent()).toContain('691');
    await page.screenshot({ path: join(ARTIFACTS, 'desktop.png') });
    await answer.locator('button.cite').first().click();
    await widget(page).locator('.citeview mark').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'desktop-citation.png') });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('phone: the panel fills the screen and works by touch', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${service.url}/`);
    await launcher(page).tap();
    await expect.poll(() => panel(page).isVisible()).toBe(true);
    const box = await panel(page).boundingBox();
    expect(box).not.toBeNull();
    expect(Math.abs(box!.x)).toBeLessThanOrEqual(1);
    expect(Math.abs(box!.y)).toBeLessThanOrEqual(1);
    expect(Math.abs(box!.width - 390)).toBeLessThanOrEqual(2);
    expect(Math.abs(box!.height - 844)).toBeLessThanOrEqual(2);
    expect(await launcher(page).isVisible()).toBe(false);

    await input(page).tap();
    await input(page).fill(QUESTION);
    await widget(page).getByRole('button', { name: '发送' }).tap();
    const answer = botMessages(page).nth(1);
    await settled(answer);
    expect(await answer.locator('.bubble').textContent()).toContain('691');
    await page.screenshot({ path: join(ARTIFACTS, 'phone.png') });

    await answer.locator('button.cite').first().tap();
    await widget(page).locator('.citeview mark').waitFor();
    const view = await widget(page).locator('.citeview').boundingBox();
    expect(view!.width).toBeGreaterThan(380);
    await page.screenshot({ path: join(ARTIFACTS, 'phone-citation.png') });

    await widget(page).getByRole('button', { name: '关闭' }).tap();
    await expect.poll(() => panel(page).isVisible()).toBe(false);
    expect(await launcher(page).isVisible()).toBe(true);
    await context.close();
  });

  it('a report paragraph with markup is shown as text and runs nothing, in the widget and in the source view', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`${host.url}/hostile.html`);
    await launcher(page).click();
    const answer = await askByKeyboard(page, '某某镇共调解纠纷多少件？');
    await settled(answer);
    expect(await answer.locator('.bubble').textContent()).toContain('<img src=x');
    await answer.locator('button.cite').first().click();
    const view = widget(page).locator('.citeview');
    await view.locator('blockquote').waitFor();
    expect(await view.locator('blockquote').textContent()).toBe(HOSTILE_REPORT.split('\n')[2]);
    expect(await view.locator('mark').textContent()).toContain('<script>window.__pwned=2</script>');
    expect(await view.getByText('<img src=x', { exact: false }).isVisible()).toBe(true);
    const inside = await page.evaluate(() => {
      const root = document.querySelector('[data-fazhi-widget]')!.shadowRoot!;
      return { images: root.querySelectorAll('img').length, scripts: root.querySelectorAll('script').length, pwned: (window as unknown as { __pwned?: unknown }).__pwned };
    });
    expect(inside).toEqual({ images: 0, scripts: 0, pwned: undefined });
    expect(requests.filter((url) => /\/x$/.test(url))).toEqual([]);
    const href = await view.getByRole('link', { name: '查看原文' }).getAttribute('href');
    expect(href).toMatch(new RegExp(`^${service.url}/documents/hostile#p-[0-9a-f]{12}$`));

    const response = await page.goto(href!);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
    const id = new URL(href!).hash.slice(1);
    expect(await page.locator(`[id="${id}"]`).textContent()).toContain('<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>');
    const source = await page.evaluate(() => ({ images: document.images.length, scripts: document.scripts.length, pwned: (window as unknown as { __pwned?: unknown }).__pwned }));
    expect(source).toEqual({ images: 0, scripts: 0, pwned: undefined });
    await context.close();
  });

  it('an unknown report is a 404 page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${service.url}/documents/no-such-report`);
    expect(response?.status()).toBe(404);
    expect(response?.headers()['content-type']).toMatch(/^text\/html/);
    expect(await page.locator('h1').textContent()).toBe('未找到报告');
    await context.close();
  });

  it('tells the user when the service is not ready (503)', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${host.url}/hostile.html`);
    await page.route('**/api/ask', (route) => route.fulfill({ status: 503, contentType: 'application/json', headers: { 'Access-Control-Allow-Origin': '*' }, body: '{"error":{"code":"not_ready","message":"x"}}' }));
    await launcher(page).click();
    const message = await askByKeyboard(page, QUESTION);
    await settled(message);
    expect(await message.locator('[role="alert"]').textContent()).toBe('服务正在准备中，请稍后再试。');
    await context.close();
  });
});

describe('rate limited, then unreachable', () => {
  let limited: TestServer;

  beforeAll(async () => {
    limited = await startTestServer({ RATE_LIMIT_PER_MINUTE: '1' });
    host.pages.set('/limited.html', hostilePage(limited.url, 'data-open="true"'));
  });

  afterAll(async () => {
    await limited?.close();
  });

  it('shows the 429 message with the wait from Retry-After, and a network error once the service is gone', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${host.url}/limited.html`);
    // data-open="true": open on load, without taking the focus from the page
    await expect.poll(() => panel(page).isVisible()).toBe(true);
    expect(await shadowFocus(page)).toBeNull();

    const first = await askByKeyboard(page, QUESTION);
    await settled(first);
    expect(await first.locator('.bubble').textContent()).toContain('691');

    const second = await askByKeyboard(page, FOLLOW_UP);
    await settled(second);
    const alert = second.locator('[role="alert"]');
    expect(await alert.textContent()).toMatch(/^提问太频繁，请 (\d+) 秒后再试。$/);
    const seconds = Number(/(\d+)/.exec((await alert.textContent()) ?? '')![1]);
    expect(seconds).toBeGreaterThanOrEqual(50);
    expect(seconds).toBeLessThanOrEqual(60);
    expect(await input(page).inputValue()).toBe(FOLLOW_UP); // the question is kept for a retry
    await page.screenshot({ path: join(ARTIFACTS, 'rate-limited.png') });

    await limited.close();
    const third = await askByKeyboard(page, FOLLOW_UP);
    await settled(third);
    expect(await third.locator('[role="alert"]').textContent()).toBe('网络连接失败，请检查网络后重试。');
    await page.screenshot({ path: join(ARTIFACTS, 'unreachable.png') });
    await context.close();
  });
});
