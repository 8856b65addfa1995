/**
 * The service's own HTML: the demo home page (`/`: the corpus, example
 * questions, the widget), the source view of a report (`/documents/:id`, every
 * paragraph addressable by its id so a citation link lands on it) and a short
 * message page. The routes that serve them are in routes/pages.ts.
 *
 * Pages are built with hono/html's `html` tag, which escapes every
 * interpolated value unless it is already escaped markup (another `html`, or
 * `raw` for constant markup). Each page carries a Content-Security-Policy; the
 * home page's one inline script runs by nonce.
 */
import { html as honoHtml, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Paragraph, ReportDocument } from '../schema.js';
import type { SkippedFile } from '../service.js';

/**
 * hono/html's tag, typed for how this file uses it: no value is a promise,
 * so neither is the result.
 */
export const html = honoHtml as (strings: TemplateStringsArray, ...values: unknown[]) => HtmlEscapedString;

// ---------------------------------------------------------------- CSP

export function homeCsp(nonce: string): string {
  return `default-src 'none'; script-src 'self' 'nonce-${nonce}'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'`;
}

export const DOCUMENT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/[+/=]/g, (ch) => (ch === '+' ? '-' : ch === '/' ? '_' : ''));
}

// ---------------------------------------------------------------- pages

export const EXAMPLE_QUESTIONS = [
  '月亮岛街道2021年共调解矛盾纠纷多少件？',
  '郭家沱街道2024年调解了多少件矛盾纠纷？',
  '古美路街道可全程网办的事项有多少项？',
  '址山镇在册持证行政执法人员有多少人？',
  '怎么办理护照？',
];

const STYLE = raw(`
  :root { --accent: #b3261e; --text: #1f2328; --muted: #5b6470; --line: #e3e6ea; --bg: #f6f7f9; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.7 system-ui, -apple-system, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif; color: var(--text); background: #fff; }
  a { color: var(--accent); }
  .wrap { max-width: 64rem; margin: 0 auto; padding: 0 1.25rem; }
  .hero { background: linear-gradient(135deg, #8f1d17, var(--accent)); color: #fff; padding: 2.5rem 0 2.25rem; }
  .hero h1 { margin: 0 0 .25rem; font-size: 2rem; letter-spacing: .05em; }
  .hero p { margin: 0; opacity: .92; max-width: 44rem; }
  .bar { background: var(--accent); padding: .6rem 0; }
  .bar a { color: #fff; text-decoration: none; font-weight: 600; }
  main { padding: 1.5rem 1.25rem 4rem; }
  h2 { font-size: 1.2rem; margin: 2rem 0 .75rem; }
  h2 small { font-size: .8rem; font-weight: normal; color: var(--muted); margin-left: .5rem; }
  .muted { color: var(--muted); font-size: .9rem; }
  .examples { display: flex; flex-wrap: wrap; gap: .5rem; }
  .example { font: inherit; font-size: .95rem; padding: .45rem .9rem; border: 1px solid var(--line); border-radius: 999px; background: #fff; color: var(--text); cursor: pointer; }
  .example:hover, .example:focus-visible { border-color: var(--accent); color: var(--accent); }
  table { width: 100%; border-collapse: collapse; font-size: .95rem; }
  th, td { text-align: left; padding: .55rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
  th { font-weight: 600; color: var(--muted); font-size: .85rem; background: var(--bg); }
  td.num { text-align: right; font-variant-numeric: tabular-nums; }
  pre { background: #1f2328; color: #e6edf3; padding: .9rem 1rem; border-radius: 8px; overflow: auto; font-size: .85rem; }
  code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
  ul.attrs { padding-left: 1.2rem; } ul.attrs code { background: var(--bg); padding: 0 .3rem; border-radius: 4px; }
  footer { border-top: 1px solid var(--line); color: var(--muted); font-size: .85rem; padding: 1rem 0 6rem; }
  .doc h1 { font-size: 1.6rem; line-height: 1.4; margin: .5rem 0 1rem; }
  dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0 0 1.5rem; padding: .9rem 1rem; background: var(--bg); border-radius: 8px; font-size: .92rem; }
  dl.meta dt { color: var(--muted); } dl.meta dd { margin: 0; }
  article h2, article h3, article h4, article h5, article h6 { margin: 1.6rem 0 .6rem; line-height: 1.5; }
  article h2 { font-size: 1.2rem; } article h3 { font-size: 1.05rem; } article h4, article h5, article h6 { font-size: 1rem; }
  .para { position: relative; margin: 0 0 .9rem; padding: .35rem .6rem; border-radius: 6px; white-space: pre-wrap; overflow-wrap: anywhere; scroll-margin-top: 5rem; }
  .para .pg { margin-left: .35rem; color: var(--muted); font-size: .85em; }
  .para .pl { margin-left: .35rem; color: #b0b6bd; text-decoration: none; font-size: .85em; }
  .para:hover .pl, .para .pl:focus { color: var(--accent); }
  .para:target { background: #fff4cc; box-shadow: inset 4px 0 0 var(--accent); }
  .notice { padding: 1rem; border-radius: 8px; background: #fff8e6; border: 1px solid #f0d48a; }
  @media (max-width: 600px) { .hero h1 { font-size: 1.6rem; } th.opt, td.opt { display: none; } }
`);

