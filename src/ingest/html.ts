/**
 * HTML → plain text lines, using a real HTML parser (parse5).
 *
 * - page chrome (scripts, navigation, headers/footers, forms, share bars …) is dropped;
 * - if a content container (#content, .article, #zoom, .TRS_Editor, <article>, <main> …)
 *   holds most of the text, only that container is used, otherwise <body>;
 * - block elements start new lines, a table row becomes one line with cells joined by TAB;
 * - &nbsp; becomes a space, runs of spaces are collapsed, line breaks are kept.
 */
import { parse, type DefaultTreeAdapterTypes } from 'parse5';
import { pageStatements, type PageStatements } from './clean.js';

type Node = DefaultTreeAdapterTypes.Node;
type Element = DefaultTreeAdapterTypes.Element;
type TextNode = DefaultTreeAdapterTypes.TextNode;

/** Never text, wherever they are. */
const ALWAYS_DROP = new Set([
  'script', 'style', 'noscript', 'template', 'iframe', 'svg', 'button', 'select',
  'textarea', 'object', 'embed', 'canvas', 'video', 'audio', 'map', 'head', 'title', 'math',
]);

/**
 * Page-chrome elements. They are dropped unless they hold most of the page's text:
 * ASP.NET pages wrap the whole page in <form>, and some templates put everything in a
 * container whose class happens to mention "header".
 */
const CHROME_TAGS = new Set(['nav', 'header', 'footer', 'aside', 'form']);

/** Whole words / hyphen- or underscore-separated parts of class and id values. */
const CHROME_WORDS = new Set([
  'nav', 'navbar', 'navigation', 'menu', 'menubar', 'breadcrumb', 'breadcrumbs', 'crumb', 'crumbs',
  'footer', 'header', 'share', 'toolbar', 'sidebar',
]);

/** Class/id words marking the main content container. */
const CONTENT_WORDS = new Set(['content', 'article', 'zoom', 'main', 'trs_editor', 'trs_ueditor']);
const CONTENT_TAGS = new Set(['article', 'main']);

/** Elements that start a new line. */
const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'br', 'caption', 'center', 'dd', 'details',
  'dialog', 'dir', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'html', 'legend', 'li', 'listing',
  'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot',
  'th', 'thead', 'tr', 'ul', 'xmp', 'option', 'optgroup',
]);

/** A descendant that holds at least this share of the text is "most of the text". */
const MOST_OF_TEXT = 0.5;

function isElement(node: Node): node is Element {
  return 'tagName' in node;
}

function isText(node: Node): node is TextNode {
  return node.nodeName === '#text';
}

function attr(el: Element, name: string): string {
  for (const a of el.attrs) if (a.name === name) return a.value;
  return '';
}

/** Words of the class and id attributes: split on whitespace, and also on - and _. */
function attrWords(el: Element): { tokens: string[]; parts: string[] } {
  const tokens = `${attr(el, 'class')} ${attr(el, 'id')}`.toLowerCase().split(/\s+/).filter(Boolean);
  const parts = tokens.flatMap((t) => t.split(/[-_]+/)).filter(Boolean);
  return { tokens, parts };
}

function isChromeMarked(el: Element): boolean {
  const { tokens, parts } = attrWords(el);
  return tokens.some((t) => CHROME_WORDS.has(t)) || parts.some((p) => CHROME_WORDS.has(p));
}

function isContentMarked(el: Element): boolean {
  if (CONTENT_TAGS.has(el.tagName)) return true;
  const { tokens, parts } = attrWords(el);
  return tokens.some((t) => CONTENT_WORDS.has(t)) || parts.some((p) => CONTENT_WORDS.has(p));
}

function childrenOf(node: Node): Node[] {
  return 'childNodes' in node ? node.childNodes : [];
}

function findFirst(node: Node, tag: string): Element | null {
  for (const child of childrenOf(node)) {
    if (isElement(child)) {
      if (child.tagName === tag) return child;
      const found = findFirst(child, tag);
      if (found) return found;
    }
  }
  return null;
}

