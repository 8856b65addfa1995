/**
 * Paged layout → text lines. A fixed-layout format (PDF, OFD, an OCR'd page
 * image) gives positioned runs of text, not paragraphs: this rebuilds reading
 * order, joins the lines the layout broke (no space between Chinese
 * characters), drops running headers, footers and page numbers, joins a
 * paragraph that runs across a page break, and turns table rows into lines
 * that keep each figure with its row label and column head
 * ("一审行政诉讼案件：2022年 15件，2023年 9件"). Every output line knows its
 * page(s). Pure: the format readers (adapters/node/formats, ofd.ts) supply the runs.
 */

import { ARABIC_MARK } from './segment.js';

/** A run of text on a page; coordinates in any unit, y measured downwards from the top to the baseline. */
export interface TextRun {
  text: string;
  x: number;
  y: number;
  width: number;
  /** Font size (the line height of the glyphs), in the page's unit. */
  size: number;
}

export interface LayoutPage {
  /** 1-based page number. */
  number: number;
  width: number;
  height: number;
  runs: TextRun[];
  /** The runs were read from the page image by OCR. */
  ocr?: boolean;
}

/** One output line (a paragraph, a heading or a table row) and where it came from. */
export interface PagedLine {
  text: string;
  pages: number[];
  ocr: boolean;
}

interface Cell { text: string; x: number; right: number }

interface Line {
  page: number;
  ocr: boolean;
  cells: Cell[];
  x: number;
  right: number;
  y: number;
  size: number;
}

const CJK = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’]/u;
const LATIN = /[A-Za-z0-9]/u;

/** A gap this many font sizes wide separates table cells, not words. */
const CELL_GAP = 1.6;
/** How many lines at the top and at the bottom of a page may be running headers, footers or page numbers. */
const MARGIN_LINES = 2;

const PAGE_NUMBER: RegExp[] = [
  /^[-—–－_\s]*\d{1,4}[-—–－_\s]*$/u,
  /^[-—–－\s]*第\s*\d{1,4}\s*页\s*[-—–－\s]*([,，/／]?\s*共\s*\d{1,4}\s*页)?$/u,
  /^(第\s*\d{1,4}\s*页\s*[,，/／]?\s*)?共\s*\d{1,4}\s*页$/u,
  /^\d{1,4}\s*[/／]\s*\d{1,4}$/u,
  /^(page\s*)?\d{1,4}(\s*(of|\/)\s*\d{1,4})?$/iu,
  /^[-—–－\s]*[〇一二三四五六七八九十百]{1,4}[-—–－\s]+$/u,
];

/** A figure with a unit of count or amount ("15件", "96.9%", "1.5万余份"), as opposed to a column head such as "2022年". */
const QUANTITY = /\d\s*(?:[%％‰]|[万亿千百]?(?:件|人|次|场|个|份|名|起|条|项|户|家|元|所|期|篇|部|批|宗|天|小时|公里|平方米|亩))/u;

const HEADING = new RegExp(`^(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）]|${ARABIC_MARK}|[(（]\\d{1,2}[)）]|第[一二三四五六七八九十]{1,3}[章节部分])`, 'u');

export function isPageNumber(text: string): boolean {
  const t = text.trim();
  return t.length > 0 && t.length <= 24 && PAGE_NUMBER.some((re) => re.test(t));
}

function joinText(a: string, b: string): string {
  if (!a) return b;
  if (!b) return a;
  const last = a[a.length - 1] ?? '';
  const first = b[0] ?? '';
  return LATIN.test(last) && LATIN.test(first) && !CJK.test(last) ? `${a} ${b}` : `${a}${b}`;
}

/** Runs → lines in reading order: top to bottom, left to right; far-apart runs on a line become cells. */
function pageLines(page: LayoutPage): Line[] {
  const runs = page.runs.filter((r) => r.text.trim() !== '' && r.size > 0).sort((a, b) => a.y - b.y || a.x - b.x);
  const rows: TextRun[][] = [];
  for (const run of runs) {
    const row = rows[rows.length - 1];
    const ref = row?.[0];
    if (row && ref && Math.abs(run.y - ref.y) <= Math.max(ref.size, run.size) * 0.45) row.push(run);
    else rows.push([run]);
  }
  return rows.map((row) => {
    row.sort((a, b) => a.x - b.x);
    const size = Math.max(...row.map((r) => r.size));
    const cells: Cell[] = [];
    for (const run of row) {
      const text = run.text.replace(/\s+/gu, ' ');
      const cell = cells[cells.length - 1];
      const gap = cell ? run.x - cell.right : 0;
      if (cell && gap < CELL_GAP * size) {
        cell.text = gap > size * 0.2 && LATIN.test(cell.text.slice(-1)) && LATIN.test(text.trim()[0] ?? '') ? `${cell.text.trimEnd()} ${text.trimStart()}` : joinText(cell.text.trimEnd(), text.trimStart());
        cell.right = Math.max(cell.right, run.x + run.width);
      } else {
        cells.push({ text: text.trim(), x: run.x, right: run.x + run.width });
      }
    }
    const kept = cells.filter((c) => c.text !== '');
    return {
      page: page.number,
      ocr: page.ocr === true,
      cells: kept,
      x: kept[0]?.x ?? 0,
      right: kept[kept.length - 1]?.right ?? 0,
      y: row[0]?.y ?? 0,
      size,
    };
  }).filter((l) => l.cells.length > 0);
}