function layout(title: string, body: HtmlEscapedString, extraHead: HtmlEscapedString = html``): string {
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${title}</title>
<style>${STYLE}</style>
${extraHead}
</head>
<body>
${body}
</body>
</html>
`.toString();
}

export interface HomePageInput {
  documents: ReportDocument[];
  /** Corpus files left out of the index, with the reason. */
  skipped?: SkippedFile[];
  ready: boolean;
  /** The service's origin as the request reached it, for the embed snippet. */
  origin: string;
  /** Omit when the widget is not served: then no script tags are written. */
  nonce?: string;
  examples?: string[];
}

export function homePage(input: HomePageInput): string {
  const { documents, ready, origin, nonce } = input;
  const examples = input.examples ?? EXAMPLE_QUESTIONS;
  const paragraphs = documents.reduce((n, d) => n + d.paragraphs, 0);
  const rows = documents.map(
    (d) => html`<tr>
  <td><a href="documents/${encodeURIComponent(d.id)}">${d.title}</a></td>
  <td>${d.locality}</td>
  <td class="opt">${d.region ?? '—'}</td>
  <td class="num">${d.year ?? '—'}</td>
  <td class="num">${d.paragraphs}</td>
</tr>`,
  );
  const corpus = !ready
    ? html`<p class="notice">索引正在加载，请稍后刷新本页。</p>`
    : documents.length
      ? html`<table>
<thead><tr><th scope="col">报告</th><th scope="col">地方</th><th scope="col" class="opt">所属地区</th><th scope="col">年份</th><th scope="col">段落</th></tr></thead>
<tbody>${rows}</tbody>
</table>`
      : html`<p class="notice">语料库中还没有报告。</p>`;
  const skipped = input.skipped?.length
    ? html`<p class="muted">未收录的文件：</p><ul class="skipped">${input.skipped.map((s) => html`<li><code>${s.file}</code>：${s.reason}</li>`)}</ul>`
    : html``;
  const snippet = `<script src="${origin}/widget.js" data-title="法治问答" defer></script>`;
  const widget = nonce
    ? html`<script src="widget.js" data-title="法治问答" defer></script>
<script nonce="${nonce}">
document.addEventListener('click', function (event) {
  var target = event.target && event.target.closest ? event.target.closest('[data-question]') : null;
  if (target && window.FazhiWidget) window.FazhiWidget.ask(target.getAttribute('data-question'));
});
</script>`
    : html``;
  const body = html`<header class="hero"><div class="wrap">
<h1>法治问答</h1>
<p>基于各地法治政府建设年度报告的问答服务：每个回答都引用报告原文段落，便于核对。</p>
</div></header>
<main class="wrap">
<section aria-labelledby="examples">
<h2 id="examples">试试这些问题</h2>
<div class="examples">${examples.map((q) => html`<button type="button" class="example" data-question="${q}">${q}</button>`)}</div>
<p class="muted">${nonce ? '点击问题，右下角的问答窗口会打开并作答；也可以直接点击右下角的按钮提问。' : '本部署未提供问答组件（/widget.js）。'}</p>
</section>
<section aria-labelledby="corpus">
<h2 id="corpus">报告库${ready ? html`<small>${documents.length} 份报告 · ${paragraphs} 个段落</small>` : ''}</h2>
${corpus}
${skipped}
</section>
<section aria-labelledby="embed">
<h2 id="embed">在您的网站嵌入</h2>
<p>在页面中加入一行：</p>
<pre><code>${snippet}</code></pre>
<ul class="attrs">
<li><code>data-title</code>：窗口标题；<code>data-placeholder</code>：输入框提示；<code>data-accent</code>：主题色（CSS 颜色）</li>
<li><code>data-endpoint</code>：服务地址（默认为脚本所在地址）；<code>data-open="true"</code>：页面加载后即打开</li>
<li>页面脚本可调用 <code>FazhiWidget.open()</code>、<code>FazhiWidget.ask("问题")</code></li>
</ul>
</section>
</main>
<footer><div class="wrap"><a href="docs">API 文档</a> · <a href="openapi.json">openapi.json</a></div></footer>
${widget}`;
  return layout('法治问答', body);
}

/** Headings for the levels of `section` that differ from `previous`. */
function sectionHeadings(section: string[], previous: string[]): HtmlEscapedString[] {
  let same = 0;
  while (same < section.length && same < previous.length && section[same] === previous[same]) same++;
  const out: HtmlEscapedString[] = [];
  for (let level = same; level < section.length; level++) {
    const tag = `h${Math.min(level + 2, 6)}`;
    out.push(html`${raw(`<${tag} class="sec">`)}${section[level]}${raw(`</${tag}>`)}`);
  }
  return out;
}

export function documentPage(document: ReportDocument, paragraphs: Paragraph[]): string {
  const ordered = [...paragraphs].sort((a, b) => a.ordinal - b.ordinal);
  let previous: string[] = [];
  const items: HtmlEscapedString[] = [];
  for (const p of ordered) {
    items.push(...sectionHeadings(p.section, previous));
    previous = p.section;
    // paged formats (PDF, OFD) say where on paper the paragraph is
    const pages = p.page === undefined ? '' : p.pageEnd !== undefined && p.pageEnd !== p.page ? `${p.page}–${p.pageEnd}` : `${p.page}`;
    const pageMark = pages ? html`<span class="pg">第${pages}页</span>` : '';
    items.push(html`<p class="para" id="${p.id}">${p.text}${pageMark}<a class="pl" href="#${encodeURIComponent(p.id)}" aria-label="本段链接">¶</a></p>`);
  }
  const meta: [string, string | number | null][] = [
    ['地方', document.locality],
    ['所属地区', document.region],
    ['年份', document.year],
    ['署名', document.signedBy],
    ['日期', document.signedAt],
    ['来源文件', document.file],
    ['段落', document.paragraphs],
  ];
  const body = html`<header class="bar"><div class="wrap"><a href="../">← 法治问答</a></div></header>
<main class="wrap doc">
<h1>${document.title}</h1>
<dl class="meta">${meta.filter(([, v]) => v !== null && v !== '').map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>
<article>
${items.map((item) => html`${item}\n`)}
</article>
</main>`;
  return layout(`${document.title} · 法治问答`, body);
}

export function messagePage(title: string, message: string): string {
  return layout(
    `${title} · 法治问答`,
    html`<header class="bar"><div class="wrap"><a href="../">← 法治问答</a></div></header>
<main class="wrap doc"><h1>${title}</h1><p class="notice">${message}</p></main>`,
  );
}
