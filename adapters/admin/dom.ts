/** Building the console's DOM (h and highlighted are the widget's: adapters/widget/dom.ts). */
import { h } from '../widget/dom.js';
import type { CitationView } from './api.js';

export { h, highlighted, type Child } from '../widget/dom.js';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function clock(at: Date = new Date()): string {
  return at.toLocaleTimeString('zh-CN', { hour12: false });
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
