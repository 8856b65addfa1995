import { describe, expect, it } from 'vitest';
import { buildWidget } from '../adapters/widget/build.js';
import { createApp } from '../src/http/app.js';
import { documentPage, homePage, html, messagePage } from '../src/http/pages.js';
import type { Paragraph, ReportDocument } from '../src/schema.js';
import { FakeQaService } from './helpers/fake-service.js';

/** The one escaper: hono/html's tag applied to a single value. */
const escapeHtml = (value: unknown) => html`${value}`.toString();

const EVIL = `"><img src=x onerror="window.__pwned=1"><script>alert('x')</script>&amp;`;

const doc = (over: Partial<ReportDocument> = {}): ReportDocument => ({
  id: 'evil-2023',
  file: 'evil.txt',
  sha256: '0'.repeat(64),
  format: 'text',
  encoding: 'utf-8',
  script: 'simplified',
  title: `某某镇${EVIL}报告`,
  locality: `某某镇${EVIL}`,
  region: `某市${EVIL}`,
  year: 2023,
  signedBy: EVIL,
  signedAt: null,
  issuer: EVIL,
  level: 'township',
  chain: [],
  paragraphs: 3,
  ...over,
});

const para = (ordinal: number, id: string, section: string[], text: string): Paragraph => ({
  id,
  docId: 'evil-2023',
  ordinal,
  paragraphId: id.replace(/-\d+$/, ''),
  chunk: null,
  section,
  text,
  simplified: text,
});

/** Every tag name in a piece of markup. */
const tags = (markup: string) => [...markup.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]!.toLowerCase());

