/**
 * Reports as governments publish them: PDF (running headers, page numbers,
 * tables, paragraphs across page breaks), scanned PDF (OCR), Word 97 .doc,
 * WPS .wps and OFD, read from the committed fixtures (tests/fixtures/formats,
 * made by make.ts from texts.ts); zip containers checked before expansion;
 * parsing isolated in a worker; every corpus file indexed or reported.
 * OCR needs Debian's tesseract-ocr (+ chi-sim, chi-tra) and poppler-utils.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { Deflate, strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../adapters/node/corpus.js';
import { IsolatedParser } from '../adapters/node/formats/isolated.js';
import { nodeReaders } from '../adapters/node/formats/readers.js';
import { isPageNumber, layoutPages, type LayoutPage, type TextRun } from '../src/ingest/layout.js';
import { readReport, UnreadableReportError, type ReadReportResult } from '../src/ingest/read.js';
import { ingestReport } from '../src/ingest/report.js';
import { ZIP_LIMITS } from '../src/ingest/zip.js';
import type { Paragraph } from '../src/schema.js';
import { BAISHA, LIUWAN, QINGHE, YUNXI, type FixtureReport } from './fixtures/formats/texts.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/formats/', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);
const tempDirs: string[] = [];

afterAll(async () => {
  await Promise.all(tempDirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'formats-'));
  tempDirs.push(dir);
  return dir;
}

const fixture = async (name: string) => new Uint8Array(await readFile(join(FIXTURES, name)));
const offline = nodeReaders({ ocr: false });

async function ingest(name: string, readers = offline) {
  const read = await readReport(await fixture(name), name, readers);
  return { read, ...ingestReport({ file: name, sha256: '-', ...read }) };
}

/** The report's paragraphs as the fixture text has them. */
const paragraphsOf = (r: FixtureReport) => r.blocks.flatMap((b) => ('p' in b ? [b.p] : []));
const headingsOf = (r: FixtureReport) => r.blocks.flatMap((b) => ('h' in b ? [b.h] : []));

function expectCleanParagraphs(paragraphs: Paragraph[], report: FixtureReport): void {
  const texts = paragraphs.map((p) => p.text);
  for (const p of paragraphsOf(report)) expect(texts, p.slice(0, 20)).toContain(p);
  for (const t of texts) {
    expect(t, 'page-number residue').not.toMatch(/[—-]\s*\d+\s*[—-]|第\s*\d+\s*页/u);
    expect(t.startsWith(report.header) && t.length > report.header.length, 'running header glued to a paragraph').toBe(false);
    expect(headingsOf(report), 'a heading became a paragraph').not.toContain(t);
  }
}

// ---------------------------------------------------------------- layout (pure)

/** A page of lines typeset like an A4 report: 15 pt text, 441 pt measure, 2-character first-line indents. */
function typeset(number: number, lines: { text: string; indent?: number; cells?: number[]; y?: number }[], extra: TextRun[] = []): LayoutPage {
  const runs: TextRun[] = [];
  lines.forEach((l, i) => {
    const y = l.y ?? 100 + i * 26;
    if (l.cells) {
      l.text.split('|').forEach((cell, k) => runs.push({ text: cell, x: l.cells![k]!, y, width: cell.length * 13, size: 13 }));
      return;
    }
    const x = 76.5 + (l.indent ?? 0) * 15;
    runs.push({ text: l.text, x, y, width: l.text.length * 15, size: 15 });
  });
  return { number, width: 595, height: 842, runs: [...runs, ...extra] };
}

const FULL = 29; // characters on a full line
const TEXT = '街道全面落实行政执法公示、执法全过程记录和重大执法决定法制审核三项制度，全年办理行政处罚案件一百余件，案卷评查合格率达到百分之百，执法人员全部持证上岗。';
const line = (s: string, indent = 0) => ({ text: s, indent });
const chrome = (header: string, folio: string): TextRun[] => [
  { text: header, x: 260, y: 45, width: header.length * 10.5, size: 10.5 },
  { text: folio, x: 282, y: 806, width: folio.length * 6, size: 10.5 },
];

