/** Building the console's DOM: elements with text children only, never markup from the service. */
import type { CitationView } from './api.js';

export type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | undefined> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) if (value !== undefined) node.setAttribute(name, value);
  for (const child of children) if (child) node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  return node;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function clock(at: Date = new Date()): string {
  return at.toLocaleTimeString('zh-CN', { hour12: false });
}

/** The paragraph as text nodes, the quoted sentence wrapped in <mark>. */
export function highlighted(text: string, quote: string | undefined): Node[] {
  const at = quote ? text.indexOf(quote) : -1;
  if (!quote || at < 0) return [document.createTextNode(text)];
  return [document.createTextNode(text.slice(0, at)), h('mark', {}, quote), document.createTextNode(text.slice(at + quote.length))];
}

/** Any JSON value as text, lists of records as a table: for diagnostics fields this console does not know yet. */
export function renderValue(value: unknown, depth = 0): Node {
  if (value === null || value === undefined) return document.createTextNode('—');
  if (typeof value !== 'object') return document.createTextNode(typeof value === 'number' ? String(Math.round(value * 1e4) / 1e4) : String(value));
  if (depth > 3) return document.createTextNode(JSON.stringify(value));
  if (Array.isArray(value)) {
    if (value.length && value.every((item) => typeof item === 'object' && item !== null && !Array.isArray(item))) {
      const keys = [...new Set(value.flatMap((item: object) => Object.keys(item)))].slice(0, 12);
      return h(
        'table',
        {},
        h('thead', {}, h('tr', {}, ...keys.map((key) => h('th', {}, key)))),
        h('tbody', {}, ...value.map((item: Record<string, unknown>) => h('tr', {}, ...keys.map((key) => h('td', {}, renderValue(item[key], depth + 1)))))),
      );
    }
    return h('span', {}, value.map((item) => (typeof item === 'object' ? JSON.stringify(item) : String(item))).join('；'));
  }
  const dl = h('dl', { class: 'kv' });
  for (const [key, item] of Object.entries(value)) dl.append(h('dt', {}, key), h('dd', {}, renderValue(item, depth + 1)));
  return dl;
}

export function citationList(citations: CitationView[]): HTMLElement {
  return h(
    'ol',
    { class: 'citations' },
    ...citations.map((c) => h('li', { value: String(c.n) }, [c.title, ...(c.section ?? [])].join(' › '), c.page ? ` · 第 ${c.page} 页` : '', c.quote ? h('div', { class: 'note' }, c.quote) : null)),
  );
}