/** Count of non-whitespace characters in a text node. */
function textWeight(s: string): number {
  return s.replace(/[\s\u00a0]+/g, '').length;
}

/**
 * Computes, for every element, how much text it contributes (non-whitespace chars),
 * given a predicate telling which elements are dropped.
 */
function measure(root: Node, dropped: (el: Element) => boolean, out: Map<Element, number>): number {
  let total = 0;
  for (const child of childrenOf(root)) {
    if (isText(child)) total += textWeight(child.value);
    else if (isElement(child)) {
      if (dropped(child)) continue;
      total += measure(child, dropped, out);
    }
  }
  if (isElement(root)) out.set(root, total);
  return total;
}

const CJK = '\\u2e80-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef\\u3000-\\u303f';
/** Whitespace containing a line break between two CJK characters is a source-code wrap, not a space. */
const CJK_WRAP = new RegExp(`([${CJK}])[ \\t\\f]*[\\r\\n][ \\t\\n\\f\\r]*(?=[${CJK}])`, 'g');

class LineWriter {
  readonly lines: string[] = [];
  private current = '';

  text(s: string): void {
    this.current += s;
  }

  /** End the current line (if it has any text). */
  newline(): void {
    const line = cleanLine(this.current);
    if (line) this.lines.push(line);
    this.current = '';
  }

  /** Add a finished line (table rows; tabs are kept). */
  pushRaw(line: string): void {
    this.newline();
    this.lines.push(line);
  }
}

function cleanLine(s: string): string {
  return s.replace(/[ \u00a0\t\f\v]+/g, ' ').replace(/^ +| +$/g, '');
}

class Renderer {
  constructor(private readonly isDropped: (el: Element) => boolean) {}

  render(root: Element): string[] {
    const w = new LineWriter();
    this.walk(root, w, false);
    w.newline();
    return w.lines;
  }

  private walk(node: Node, w: LineWriter, pre: boolean): void {
    for (const child of childrenOf(node)) {
      if (isText(child)) {
        this.textNode(child.value, w, pre);
      } else if (isElement(child)) {
        if (this.isDropped(child)) continue;
        this.element(child, w, pre);
      }
    }
  }

  private textNode(value: string, w: LineWriter, pre: boolean): void {
    if (pre) {
      const parts = value.replace(/\r\n?/g, '\n').split('\n');
      parts.forEach((part, i) => {
        if (i > 0) w.newline();
        w.text(part.replace(/\t/g, ' '));
      });
      return;
    }
    // Only HTML whitespace collapses; U+3000 (full-width indentation) is kept, like in .txt files.
    w.text(value.replace(CJK_WRAP, '$1').replace(/[ \t\n\f\r]+/g, ' '));
  }

  private element(el: Element, w: LineWriter, pre: boolean): void {
    const tag = el.tagName;
    if (tag === 'tr') {
      const row = this.row(el);
      if (row !== null) w.pushRaw(row);
      else w.newline();
      return;
    }
    const block = BLOCK_TAGS.has(tag);
    if (block) w.newline();
    if (tag !== 'br' && tag !== 'hr') {
      this.walk(el, w, pre || tag === 'pre' || tag === 'listing' || tag === 'xmp');
    }
    if (block) w.newline();
  }

  /** One table row → cells joined by TAB; null when every cell is empty. */
  private row(tr: Element): string | null {
    const cells: string[] = [];
    const collect = (node: Node): void => {
      for (const child of childrenOf(node)) {
        if (!isElement(child) || this.isDropped(child)) continue;
        if (child.tagName === 'td' || child.tagName === 'th') {
          const sub = new LineWriter();
          this.walk(child, sub, false);
          sub.newline();
          cells.push(sub.lines.map((l) => l.replace(/\t/g, ' ')).join(' ').trim());
        } else if (child.tagName !== 'tr') {
          // e.g. a <form> or template wrapper inside a row (rare, malformed markup)
          collect(child);
        }
      }
    };
    collect(tr);
    if (cells.every((c) => c === '')) return null;
    return cells.join('\t');
  }
}

