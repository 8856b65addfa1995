/**
 * Building DOM in the browser bundles (the widget, the admin console):
 * elements with text children only, never markup from the service.
 */
export type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | undefined> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) if (value !== undefined) node.setAttribute(name, value);
  for (const child of children) if (child) node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  return node;
}

/** The paragraph as text nodes, the quoted sentence wrapped in <mark> (found with or without its closing punctuation). */
export function highlighted(text: string, quote: string | undefined): Node[] {
  const candidates = quote ? [quote, quote.replace(/[。；;，,.!！?？\s]+$/u, '')] : [];
  for (const q of candidates) {
    if (!q) continue;
    const at = text.indexOf(q);
    if (at < 0) continue;
    return [document.createTextNode(text.slice(0, at)), h('mark', {}, q), document.createTextNode(text.slice(at + q.length))];
  }
  return [document.createTextNode(text)];
}
