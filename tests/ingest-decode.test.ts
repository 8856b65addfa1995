import { randomBytes } from 'node:crypto';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../src/ingest/decode.js';
import { docxToText } from '../src/ingest/docx.js';
import { htmlToText } from '../src/ingest/html.js';
import { REPORT_EXTENSIONS, readReport, UnreadableReportError } from '../src/ingest/read.js';

const PARA = '月亮岛街道2021年共调解矛盾纠纷691件，成功率98.9%。';
const TEXT = `${PARA}\n二、存在的问题\n法治宣传教育形式较为单一。`;

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

function utf16be(s: string): Uint8Array {
  const le = iconv.encode(s, 'utf16le');
  const out = new Uint8Array(le.length);
  for (let i = 0; i < le.length; i += 2) {
    out[i] = le[i + 1]!;
    out[i + 1] = le[i]!;
  }
  return out;
}

describe('decodeText', () => {
  it('decodes GBK', () => {
    const bytes = iconv.encode(TEXT, 'gbk');
    expect(decodeText(bytes)).toEqual({ text: TEXT, encoding: 'gb18030' });
  });

  it('decodes GB18030 (including characters outside GBK)', () => {
    const s = `${TEXT}\n𠮷㐀€`;
    const bytes = iconv.encode(s, 'gb18030');
    expect(decodeText(bytes)).toEqual({ text: s, encoding: 'gb18030' });
  });

  it('decodes UTF-16LE with BOM and drops the BOM', () => {
    const bytes = concat(new Uint8Array([0xff, 0xfe]), iconv.encode(TEXT, 'utf16le'));
    expect(decodeText(bytes)).toEqual({ text: TEXT, encoding: 'utf-16le' });
  });

  it('decodes UTF-16BE with BOM and drops the BOM', () => {
    const bytes = concat(new Uint8Array([0xfe, 0xff]), utf16be(TEXT));
    expect(decodeText(bytes)).toEqual({ text: TEXT, encoding: 'utf-16be' });
  });

  it('detects UTF-16 without BOM from the NUL pattern', () => {
    expect(decodeText(iconv.encode(TEXT, 'utf16le'))).toEqual({ text: TEXT, encoding: 'utf-16le' });
    expect(decodeText(utf16be(TEXT))).toEqual({ text: TEXT, encoding: 'utf-16be' });
  });

  it('decodes UTF-8 with BOM and drops the BOM', () => {
    const bytes = concat(new Uint8Array([0xef, 0xbb, 0xbf]), utf8(TEXT));
    const out = decodeText(bytes);
    expect(out).toEqual({ text: TEXT, encoding: 'utf-8-bom' });
    expect(out.text.charCodeAt(0)).not.toBe(0xfeff);
  });

  it('decodes UTF-8 and normalizes CRLF and lone CR to LF', () => {
    const bytes = utf8(`${PARA}\r\n二、存在的问题\r法治宣传教育形式较为单一。\r\n`);
    expect(decodeText(bytes)).toEqual({ text: `${TEXT}\n`, encoding: 'utf-8' });
  });

  it('normalizes CRLF in GBK and UTF-16 too', () => {
    const crlf = TEXT.replace(/\n/g, '\r\n');
    expect(decodeText(iconv.encode(crlf, 'gbk')).text).toBe(TEXT);
    expect(decodeText(concat(new Uint8Array([0xff, 0xfe]), iconv.encode(crlf, 'utf16le'))).text).toBe(TEXT);
  });

  it('treats an empty buffer and plain ASCII as UTF-8', () => {
    expect(decodeText(new Uint8Array(0))).toEqual({ text: '', encoding: 'utf-8' });
    expect(decodeText(utf8('abc 123'))).toEqual({ text: 'abc 123', encoding: 'utf-8' });
  });

  it('keeps UTF-8 that was truncated in the middle of its last character', () => {
    const full = utf8(TEXT.repeat(3));
    const cut = full.subarray(0, full.length - 2); // last char 。 is 3 bytes
    expect(decodeText(cut)).toEqual({ text: TEXT.repeat(3).slice(0, -1), encoding: 'utf-8' });
  });

  it('never throws on 200 random buffers', () => {
    for (let i = 0; i < 200; i++) {
      const bytes = randomBytes(Math.floor(Math.random() * 3000));
      const out = decodeText(bytes);
      expect(typeof out.text).toBe('string');
      expect(typeof out.encoding).toBe('string');
      expect(out.text).not.toMatch(/\r/);
    }
  });
});