describe('layoutPages', () => {
  it('joins the lines a layout broke, without spaces between Chinese characters, and keeps headings', () => {
    const a = TEXT.slice(0, FULL - 2);
    const b = TEXT.slice(FULL - 2, 2 * FULL - 2);
    const c = TEXT.slice(2 * FULL - 2, 2 * FULL + 8);
    const out = layoutPages([typeset(1, [line('一、主要措施'), line(a, 2), line(b), line(c), line('二、存在问题'), line('短段落。', 2)])]);
    expect(out.map((l) => l.text)).toEqual(['一、主要措施', a + b + c, '二、存在问题', '短段落。']);
  });

  it('drops running headers, footers and page numbers in their usual forms, keeps the body', () => {
    const folios = ['— 1 —', '第2页', '3/12', '- 4 -', '第 5 页 共 12 页'];
    const bodies = ['甲', '乙', '丙', '丁', '戊'].map((c, i) => `${c}${TEXT.slice(0, FULL - 3)}${TEXT.slice(40 + i, 50 + i)}`);
    const pages = folios.map((f, i) => typeset(i + 1, [line(bodies[i]!.slice(0, FULL - 2), 2), line(bodies[i]!.slice(FULL - 2))], chrome('某某街道办事处', f)));
    expect(layoutPages(pages).map((l) => l.text)).toEqual(bodies);
    for (const f of folios) expect(isPageNumber(f), f).toBe(true);
    for (const t of ['2023年', '第3章', '一、主要工作', '共调解45件']) expect(isPageNumber(t), t).toBe(false);
  });

  it('joins a paragraph across a page break and gives it both pages', () => {
    const first = '街道对辖区沿街商铺开展首违不罚清单管理，对初次的轻微违';
    const second = '法并及时改正的经营者不予处罚，全年办结案件29件。';
    const out = layoutPages([
      typeset(1, [line('开头一段文字。', 2), line(first, 2), line('并且继续写满这一整行的文字内容，直到本页的最后一行为止呀')], chrome('某某街道办事处', '— 1 —')),
      typeset(2, [line(second), line('另起一段。', 2)], chrome('某某街道办事处', '— 2 —')),
    ]);
    expect(out).toEqual([
      { text: '开头一段文字。', pages: [1], ocr: false },
      { text: `${first}并且继续写满这一整行的文字内容，直到本页的最后一行为止呀${second}`, pages: [1, 2], ocr: false },
      { text: '另起一段。', pages: [2], ocr: false },
    ]);
  });

  it('turns a table into one line per row: the row label, then each column head with its figure', () => {
    const cols = [167, 320, 420];
    const out = layoutPages([typeset(3, [
      { text: '案件类别|2022年|2023年', cells: cols },
      { text: '行政复议案件|7件|4件', cells: cols },
      { text: '一审行政诉讼案件|15件|9件', cells: cols },
    ])]);
    expect(out).toEqual([
      { text: '行政复议案件：2022年 7件，2023年 4件', pages: [3], ocr: false },
      { text: '一审行政诉讼案件：2022年 15件，2023年 9件', pages: [3], ocr: false },
    ]);
  });

  it('keeps the cells of a table without a head row together, so no figure is put under another row\'s label', () => {
    const cols = [167, 320];
    const out = layoutPages([typeset(1, [
      { text: '调解矛盾纠纷|56件', cells: cols },
      { text: '法律咨询|120人次', cells: cols },
    ])]);
    expect(out.map((l) => l.text)).toEqual(['调解矛盾纠纷 | 56件', '法律咨询 | 120人次']);
  });

  it('never throws on arbitrary runs, and writes only characters it was given (and its separators)', () => {
    const run = fc.record({
      text: fc.string({ minLength: 1, maxLength: 12, unit: fc.constantFrom('街', '道', '年', '件', '1', '2', '。', '，', 'a', ' ', '—', '/') }),
      x: fc.double({ min: -50, max: 700, noNaN: true }),
      y: fc.double({ min: -50, max: 900, noNaN: true }),
      width: fc.double({ min: 0, max: 500, noNaN: true }),
      size: fc.double({ min: 0, max: 40, noNaN: true }),
    });
    fc.assert(fc.property(fc.array(fc.array(run, { maxLength: 40 }), { minLength: 1, maxLength: 4 }), (pages) => {
      const out = layoutPages(pages.map((runs, i) => ({ number: i + 1, width: 595, height: 842, runs })));
      const given = new Set(pages.flat().flatMap((r) => [...r.text]));
      for (const l of out) {
        for (const ch of l.text) expect(given.has(ch) || ' |：，'.includes(ch), ch).toBe(true);
        expect(l.pages.length).toBeGreaterThan(0);
      }
    }), { numRuns: 300 });
  });

  it('restores reading order from runs given in any order', () => {
    const page = typeset(1, [line('一、标题'), line(TEXT.slice(0, FULL - 2), 2), line(TEXT.slice(FULL - 2, FULL + 10)), line('第二段。', 2)]);
    const shuffled = { ...page, runs: [...page.runs].reverse() };
    expect(layoutPages([shuffled]).map((l) => l.text)).toEqual(['一、标题', TEXT.slice(0, FULL + 10), '第二段。']);
  });
});