const lineText = (l: Line) => l.cells.map((c) => c.text).join(' ');
/**
 * Lines that differ only in their figures (page numbers, dates) are the same running header; a
 * header and a footer are told apart, so a signature at the foot of the last page is not taken
 * for the issuer's name at the head of every page.
 */
const chromeKey = (l: Line, height: number) => `${l.y < height / 2 ? 'head' : 'foot'}:${lineText(l).replace(/\s+/gu, '').replace(/[0-9０-９]+/gu, '#')}`;

/**
 * Drops page numbers and running headers/footers: lines in a page's top or
 * bottom margin that are page numbers, or that recur (figures aside) in the
 * margins of most pages.
 */
function dropChrome(pages: Line[][], heights: number[]): Line[][] {
  const margin = (lines: Line[]) => new Set([...lines.slice(0, MARGIN_LINES), ...lines.slice(-MARGIN_LINES)]);
  const counts = new Map<string, number>();
  pages.forEach((lines, i) => {
    for (const key of new Set([...margin(lines)].map((l) => chromeKey(l, heights[i] ?? 0)))) counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  const recurring = (key: string) => pages.length >= 2 && (counts.get(key) ?? 0) >= Math.max(2, Math.ceil(pages.length * 0.5));
  return pages.map((lines, i) => {
    const zone = margin(lines);
    return lines.filter((l) => !(zone.has(l) && (isPageNumber(lineText(l)) || recurring(chromeKey(l, heights[i] ?? 0)))));
  });
}

interface Column { left: number; right: number; size: number }

function mode(values: number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: number | undefined;
  let n = 0;
  for (const [v, c] of counts) if (c > n || (c === n && best !== undefined && v < best)) { best = v; n = c; }
  return best;
}

/**
 * The text column of a set of lines: the body's font size (the most common), its left margin (the
 * leftmost edge shared by at least 1 in 20 lines, so a stray OCR speck further left does not move
 * it) and its right margin (the furthest right edge).
 */
function column(lines: Line[]): Column | null {
  const prose = lines.filter((l) => l.cells.length === 1);
  if (!prose.length) return null;
  const size = mode(prose.map((l) => Math.round(l.size * 2) / 2)) ?? prose[0]!.size;
  const body = prose.filter((l) => Math.abs(l.size - size) <= size * 0.15);
  const bins = new Map<number, number>();
  for (const l of body) {
    const bin = Math.round(l.x / (size / 2));
    bins.set(bin, (bins.get(bin) ?? 0) + 1);
  }
  const shared = [...bins].filter(([, n]) => n >= Math.max(1, body.length * 0.05)).map(([bin]) => bin);
  const left = Math.min(...shared) * (size / 2);
  const right = Math.max(...body.map((l) => l.right));
  return { left, right, size };
}

interface Block { kind: 'text' | 'row'; lines: Line[]; closed: boolean }

/** Cells of a table row placed under the head's columns by horizontal overlap (nearest centre). */
function underHead(head: Cell[], cells: Cell[]): (string | undefined)[] {
  const out: (string | undefined)[] = head.map(() => undefined);
  for (const c of cells) {
    const centre = (c.x + c.right) / 2;
    let best = 0;
    let dist = Infinity;
    head.forEach((h, i) => {
      const d = Math.abs((h.x + h.right) / 2 - centre);
      if (d < dist) { dist = d; best = i; }
    });
    out[best] = out[best] ? joinText(out[best]!, c.text) : c.text;
  }
  return out;
}

/**
 * A table (consecutive rows of cells) → one line per row. With a head row,
 * each value is prefixed by its column's head and follows the row label
 * ("label：head1 v1，head2 v2"; a comma, not "；", so that the row stays one sentence to the
 * answer step and no value is quoted without its label); without one, the cells are joined by " | ".
 */
function tableLines(rows: Line[]): PagedLine[] {
  const first = rows[0];
  if (!first) return [];
  const pages = (ls: Line[]) => [...new Set(ls.map((l) => l.page))];
  // A head row names columns; a first row whose cells hold quantities is data (the table has no head).
  const dataFirst = first.cells.slice(1).some((c) => QUANTITY.test(c.text));
  if (rows.length === 1 || first.cells.length < 2 || dataFirst) {
    return rows.map((r) => ({ text: r.cells.map((c) => c.text).join(' | '), pages: [r.page], ocr: r.ocr }));
  }
  const head = first.cells;
  const out: PagedLine[] = [];
  // A row whose first column is empty continues the row above (a cell wrapped onto a second line).
  const merged: { cells: (string | undefined)[]; lines: Line[] }[] = [];
  for (const row of rows.slice(1)) {
    const cells = underHead(head, row.cells);
    const prev = merged[merged.length - 1];
    if (prev && cells[0] === undefined) {
      prev.cells = prev.cells.map((c, i) => (cells[i] ? joinText(c ?? '', cells[i]!) : c));
      prev.lines.push(row);
    } else merged.push({ cells, lines: [row] });
  }
  for (const { cells, lines } of merged) {
    const [label, ...values] = cells;
    const parts = values.map((v, i) => (v ? `${head[i + 1]?.text ?? ''} ${v}`.trim() : '')).filter(Boolean);
    const text = label ? (parts.length ? `${label}：${parts.join('，')}` : label) : parts.join('，');
    out.push({ text, pages: pages(lines), ocr: lines.some((l) => l.ocr) });
  }
  return out;
}

/**
 * Positioned runs of every page → content lines: one per paragraph, heading
 * or table row, in reading order, each with its page(s).
 */
export function layoutPages(input: LayoutPage[]): PagedLine[] {
  const sorted = [...input].sort((a, b) => a.number - b.number);
  const pages = dropChrome(sorted.map(pageLines), sorted.map((p) => p.height));
  const all = pages.flat();
  const docColumn = column(all);
  const blocks: Block[] = [];
  let lastOfPage: Line | null = null;
  for (const lines of pages) {
    // A scanned page has its own margins and scale; a page of a few lines borrows the document's column.
    const own = column(lines);
    const col = own && lines.length >= 4 && (lines[0]?.ocr || !docColumn) ? own : (docColumn ?? own);
    let prev: Line | null = null;
    for (const line of lines) {
      const text = lineText(line);
      const isRow = line.cells.length >= 2;
      const block = blocks[blocks.length - 1];
      if (isRow) {
        if (block?.kind === 'row' && !block.closed) block.lines.push(line);
        else blocks.push({ kind: 'row', lines: [line], closed: false });
        prev = line;
        continue;
      }
      const c = col ?? { left: line.x, right: line.right, size: line.size };
      const indented = line.x - c.left >= c.size * 1.2;
      const heading = HEADING.test(text) && text.length <= 40 && !/[。；;]/u.test(text.slice(0, -1));
      const before = prev ?? (lastOfPage && lastOfPage.page !== line.page ? lastOfPage : null);
      const continues = block?.kind === 'text' && !block.closed && before !== null
        && !indented && !heading
        && Math.abs(line.size - before.size) <= before.size * 0.15
        && (prev === null || line.y - prev.y <= prev.size * 2.6);
      if (continues) block.lines.push(line);
      else blocks.push({ kind: 'text', lines: [line], closed: false });
      const current = blocks[blocks.length - 1]!;
      // A line that stops short of the right margin ends its paragraph; so does a heading.
      if (heading || line.right < c.right - c.size * 1.5 || Math.abs(line.size - c.size) > c.size * 0.15) current.closed = true;
      prev = line;
    }
    const block = blocks[blocks.length - 1];
    if (block?.kind === 'row') block.closed = true;
    lastOfPage = lines[lines.length - 1] ?? lastOfPage;
  }
  const out: PagedLine[] = [];
  for (const b of blocks) {
    if (b.kind === 'row') out.push(...tableLines(b.lines));
    else {
      const text = b.lines.reduce((acc, l) => joinText(acc, lineText(l)), '');
      out.push({ text, pages: [...new Set(b.lines.map((l) => l.page))], ocr: b.lines.some((l) => l.ocr) });
    }
  }
  return out.filter((l) => l.text.trim() !== '');
}