const PAGE = `<!DOCTYPE html>
<html>
<head>
  <meta charset="utf-8">
  <title>月亮岛街道2021年法治政府建设情况报告_政务公开</title>
  <style>.x { color: red }</style>
  <script>var trackingCode = "SCRIPTTEXT";</script>
</head>
<body>
  <div class="top-nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li></ul></div>
  <nav><a href="/a">NAVTEXT</a></nav>
  <div id="breadcrumb">当前位置：首页 &gt; 政务公开 &gt; 法治政府建设</div>
  <div class="sidebar"><h3>相关链接</h3><ul><li>SIDEBARTEXT</li></ul></div>
  <script>document.write("SCRIPTTEXT2")</script>
  <div class="content">
    <p>　　${PARA}</p>
    <p>二、存在的问题&nbsp;&nbsp;&nbsp;法治宣传教育<b>形式</b>较为单一。</p>
    <table>
      <tr><th>cell1</th><th>cell2</th><th>cell3</th></tr>
      <tr><td>调解</td><td><p>691</p></td><td>98.9%</td></tr>
    </table>
    <div class="share-bar">分享到：SHARETEXT</div>
  </div>
  <footer>FOOTERTEXT 版权所有</footer>
  <div id="footer">主办单位：FOOTERTEXT2</div>
</body>
</html>`;

describe('htmlToText', () => {
  const text = htmlToText(PAGE);
  const lines = text.split('\n');

  it('keeps the content paragraphs on their own lines', () => {
    expect(lines).toContain(`　　${PARA}`);
    expect(lines).toContain('二、存在的问题 法治宣传教育形式较为单一。');
  });

  it('turns table rows into TAB-joined lines', () => {
    expect(lines).toContain('cell1\tcell2\tcell3');
    expect(lines).toContain('调解\t691\t98.9%');
  });

  it('drops script, style, title, nav, breadcrumb, sidebar, share and footer text', () => {
    for (const junk of [
      'SCRIPTTEXT', 'color: red', '政务公开', 'NAVTEXT', '当前位置', 'SIDEBARTEXT', 'SHARETEXT', 'FOOTERTEXT', '首页',
    ]) {
      expect(text).not.toContain(junk);
    }
  });

  it('returns exactly the content lines, with no empty lines around them', () => {
    expect(lines).toEqual([
      `　　${PARA}`,
      '二、存在的问题 法治宣传教育形式较为单一。',
      'cell1\tcell2\tcell3',
      '调解\t691\t98.9%',
    ]);
  });

  it('uses <body> when no content container holds most of the text', () => {
    const html = '<html><body><div class="content">短</div><p>第一段很长的正文内容。</p><p>第二段。</p><br>第三<br>第四</body></html>';
    expect(htmlToText(html)).toBe('短\n第一段很长的正文内容。\n第二段。\n第三\n第四');
  });

  it('prefers #zoom / .TRS_Editor containers', () => {
    const html = `<body><div id="wrap"><div class="list">左侧栏目A 左侧栏目B</div>
      <div id="zoom"><div class="TRS_Editor"><p>${PARA}</p><p>${PARA}</p></div></div></div></body>`;
    expect(htmlToText(html)).toBe(`${PARA}\n${PARA}`);
  });

  it('keeps the report\'s title written above its text\'s container, not a site\'s name there', () => {
    const html = `<body><div class="article"><h1>粢原市某区某局2022年法治政府建设工作报告</h1><div class="info">来源：某局</div>
      <div class="content"><p>${PARA}</p><p>${PARA}</p></div></div></body>`;
    // The page's own source line stays too, as a line cleaning keeps out of the paragraphs.
    expect(htmlToText(html)).toBe(`来源：某局\n粢原市某区某局2022年法治政府建设工作报告\n${PARA}\n${PARA}`);
    const site = `<body><div class="article"><h1>某区人民政府门户网站</h1><div class="content"><p>${PARA}</p><p>${PARA}</p></div></div></body>`;
    expect(htmlToText(site)).toBe(`${PARA}\n${PARA}`);
  });

  it('keeps a chrome-marked wrapper (e.g. ASP.NET <form>) that holds the whole page', () => {
    const html = `<body><form id="form1"><div class="header">标题栏</div><p>${PARA}</p><p>${PARA}</p></form></body>`;
    expect(htmlToText(html)).toBe(`${PARA}\n${PARA}`);
  });

  it('does not treat words that merely contain "nav"/"menu" as chrome', () => {
    expect(htmlToText(`<body><div class="canvas-text"><p>${PARA}</p></div></body>`)).toBe(PARA);
  });

  it('collapses spaces inside a line, removes source wraps between CJK characters', () => {
    expect(htmlToText('<p>  a   b \n c  </p><p>月亮岛\n    街道</p>')).toBe('a b c\n月亮岛街道');
  });
});

async function buildDocx(documentXml: string): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
  <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
  <Default Extension="xml" ContentType="application/xml"/>
  <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>`,
  );
  zip.file(
    '_rels/.rels',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>`,
  );
  zip.file('word/document.xml', documentXml);
  return zip.generateAsync({ type: 'uint8array' });
}

const run = (s: string): string => `<w:r><w:t xml:space="preserve">${s}</w:t></w:r>`;
const para = (s: string): string => `<w:p>${run(s)}</w:p>`;
const DOCUMENT_XML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
  <w:body>
    ${para(PARA)}
    ${para('二、存在的问题')}
    <w:tbl>
      <w:tr>
        <w:tc>${para('指标')}</w:tc>
        <w:tc>${para('691件')}</w:tc>
      </w:tr>
    </w:tbl>
  </w:body>