// ---------------------------------------------------------------- the fixtures

describe('PDF with a text layer (qinghe-2023.pdf: 3 pages, running header, "— n —", a table)', () => {
  let r: Awaited<ReturnType<typeof ingest>>;
  beforeAll(async () => {
    r = await ingest('qinghe-2023.pdf');
  });

  it('describes the report: locality, year, signature, pages', () => {
    expect(r.document).toMatchObject({ format: 'pdf', locality: '青禾街道', year: 2023, signedBy: QINGHE.signedBy, signedAt: QINGHE.signedAt, pages: 3 });
    expect(r.document.title).toBe(QINGHE.title);
  });

  it('gives the paragraphs as written: no header, footer or page-number residue, no broken lines', () => {
    expectCleanParagraphs(r.paragraphs, QINGHE);
    expect(r.paragraphs.every((p) => p.page !== undefined && p.ocr === undefined)).toBe(true);
  });

  it('joins the paragraph that runs from page 1 onto page 2 and knows both pages', () => {
    const p = r.paragraphs.find((x) => x.text.includes('回访整改率达到100%'));
    expect(p).toMatchObject({ page: 1, pageEnd: 2 });
    expect(r.paragraphs.find((x) => x.text.startsWith('街道人民调解委员会'))).toMatchObject({ page: 2 });
    expect(r.paragraphs.find((x) => x.text.startsWith('2024年，街道将继续'))).toMatchObject({ page: 3 });
  });

  it('keeps each table figure with its row label and column head, under its section, on its page', () => {
    const row = r.paragraphs.find((p) => p.text.startsWith('一审行政诉讼案件'));
    expect(row).toMatchObject({ text: '一审行政诉讼案件：2022年 15件，2023年 9件', page: 2, section: ['一、主要措施及成效', '（四）行政复议和行政诉讼'] });
    expect(r.paragraphs.map((p) => p.text)).toContain('败诉案件：2022年 2件，2023年 0件');
    expect(r.paragraphs.map((p) => p.text).filter((t) => t.startsWith('案件类别'))).toEqual([]);
  });
});

