/**
 * What a chat message says to the bot before it is a question: a command
 * (帮助, 来源 n, 报告列表, 重置) or a group prefix such as 问：.
 */

export type Command = 'help' | 'source' | 'reports' | 'reset';

const fullWidthDigits = (s: string) => s.replace(/[０-９]/gu, (d) => String(d.charCodeAt(0) - 0xff10));

export function parseCommand(text: string): { command: Command; n?: number } | null {
  const t = fullWidthDigits(text.trim().replace(/[。.!！]+$/u, '').trim());
  if (/^(帮助|幫助|help|\?|？)$/iu.test(t)) return { command: 'help' };
  if (/^(报告列表|報告列表)$/u.test(t)) return { command: 'reports' };
  if (/^(重置|重新开始|重新開始)$/u.test(t)) return { command: 'reset' };
  const source = /^(?:来源|來源|出处|出處)\s*(\d{1,3})$/u.exec(t);
  if (source) return { command: 'source', n: Number(source[1]) };
  return null;
}

/** The prefix as configured and with the other width of a trailing colon: 问： and 问:. */
export function prefixVariants(prefix: string): string[] {
  const variants = [prefix];
  if (prefix.endsWith('：')) variants.push(`${prefix.slice(0, -1)}:`);
  else if (prefix.endsWith(':')) variants.push(`${prefix.slice(0, -1)}：`);
  return variants;
}

/** Removes the prefix (either width) from the start of a text; null when it does not start with it. */
export function stripPrefix(text: string, prefixes: readonly string[]): string | null {
  const t = text.trimStart();
  const p = prefixes.find((x) => t.startsWith(x));
  return p === undefined ? null : t.slice(p.length).trim();
}

/** Drops @-mentions at the start of a group message ("@法治助手 问题" → "问题"); WeCom separates a mention with a space or U+2005. */
export function stripLeadingMentions(text: string): string {
  return text.replace(/^(?:\s*@[^\s\u2005]+[\s\u2005]*)+/u, '').trim();
}