/** Convert an HTML document (or fragment) to text lines joined by "\n". */
export function htmlToText(html: string): string {
  const doc = parse(html);
  const body = findFirst(doc, 'body');
  if (!body) return '';

  // Pass 1: text weight with only the never-text elements removed.
  const raw = new Map<Element, number>();
  const alwaysDropped = (el: Element): boolean => ALWAYS_DROP.has(el.tagName);
  const rawTotal = measure(body, alwaysDropped, raw);

  const dropped = (el: Element): boolean => {
    if (ALWAYS_DROP.has(el.tagName)) return true;
    if (el === body || el.tagName === 'html') return false;
    if (!CHROME_TAGS.has(el.tagName) && !isChromeMarked(el)) return false;
    // Chrome is small: keep a "chrome" element that holds most of the page's text.
    const weight = raw.get(el) ?? 0;
    return !(rawTotal > 0 && weight > rawTotal * MOST_OF_TEXT);
  };

  // Pass 2: text weight after removing chrome.
  const kept = new Map<Element, number>();
  const keptTotal = measure(body, dropped, kept);

  // Prefer the smallest content container that still holds most of the text.
  let root: Element = body;
  let rootWeight = keptTotal;
  if (keptTotal > 0) {
    const visit = (node: Node): void => {
      for (const child of childrenOf(node)) {
        if (!isElement(child) || dropped(child)) continue;
        const weight = kept.get(child) ?? 0;
        if (weight < keptTotal * MOST_OF_TEXT) continue; // nothing below can qualify either
        if (isContentMarked(child) && weight <= rootWeight) {
          root = child;
          rootWeight = weight;
        }
        visit(child);
      }
    };
    visit(body);
  }

  const renderer = new Renderer(dropped);
  const lines = renderer.render(root);
  // The report's title may stand above the container of its text ("<h1>…报告</h1><div class=content>…"): kept with it.
  const heading = root === body ? null : titleAbove(body, root, dropped);
  // The page's publication date, source, address, host and filing number stand in its chrome ("信息来源：… 发布日期：2017-02-14",
  // a footer's "地址：…", "主办单位：…", "赣ICP备…号"): kept as lines of their own, which cleaning reads as the page's and keeps out of the report's paragraphs.
  // The whole page is read again only where the text lacks one of them.
  const inText = pageStatements(lines.join('\n'));
  const page = Object.values(inText).includes(null) ? pageStatements(new Renderer(alwaysDropped).render(body).join('\n')) : inText;
  const chrome = (Object.keys(inText) as (keyof PageStatements)[]).map((k) => (inText[k] ? null : page[k])).filter((l): l is string => l !== null);
  return [...chrome, ...(heading ? renderer.render(heading) : []), ...lines].join('\n');
}

/** Words a report's title holds, unlike a site's name in a heading. */
const TITLE_WORDS = /(报告|報告|总结|總結|情况|情況)/u;

/** The last h1/h2 before `root` in document order, outside it and the page's chrome, when it reads as a report's title. */
function titleAbove(body: Element, root: Element, dropped: (el: Element) => boolean): Element | null {
  let last: Element | null = null;
  let reached = false;
  const walk = (node: Node): void => {
    for (const child of childrenOf(node)) {
      if (reached || !isElement(child) || dropped(child)) continue;
      if (child === root) {
        reached = true;
        return;
      }
      if (child.tagName === 'h1' || child.tagName === 'h2') last = child;
      else walk(child);
    }
  };
  walk(body);
  const found = last as Element | null;
  return reached && found && TITLE_WORDS.test(new Renderer(dropped).render(found).join('')) ? found : null;
}