describe('Word 97–2003 .doc, WPS .wps and OFD', () => {
  it('reads the .doc (LibreOffice-written): paragraphs, table rows, locality, year, signature', async () => {
    const r = await ingest('liuwan-2021.doc');
    expect(r.document).toMatchObject({ format: 'doc', locality: '柳湾乡', year: 2021, signedBy: LIUWAN.signedBy, signedAt: LIUWAN.signedAt });
    expectCleanParagraphs(r.paragraphs, LIUWAN);
    expect(r.paragraphs.map((p) => p.text)).toContain('法治宣传活动 | 18场');
    expect(r.paragraphs.every((p) => p.page === undefined)).toBe(true);
  });

  it('reads the .wps (an OLE Word document under the name WPS Office gives it)', async () => {
    const r = await ingest('baisha-2022.wps');
    expect(r.document).toMatchObject({ format: 'wps', locality: '白沙街道', year: 2022, signedAt: BAISHA.signedAt });
    expectCleanParagraphs(r.paragraphs, BAISHA);
  });

  it('reads the OFD in reading order (its text objects are stored bottom-up), without its running header and page numbers', async () => {
    const r = await ingest('yunxi-2023.ofd');
    expect(r.document).toMatchObject({ format: 'ofd', locality: '云溪镇', year: 2023, signedBy: YUNXI.signedBy, signedAt: YUNXI.signedAt, pages: 2 });
    expect(r.document.title).toBe(YUNXI.title);
    expectCleanParagraphs(r.paragraphs, YUNXI);
    expect(r.paragraphs.map((p) => p.text)).toEqual(paragraphsOf(YUNXI));
    expect(r.paragraphs[r.paragraphs.length - 1]).toMatchObject({ page: 1, pageEnd: 2 });
  });

  it('reads an OFD without reader support from the runtime (the core reads it alone)', async () => {
    const read = await readReport(await fixture('yunxi-2023.ofd'), 'yunxi-2023.ofd');
    expect(read.format).toBe('ofd');
  });

  it('refuses a broken OFD with the reason: no DocRoot, a missing page, XML that does not parse', async () => {
    const ofd = (files: Record<string, string>) => zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])));
    const NS = 'xmlns:ofd="http://www.ofdspec.org/2016"';
    await expect(readReport(ofd({ 'OFD.xml': `<ofd:OFD ${NS}><ofd:DocBody/></ofd:OFD>` }), 'a.ofd')).rejects.toThrow(/not a valid OFD \(OFD\.xml names no DocRoot\)/u);
    const root = `<ofd:OFD ${NS}><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`;
    const doc = `<ofd:Document ${NS}><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>`;
    await expect(readReport(ofd({ 'OFD.xml': root, 'Doc_0/Document.xml': doc }), 'b.ofd')).rejects.toThrow(/not a valid OFD \(missing Doc_0\/Pages\/Page_0\/Content\.xml\)/u);
    await expect(readReport(ofd({ 'OFD.xml': root, 'Doc_0/Document.xml': '<ofd:Document><unclosed' }), 'c.ofd')).rejects.toThrow(/not a valid OFD \(Doc_0\/Document\.xml: /u);
  });

  it('refuses an encrypted PDF with that reason', async () => {
    const err = await readReport(await fixture('locked.pdf'), 'locked.pdf', offline).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnreadableReportError);
    expect((err as UnreadableReportError).reason).toMatch(/^encrypted PDF/u);
  });

  it('refuses a scanned PDF when OCR is off, and says so', async () => {
    const err = await readReport(await fixture('shiqiao-2022-scan.pdf'), 'shiqiao-2022-scan.pdf', offline).catch((e: unknown) => e);
    expect((err as UnreadableReportError).reason).toMatch(/scanned PDF \(1 of 1 pages without a text layer\)/u);
  });
});

describe('scanned PDF (shiqiao-2022-scan.pdf: page images only)', () => {
  it('is read page by page with tesseract where it is installed; its paragraphs are marked ocr', async () => {
    const r = await ingest('shiqiao-2022-scan.pdf', nodeReaders());
    expect(r.document).toMatchObject({ format: 'pdf', locality: '石桥镇', year: 2022, pages: 1, ocrPages: 1 });
    expect(r.paragraphs.length).toBeGreaterThanOrEqual(3);
    expect(r.paragraphs.every((p) => p.ocr === true && p.page === 1)).toBe(true);
    const simplified = r.paragraphs.map((p) => p.simplified).join('\n');
    for (const figure of ['97.7%', '8400人次', '法治示范村5个']) expect(simplified).toContain(figure);
  }, 120_000);

  it('is skipped with the reason where the OCR program is missing', async () => {
    const missing = nodeReaders({ ocr: { tesseract: '/nonexistent/tesseract' } });
    const err = await readReport(await fixture('shiqiao-2022-scan.pdf'), 'shiqiao-2022-scan.pdf', missing).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnreadableReportError);
    expect((err as UnreadableReportError).reason).toMatch(/OCR unavailable: tesseract cannot run \(ENOENT\); install tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-chi-tra poppler-utils/u);
  });

  it('is skipped where pdftoppm is missing or tesseract lacks the Chinese language data', async () => {
    const noPoppler = nodeReaders({ ocr: { pdftoppm: '/nonexistent/pdftoppm' } });
    await expect(readReport(await fixture('shiqiao-2022-scan.pdf'), 'scan.pdf', noPoppler)).rejects.toThrow(/OCR unavailable: pdftoppm cannot run/u);
    const noLanguage = nodeReaders({ ocr: { languages: ['chi_sim', 'zzz_none'] } });
    await expect(readReport(await fixture('shiqiao-2022-scan.pdf'), 'scan.pdf', noLanguage)).rejects.toThrow(/tesseract has no zzz_none language data/u);
  });
});