describe('escaping', () => {
  it('escapes text and quoted attributes (every attribute in the pages is quoted)', () => {
    expect(escapeHtml(`<a href="x" title='y'>&`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;');
    expect(escapeHtml(12)).toBe('12');
  });

  it('the html tag escapes every value, joins arrays, keeps nested html and drops null/undefined/booleans', () => {
    const inner = html`<b>${'<i>'}</b>`;
    const out = html`<p title="${'"x"'}">${EVIL}${[inner, '<u>', null, undefined, false, 3]}</p>`.toString();
    expect(out).toBe(`<p title="&quot;x&quot;">${escapeHtml(EVIL)}<b>&lt;i&gt;</b>&lt;u&gt;3</p>`);
  });

  it('the home page shows corpus values as text only', () => {
    const page = homePage({ documents: [doc()], ready: true, origin: `http://evil"><script>x()</script>`, nonce: 'abc123', examples: [`问${EVIL}`] });
    expect(tags(page).filter((t) => t === 'img')).toEqual([]);
    // the only scripts are the widget and the nonce'd bootstrap
    expect(page.match(/<script/g)).toHaveLength(2);
    expect(page).toContain('<script src="widget.js" data-title="法治问答" defer></script>');
    expect(page).toContain('<script nonce="abc123">');
    expect(page).toContain(escapeHtml(doc().title));
    expect(page).toContain(`data-question="问${escapeHtml(EVIL)}"`);
    expect(page).toContain('&lt;script src=&quot;http://evil&quot;&gt;&lt;script&gt;x()&lt;/script&gt;/widget.js&quot;');
    expect(page).toContain('<a href="documents/evil-2023">');
  });

  it('the home page without the widget has no script at all, and says when the index is loading', () => {
    const page = homePage({ documents: [], ready: false, origin: 'http://h' });
    expect(page).not.toContain('<script');
    expect(page).toContain('索引正在加载');
  });

  it('a document page: paragraphs as text with their ids, headings where the section changes', () => {
    const paragraphs = [
      para(0, 'p-000000000001', [], '前言'),
      para(1, 'p-000000000002', [`一、${EVIL}`, '1.小节'], `第一段${EVIL}`),
      para(2, 'p-000000000002-2', [`一、${EVIL}`, '1.小节'], '第一段续'),
      para(3, 'p-000000000003', [`一、${EVIL}`, '2.另一节'], '第二段'),
      para(4, 'p-"><b>x', ['二、问题'], '第三段'),
    ];
    const page = documentPage(doc(), paragraphs);
    expect(tags(page).filter((t) => t === 'img' || t === 'script' || t === 'b')).toEqual([]);
    expect(page).toContain(`<p class="para" id="p-000000000002">第一段${escapeHtml(EVIL)}<a class="pl" href="#p-000000000002"`);
    expect(page).toContain('id="p-000000000002-2"');
    expect(page).toContain('id="p-&quot;&gt;&lt;b&gt;x"');
    expect(page).toContain('href="#p-%22%3E%3Cb%3Ex"');
    const headings = [...page.matchAll(/<h(\d) class="sec">([^<]*)<\/h\d>/g)].map((m) => `${m[1]}:${m[2]}`);
    expect(headings).toEqual([`2:一、${escapeHtml(EVIL)}`, '3:1.小节', '3:2.另一节', '2:二、问题']);
    expect(page).toContain(`<h1>${escapeHtml(doc().title)}</h1>`);
    expect(page).not.toContain('<dt>日期</dt>'); // null metadata is left out
  });

  it('a paragraph from a paged format shows its page (or pages) in the source view', () => {
    const paragraphs = [
      { ...para(0, 'p-000000000001', [], '第一页的段落'), page: 3 },
      { ...para(1, 'p-000000000002', [], '跨页的段落'), page: 4, pageEnd: 5 },
      para(2, 'p-000000000003', [], '没有页码的段落'),
    ];
    const page = documentPage(doc(), paragraphs);
    expect(page).toContain('第一页的段落<span class="pg">第3页</span>');
    expect(page).toContain('跨页的段落<span class="pg">第4–5页</span>');
    expect(page).toContain('没有页码的段落<a class="pl"');
  });

  it('a message page escapes its text', () => {
    expect(tags(messagePage('未找到报告', `没有编号为“${EVIL}”的报告。`)).filter((t) => t === 'img' || t === 'script')).toEqual([]);
  });
});

describe('routes', () => {
  const config = { corsOrigins: '*', rateLimitPerMinute: 0, maxUploadBytes: 1024 };

  it('GET /widget.js serves the asset as JavaScript with a cache header and an ETag, 304 when unchanged', async () => {
    const app = createApp({ service: new FakeQaService(), config, assets: { widgetJs: '(()=>{"小部件"})();' } });
    const res = await app.request('/widget.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    expect(await res.text()).toBe('(()=>{"小部件"})();');
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    const again = await app.request('/widget.js', { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect((await app.request('/widget.js', { method: 'HEAD' })).status).toBe(200);
  });

  it('GET /widget.js is 404 JSON when no asset was given', async () => {
    const app = createApp({ service: new FakeQaService(), config });
    const res = await app.request('/widget.js');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('GET / carries a CSP whose nonce is the inline script\'s, fresh per request', async () => {
    const app = createApp({ service: new FakeQaService(), config, assets: { widgetJs: '1' } });
    const nonces: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await app.request('/');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const csp = res.headers.get('content-security-policy')!;
      const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toMatch(/(^|; )script-src 'self' 'nonce-[^']+'(;|$)/); // scripts: same origin and the nonce, nothing inline else
      expect(await res.text()).toContain(`<script nonce="${nonce}">`);
      nonces.push(nonce);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it('GET /documents/:id: the report, 404 HTML for an unknown id, 503 HTML before the index is loaded', async () => {
    const service = new FakeQaService();
    const app = createApp({ service, config });
    const ok = await app.request('/documents/zhishan-2020');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await ok.text();
    expect(page).toContain('id="zhishan-2020:p1"');
    expect(page).toContain('全面推行行政执法公示制度');
    const missing = await app.request(`/documents/${encodeURIComponent('<script>x</script>')}`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^text\/html/);
    const text = await missing.text();
    expect(text).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(text).not.toContain('<script>x');
    service.isReady = false;
    const starting = await app.request('/documents/zhishan-2020');
    expect(starting.status).toBe(503);
    expect(starting.headers.get('retry-after')).toBe('5');
  });
});

describe('the bundled widget', () => {
  it('is one small classic script that never parses markup', async () => {
    const js = await buildWidget();
    expect(js.length).toBeLessThan(40_000);
    expect(js).not.toMatch(/\b(innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval)\b/);
    expect(js).not.toMatch(/^\s*(import|export)\b/m);
    expect(js).toContain('FazhiWidget');
  });
});