</w:document>`;

describe('docxToText', () => {
  it('turns paragraphs into lines and table rows into TAB-joined lines', async () => {
    const bytes = await buildDocx(DOCUMENT_XML);
    expect((await docxToText(bytes)).split('\n')).toEqual([PARA, '二、存在的问题', '指标\t691件']);
  });
});

describe('readReport', () => {
  it('reads a GBK text file', async () => {
    const out = await readReport(iconv.encode(TEXT, 'gbk'), 'report.txt');
    expect(out).toEqual({ text: TEXT, encoding: 'gb18030', format: 'text' });
  });

  it('reads UTF-16 and UTF-8-BOM text files', async () => {
    const le = concat(new Uint8Array([0xff, 0xfe]), iconv.encode(TEXT, 'utf16le'));
    expect(await readReport(le, 'a.txt')).toEqual({ text: TEXT, encoding: 'utf-16le', format: 'text' });
    const bom = concat(new Uint8Array([0xef, 0xbb, 0xbf]), utf8(TEXT));
    expect(await readReport(bom, 'a.md')).toEqual({ text: TEXT, encoding: 'utf-8-bom', format: 'text' });
  });

  it('sniffs HTML by content, whatever the file name', async () => {
    const out = await readReport(utf8(PAGE), 'report.txt');
    expect(out.format).toBe('html');
    expect(out.encoding).toBe('utf-8');
    expect(out.text.split('\n')).toContain('cell1\tcell2\tcell3');
    expect(out.text).not.toContain('SCRIPTTEXT');
  });

  it('treats .htm files as HTML even without HTML markers up front', async () => {
    const out = await readReport(utf8(`${PARA}<br>第二行`), 'page.htm');
    expect(out).toEqual({ text: `${PARA}\n第二行`, encoding: 'utf-8', format: 'html' });
  });

  it('reads an HTML page saved as GBK with <meta charset="gbk">', async () => {
    const page = PAGE.replace('<meta charset="utf-8">', '<meta charset="gbk">');
    const out = await readReport(iconv.encode(page, 'gbk'), 'page.html');
    expect(out.format).toBe('html');
    expect(out.encoding).toBe('gb18030');
    expect(out.text.split('\n')).toContain(`　　${PARA}`);
  });

  it('honours a non-GB <meta http-equiv> charset (Big5)', async () => {
    const page = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=big5"></head><body><p>法治政府建設情況報告</p><p>調解糾紛691件</p></body></html>`;
    const out = await readReport(iconv.encode(page, 'big5'), 'page.html');
    expect(out).toEqual({ text: '法治政府建設情況報告\n調解糾紛691件', encoding: 'big5', format: 'html' });
  });

  it('reads a .docx by content', async () => {
    const bytes = await buildDocx(DOCUMENT_XML);
    const out = await readReport(bytes, 'report.docx');
    expect(out.format).toBe('docx');
    expect(out.encoding).toBe('docx');
    expect(out.text.split('\n')).toEqual([PARA, '二、存在的问题', '指标\t691件']);
  });

  it('rejects an empty buffer and a whitespace-only file', async () => {
    await expect(readReport(new Uint8Array(0), 'empty.txt')).rejects.toThrow(UnreadableReportError);
    await expect(readReport(new Uint8Array(0), 'empty.txt')).rejects.toThrow(/empty file/);
    await expect(readReport(utf8(' \r\n\t\n'), 'blank.txt')).rejects.toThrow(/empty file/);
  });

  it('rejects an HTML page without text', async () => {
    await expect(readReport(utf8('<html><body><script>x()</script></body></html>'), 'a.html')).rejects.toThrow(
      /no text content/,
    );
  });

  it('rejects random bytes as binary', async () => {
    for (let i = 0; i < 20; i++) {
      const err = await readReport(randomBytes(4096), 'junk.txt').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnreadableReportError);
      expect((err as UnreadableReportError).reason).toMatch(/binary or undecodable content/);
    }
  });

  it('rejects a corrupt zip (PK header + garbage)', async () => {
    const bytes = concat(new Uint8Array([0x50, 0x4b, 0x03, 0x04]), randomBytes(500));
    const err = await readReport(bytes, 'broken.docx').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnreadableReportError);
    expect((err as Error).message).toMatch(/not a valid \.docx/);
  });

  it('rejects a zip that is not a docx', async () => {
    const zip = new JSZip();
    zip.file('hello.txt', 'hello');
    const bytes = await zip.generateAsync({ type: 'uint8array' });
    await expect(readReport(bytes, 'x.docx')).rejects.toThrow(/not a valid \.docx/);
  });

  it('names known binary formats, and a PDF or Word 97 file without a reader for it', async () => {
    await expect(readReport(utf8('%PDF-1.7\n%âãÏÓ\n1 0 obj'), 'a.txt')).rejects.toThrow(/PDF cannot be read in this runtime/);
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]);
    await expect(readReport(ole, 'a.docx')).rejects.toThrow(/\.doc\/\.wps cannot be read in this runtime/);
  });

  it('exports the supported extensions', () => {
    expect(REPORT_EXTENSIONS).toEqual(['.txt', '.text', '.md', '.html', '.htm', '.docx', '.pdf', '.doc', '.wps', '.ofd']);
  });
});
