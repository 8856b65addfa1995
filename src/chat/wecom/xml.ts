/**
 * WeCom's callback XML: one <xml> element whose children are text (mostly
 * CDATA), e.g. <xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>…</xml>.
 * Only that flat shape is read: the children of <xml> by name, their text
 * with CDATA and the five XML entities and character references decoded;
 * nested elements (a few events carry some) are skipped. No DTD, no external
 * entities: a document with a DOCTYPE is refused.
 */

export class WecomXmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WecomXmlError';
  }
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeText(raw: string): string {
  let out = '';
  let rest = raw;
  while (rest) {
    const cdata = rest.indexOf('<![CDATA[');
    const plain = cdata < 0 ? rest : rest.slice(0, cdata);
    out += plain.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(\w+));/giu, (whole, h: string | undefined, d: string | undefined, name: string | undefined) => {
      if (h || d) {
        const code = parseInt(h ?? d ?? '', h ? 16 : 10);
        return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[name ?? ''] ?? whole;
    });
    if (cdata < 0) break;
    const end = rest.indexOf(']]>', cdata);
    if (end < 0) throw new WecomXmlError('unterminated CDATA section');
    out += rest.slice(cdata + 9, end);
    rest = rest.slice(end + 3);
  }
  return out;
}

/** The text children of the root <xml> element, by element name. */
export function parseWecomXml(text: string): Record<string, string> {
  if (/<!DOCTYPE|<!ENTITY/iu.test(text)) throw new WecomXmlError('a DOCTYPE is not allowed');
  const root = /^\s*(?:<\?xml[^>]*\?>\s*)?<xml>([\s\S]*)<\/xml>\s*$/u.exec(text);
  if (!root) throw new WecomXmlError('not a WeCom <xml> document');
  const fields: Record<string, string> = {};
  const body = root[1]!;
  const child = /<([A-Za-z_][\w.-]*)\s*(\/)?>/gu;
  let at = 0;
  for (;;) {
    child.lastIndex = at;
    const open = child.exec(body);
    if (!open) break;
    const name = open[1]!;
    const start = open.index + open[0].length;
    if (open[2]) {
      fields[name] = '';
      at = start;
      continue;
    }
    const close = `</${name}>`;
    // CDATA may contain anything but "]]>", including what looks like a closing tag: skip over it.
    let scan = start;
    let end = -1;
    for (;;) {
      const nextClose = body.indexOf(close, scan);
      const nextCdata = body.indexOf('<![CDATA[', scan);
      if (nextClose < 0) break;
      if (nextCdata >= 0 && nextCdata < nextClose) {
        const cdataEnd = body.indexOf(']]>', nextCdata);
        if (cdataEnd < 0) throw new WecomXmlError('unterminated CDATA section');
        scan = cdataEnd + 3;
        continue;
      }
      end = nextClose;
      break;
    }
    if (end < 0) throw new WecomXmlError(`<${name}> is not closed`);
    const inner = body.slice(start, end);
    if (!/^\s*<[A-Za-z_]/u.test(inner)) fields[name] = decodeText(inner);
    at = end + close.length;
  }
  return fields;
}

const cdata = (value: string) => `<![CDATA[${value.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;

/** A flat <xml> document: strings as CDATA, numbers as text (as WeCom writes CreateTime, MsgId, AgentID). */
export function buildWecomXml(fields: Record<string, string | number>): string {
  const children = Object.entries(fields).map(([name, value]) => {
    if (!/^[A-Za-z_][\w.-]*$/u.test(name)) throw new WecomXmlError(`bad element name ${name}`);
    return `<${name}>${typeof value === 'number' ? String(value) : cdata(value)}</${name}>`;
  });
  return `<xml>${children.join('')}</xml>`;
}