// ---------------------------------------------------------------- zip bombs

/** A deflate stream of `mib` MiB of zeros, made in 1 MiB steps so the test itself never holds the expansion. */
function deflatedZeros(mib: number): Uint8Array {
  const parts: Uint8Array[] = [];
  const deflate = new Deflate({ level: 1 }, (chunk) => parts.push(chunk));
  const zeros = new Uint8Array(2 ** 20);
  for (let i = 0; i < mib; i++) deflate.push(zeros);
  deflate.push(new Uint8Array(0), true);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/** A zip written by hand, so an entry can declare any uncompressed size. */
function zipOf(entries: { name: string; data: Uint8Array; method: 0 | 8; size: number }[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  const header = (sig: number, fields: [number, 2 | 4][], name: Uint8Array) => {
    const b = new Uint8Array(4 + fields.reduce((n, [, w]) => n + w, 0) + name.length);
    const v = new DataView(b.buffer);
    v.setUint32(0, sig, true);
    let at = 4;
    for (const [x, w] of fields) { if (w === 2) v.setUint16(at, x, true); else v.setUint32(at, x, true); at += w; }
    b.set(name, at);
    return b;
  };
  for (const e of entries) {
    const name = strToU8(e.name);
    const local = header(0x04034b50, [[20, 2], [0, 2], [e.method, 2], [0, 2], [0, 2], [0, 4], [e.data.length, 4], [e.size, 4], [name.length, 2], [0, 2]], name);
    central.push(header(0x02014b50, [[20, 2], [20, 2], [0, 2], [e.method, 2], [0, 2], [0, 2], [0, 4], [e.data.length, 4], [e.size, 4], [name.length, 2], [0, 2], [0, 2], [0, 2], [0, 2], [0, 4], [offset, 4]], name));
    chunks.push(local, e.data);
    offset += local.length + e.data.length;
  }
  const cdSize = central.reduce((n, c) => n + c.length, 0);
  const eocd = header(0x06054b50, [[0, 2], [0, 2], [entries.length, 2], [entries.length, 2], [cdSize, 4], [offset, 4], [0, 2]], new Uint8Array(0));
  const all = [...chunks, ...central, eocd];
  const out = new Uint8Array(all.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of all) { out.set(c, at); at += c.length; }
  return out;
}

const stored = (name: string, text: string) => ({ name, data: strToU8(text), method: 0 as const, size: strToU8(text).length });
const MiB = 2 ** 20;

describe('zip containers are checked before they are expanded', () => {
  const bomb = deflatedZeros(400);
  const small = deflatedZeros(40);
  const docx = (entry: { name: string; data: Uint8Array; method: 0 | 8; size: number }) => zipOf([stored('[Content_Types].xml', '<Types/>'), entry]);

  async function grows(read: () => Promise<unknown>): Promise<{ error: unknown; mb: number }> {
    const before = process.memoryUsage();
    const error = await read().catch((e: unknown) => e);
    const after = process.memoryUsage();
    return { error, mb: (after.rss - before.rss + after.arrayBuffers - before.arrayBuffers) / MiB };
  }

  it('refuses a .docx whose document expands to 400 MB, and the process does not grow', async () => {
    expect(bomb.length).toBeLessThan(2 * MiB);
    const { error, mb } = await grows(() => readReport(docx({ name: 'word/document.xml', data: bomb, method: 8, size: 400 * MiB }), 'bomb.docx'));
    expect((error as UnreadableReportError).reason).toMatch(/zip archive refused: word\/document\.xml expands to 400\.0 MB \(limit 64\.0 MB\)/u);
    expect(mb).toBeLessThan(64);
  });

  it('refuses an entry within the size limit whose compression ratio is a bomb\'s', async () => {
    expect(40 * MiB).toBeLessThan(ZIP_LIMITS.maxEntryBytes);
    const { error } = await grows(() => readReport(docx({ name: 'word/document.xml', data: small, method: 8, size: 40 * MiB }), 'ratio.docx'));
    expect((error as UnreadableReportError).reason).toMatch(/expands \d+-fold \(limit 100; a zip bomb\?\)/u);
  });

  it('an entry that lies about its size is inflated only to the size it declares', async () => {
    const { error, mb } = await grows(() => readReport(docx({ name: 'word/document.xml', data: bomb, method: 8, size: 4096 }), 'liar.docx'));
    expect(error).toBeInstanceOf(UnreadableReportError);
    expect((error as UnreadableReportError).reason).toMatch(/not a valid \.docx/u);
    expect(mb).toBeLessThan(64);
  });

  it('refuses an OFD bomb and an archive of too many entries the same way', async () => {
    const ofd = zipOf([stored('OFD.xml', '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>'), { name: 'Doc_0/Document.xml', data: bomb, method: 8, size: 400 * MiB }]);
    await expect(readReport(ofd, 'bomb.ofd')).rejects.toThrow(/zip archive refused: Doc_0\/Document\.xml expands to 400\.0 MB/u);
    const many = zipSync({ 'word/document.xml': strToU8('<w:document/>'), ...Object.fromEntries(Array.from({ length: ZIP_LIMITS.maxEntries }, (_, i) => [`word/x${i}.xml`, new Uint8Array(0)])) });
    await expect(readReport(many, 'many.docx')).rejects.toThrow(/entries \(limit 10000\)/u);
  });
});

// ---------------------------------------------------------------- isolation

describe('parsing in a child process (IsolatedParser, parseReportIsolated)', () => {
  it('reads a report as in process, reports an unreadable one with its reason, and serving stays live meanwhile', async () => {
    const parser = new IsolatedParser({ readers: { ocr: false } });
    try {
      let ticks = 0;
      const timer = setInterval(() => ticks++, 5);
      const [pdf, locked, bomb] = await Promise.all([
        parser.parse('qinghe-2023.pdf', await fixture('qinghe-2023.pdf')),
        parser.parse('locked.pdf', await fixture('locked.pdf')).catch((e: unknown) => e),
        parser.parse('bomb.docx', zipOf([stored('[Content_Types].xml', '<Types/>'), { name: 'word/document.xml', data: deflatedZeros(100), method: 8, size: 100 * MiB }])).catch((e: unknown) => e),
      ]);
      clearInterval(timer);
      const inProcess: ReadReportResult = await readReport(await fixture('qinghe-2023.pdf'), 'qinghe-2023.pdf', offline);
      expect(pdf).toEqual(inProcess);
      expect(locked).toBeInstanceOf(UnreadableReportError);
      expect((locked as UnreadableReportError).reason).toMatch(/^encrypted PDF/u);
      expect((bomb as UnreadableReportError).reason).toMatch(/zip archive refused/u);
      // The serving process kept running its timers while the child parsed.
      expect(ticks).toBeGreaterThan(0);
    } finally {
      parser.close();
    }
  }, 60_000);

  it('ends a parse that runs past its deadline, reports it, and parses the next file in a fresh process', async () => {
    const parser = new IsolatedParser({ readers: { ocr: false }, timeoutMs: 1 });
    try {
      const err = await parser.parse('qinghe-2023.pdf', await fixture('qinghe-2023.pdf')).catch((e: unknown) => e);
      expect((err as UnreadableReportError).reason).toMatch(/parsing took longer than 0 s/u);
    } finally {
      parser.close();
    }
    const again = new IsolatedParser({ readers: { ocr: false } });
    try {
      expect((await again.parse('yunxi-2023.ofd', await fixture('yunxi-2023.ofd'))).format).toBe('ofd');
    } finally {
      again.close();
    }
  }, 60_000);

  it('a file that exhausts the parser heap is reported as too large to parse; the service goes on', async () => {
    const parser = new IsolatedParser({ readers: { ocr: false }, maxHeapMb: 128 });
    try {
      const line = strToU8(`${'街道全年共调解矛盾纠纷56件，调解成功率百分之百。'.repeat(40)}\n`);
      const huge = new Uint8Array(line.length * Math.ceil(150 * MiB / line.length));
      for (let at = 0; at < huge.length; at += line.length) huge.set(line, at);
      const err = await parser.parse('huge.txt', huge).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnreadableReportError);
      expect((err as UnreadableReportError).reason).toBe('too large to parse (the parser ran out of its 128 MB memory limit)');
      expect((await parser.parse('yunxi-2023.ofd', await fixture('yunxi-2023.ofd'))).format).toBe('ofd');
    } finally {
      parser.close();
    }
  }, 120_000);
});

// ---------------------------------------------------------------- the corpus folder

describe('every file in the corpus folder is indexed or reported', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir();
    for (const f of ['qinghe-2023.pdf', 'liuwan-2021.doc', 'baisha-2022.wps', 'yunxi-2023.ofd', 'locked.pdf']) await cp(join(FIXTURES, f), join(dir, f));
    await writeFile(join(dir, 'figures.xlsx'), 'PK\u0003\u0004 not really');
    await writeFile(join(dir, 'README'), 'notes');
    await writeFile(join(dir, 'blank.txt'), '   \n');
    await writeFile(join(dir, 'chrome-only.html'), '<html><body><p>打印</p><p>关闭</p></body></html>');
    await mkdir(join(dir, 'old'));
    await writeFile(join(dir, 'qinghe-2023.pdf.meta.json'), JSON.stringify({ region: '示例市示例区' }));
  });

  it('loadCorpus: the readable reports in, every other file with its reason', async () => {
    const c = await loadCorpus(dir);
    expect(c.documents.map((d) => d.id).sort()).toEqual(['baisha-2022', 'liuwan-2021', 'qinghe-2023', 'yunxi-2023']);
    expect(c.documents.find((d) => d.id === 'qinghe-2023')?.region).toBe('示例市示例区');
    const reasons = Object.fromEntries(c.skipped.map((s) => [s.file, s.reason]));
    expect(Object.keys(reasons).sort()).toEqual(['README', 'blank.txt', 'chrome-only.html', 'figures.xlsx', 'locked.pdf', 'old']);
    expect(reasons['figures.xlsx']).toMatch(/^unsupported file type \(\.xlsx/u);
    expect(reasons.README).toMatch(/^unsupported file type \(no extension/u);
    expect(reasons['locked.pdf']).toMatch(/^encrypted PDF/u);
    expect(reasons['blank.txt']).toMatch(/empty/u);
    expect(reasons['chrome-only.html']).toMatch(/no text content|no paragraphs of content after cleaning/u);
    expect(reasons.old).toMatch(/folder/u);
  }, 120_000);

  it('`npm run ingest` prints a progress line per file when stdout is not a terminal, and the skipped files with reasons', async () => {
    const out = await tempDir();
    const { stdout } = await run('npx', ['tsx', 'adapters/node/cli/ingest.ts', '--corpus', dir, '--out', out], { cwd: REPO_ROOT, timeout: 120_000 });
    const progress = stdout.split('\n').filter((l) => /^\[\d+\/10\] /u.test(l));
    expect(progress).toHaveLength(10);
    expect(stdout).toMatch(/^\[\d+\/10\] qinghe-2023\.pdf: pdf, 3 pages, \d+ paragraphs \(\d+ ms\)$/mu);
    expect(stdout).toMatch(/^\[\d+\/10\] locked\.pdf: skipped: encrypted PDF/mu);
    expect(stdout).toMatch(/^locked\.pdf\s+encrypted PDF/mu);
    expect(stdout).toMatch(/4 reports, \d+ paragraphs, 6 skipped/u);
    const paragraphs = (await readFile(join(out, 'paragraphs.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Paragraph);
    expect(paragraphs.find((p) => p.text.startsWith('一审行政诉讼案件'))).toMatchObject({ page: 2 });
  }, 180_000);
});
