/**
 * Cleaning: turns decoded report text into content lines. Everything that is
 * not content (converter pinyin, page chrome, docx residue, placeholders) goes;
 * everything that is content stays in the report's own script and punctuation.
 */

import { ARABIC_MARK } from './segment.js';

const CJK = '\\u3400-\\u9fff\\uf900-\\ufaff';
const PINYIN_VOWELS = 'a-zü\\u00e0-\\u00fc\\u0101-\\u01dc';

// A converter left the reading after each character: 建設(shè), 報(bào). Real
// parentheses hold Chinese, digits or capitals, never only lowercase pinyin.
const PINYIN_AFTER_CHAR = new RegExp(`([${CJK}])[(（]([${PINYIN_VOWELS}]{1,7})[)）]`, 'gu');

/** Lines that are page chrome as a whole (after trimming). */
const CHROME_LINE: RegExp[] = [
  /^[【\[(（]?\s*(打印|关闭|關閉|关闭窗口|關閉窗口|打印本页|打印本頁|打印正文|返回顶部|返回頂部|返回|收藏|纠错|糾錯)\s*[】\])）]?$/u,
  /^((打印|关闭|關閉|收藏|返回顶部|返回頂部)\s*[|｜/]?\s*)+$/u,
  /^(分享到|分享至)[:：]?/u,
  /^字[体體]?[号號]?[:：]?\s*[【\[]?\s*大\s*[】\]]?\s*[【\[]?\s*中\s*[】\]]?\s*[【\[]?\s*小/u,
  /(浏览次数|瀏覽次數|访问量|訪問量|阅读次数|閱讀次數|点击数|點擊數)\s*[:：]/u,
  /^(首页|首頁|当前位置|當前位置|您的位置|您现在的位置|您現在的位置)\s*[:：>＞»]/u,
  /^[^。；;]{0,40}\s[>＞»]\s[^。；;]{0,80}$/u,
  /^(索引号|索引號|地址|通讯地址|联系地址|发布时间|發佈時間|發布時間|发布日期|發布日期|来源|來源|信息来源|信息來源|发布机构|發布機構|发文机关|發文機關|文号|文號|主题分类|主題分類|成文日期|作者|编辑|編輯|责任编辑|責任編輯)\s*[:：]/u,
  /^(主办单位|主辦單位|网站主办|網站主辦|主办|主辦|承办单位|承辦單位|承办|承辦)\s*[:：]/u,
  /^[^。；;]{0,30}ICP[备備]\s*\d/u,
  /^(上一篇|下一篇|上一条|下一条|上一條|下一條)\s*[:：]?/u,
  /(版权所有|版權所有|Copyright|©)/iu,
  /^(扫一扫|掃一掃|微信扫一扫|微信掃一掃|手机扫码|手機掃碼)/u,
  /^(网站地图|網站地圖|联系我们|聯繫我們|网站声明|網站聲明)$/u,
  /^(附件|相关稿件|相關稿件|相关链接|相關鏈接|相关文章|相關文章|相关新闻|相關新聞)\s*[:：]?\s*$/u,
];

/** Lines that carry no content at all: placeholders a converter left (`?`), rules, bars. */
const PLACEHOLDER_LINE = /^[\s?？|｜\-—_=*·•.。、,，:：;；]*$/u;

const BOOKMARK = /\[bookmark:[^\]]*\]/giu;

/** Closes up spaces a docx export put inside Chinese words and figures: `法 治政府`, `共 调解 56 件`. */
export function closeUpSpaces(line: string): string {
  const gap = new RegExp(`([${CJK}\\d%％。，、；：！？”’）)》】])[ \\t\\u3000\\u00a0]+(?=[${CJK}\\d“‘（(《【])`, 'gu');
  let out = line;
  // Twice, because a single-character word between two gaps overlaps both matches.
  for (let i = 0; i < 2; i++) out = out.replace(gap, (_m, a: string) => a);
  return out;
}

export function stripPinyin(text: string): string {
  return text.replace(PINYIN_AFTER_CHAR, '$1');
}

/** A web page's statement of when it was published ("发布日期：2017-02-14"), a line of its chrome. */
const PUBLISHED = /(?:发布|發佈|發布|发稿|發稿|公开|公開|上传|上傳)(?:时间|時間|日期)\s*[:：]\s*(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}日?/u;
/** Its statement of where the text comes from ("来源：县司法局"); not a sentence's "资金来源：". */
const SOURCE = /(?<![\u4e00-\u9fff])(?:信息)?(?:来源|來源)\s*[:：]\s*[\u4e00-\u9fff]{2,24}/u;

/** The site's address in its footer ("地址：湖南省赙阳市赜水瑶族自治县瑶都大道88号"), which names the places above the issuer. */
const ADDRESS = /(?<![\u4e00-\u9fff])(?:通讯地址|联系地址|地址)\s*[:：]\s*[\u4e00-\u9fff][^\s\u3000|｜，,。；;]{3,40}/u;

/** The body that runs the site, in its footer ("主办单位：鲮川县人民政府办公室"). */
const HOST = /(?<![\u4e00-\u9fff])(?:主办单位|主辦單位|网站主办|網站主辦|主办|主辦)\s*[:：]\s*[\u4e00-\u9fff]{2,30}/u;

/** The site's filing number ("赣ICP备13004271号"): its first character is the province's short name (`filingProvince`). */
const FILING = /[\u4e00-\u9fff]ICP[备備]\s*\d+\s*[号號](?:-\d+)?/u;

/** What a web page says of itself in its chrome, as it says it: when it was published, where it comes from, its address, who runs the site and its filing number. */
export interface PageStatements {
  published: string | null;
  source: string | null;
  address: string | null;
  host: string | null;
  filing: string | null;
}

export function pageStatements(text: string): PageStatements {
  const found = (re: RegExp) => re.exec(text)?.[0].replace(/\s+/gu, '') ?? null;
  return { published: found(PUBLISHED), source: found(SOURCE), address: found(ADDRESS), host: found(HOST), filing: found(FILING) };
}

/** What a page's statement says, after its label ("来源：县司法局" → 县司法局). */
export function statedValue(statement: string): string {
  return statement.replace(/^[^:：]*[:：]\s*/u, '');
}

export function isChromeLine(line: string): boolean {
  return CHROME_LINE.some((re) => re.test(line));
}

/**
 * A table row arrives as tab-separated cells: keep it as one readable row.
 * Tabs used as indentation (leading) are just white space.
 */
function tableRow(line: string): string {
  const cells = line.split('\t').map((c) => c.trim());
  if (cells.filter(Boolean).length < 2) return line.replace(/\t+/g, ' ');
  return cells.filter(Boolean).join(' | ');
}

/** Two or more spaces, or a full-width one, between text: a column gap in a plain-text table. */
const COLUMN_GAP = /(?:[ \u00a0]{2,}|[ \u00a0]*\u3000[ \u3000\u00a0]*)/u;
const FIGURE_CELL = /^[+\-−±]?\d/u;
const ONLY_FIGURE = /^[+\-−±]?\d[\d.,，]*[%％‰]?$/u;

/**
 * A table a report typed with spaces ("罚没款（万元）   365   412"): its cells become
 * TAB-separated like an HTML or DOCX row, so they are joined the same way and the
 * figures of two columns are never closed up into one. A row has figure cells and
 * no sentence end; prose a Word or PDF export spaced out has single characters or
 * sentences between its gaps, not figures beside a label.
 */
function alignedColumns(line: string): string {
  const trimmed = line.trim();
  const cells = trimmed.split(COLUMN_GAP);
  if (cells.length < 2 || /[。；;！？]/u.test(trimmed)) return line;
  const rest = cells.slice(1);
  const figures = rest.filter((c) => FIGURE_CELL.test(c)).length;
  const table = rest.every((c) => c.length > 1 || ONLY_FIGURE.test(c))
    && (cells.length === 2 ? ONLY_FIGURE.test(rest[0] ?? '') : figures >= 1);
  return table ? cells.join('\t') : line;
}

/**
 * The head of such a table ("嘎查   排查纠纷（件）   调解成功（件）"): three or more short cells of words, no sentence
 * end, over a row of figures. Its cells are kept apart like the row's, or the columns' names run together.
 */
function alignedHead(line: string, next: string | undefined): string {
  const trimmed = line.trim();
  const cells = trimmed.split(COLUMN_GAP);
  if (cells.length < 3 || next === undefined || /[。；;！？，,]/u.test(trimmed)) return line;
  if (!cells.every((c) => c.length <= 16 && /[\u4e00-\u9fff]/u.test(c))) return line;
  const row = alignedColumns(next);
  return row !== next && row.split('\t').length === cells.length ? cells.join('\t') : line;
}

/** Structure markers that open a paragraph when a whole report was flattened onto one line. */
const MARKER_AHEAD = new RegExp(`^(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）]|${ARABIC_MARK}|[(（]\\d{1,2}[)）]|[一二三四五六七八九十]是)`, 'u');
const HEADING_START = new RegExp(`^(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）]|${ARABIC_MARK}|[(（]\\d{1,2}[)）])`, 'u');
const SENTENCE_END = /[。！？!?；;：:]$/u;

/**
 * Splits a line that holds several paragraphs separated only by spaces (a
 * report published on one line). Splits where a sentence ended, where a
 * structure marker follows, or where a short heading ends.
 */
export function splitFlattened(line: string): string[] {
  const pieces = line.split(/[ \u3000\u00a0]{1,}/u).filter((p) => p.length > 0);
  const markers = pieces.filter((p) => MARKER_AHEAD.test(p)).length;
  if (line.length < 400 || markers < 3) return [line];
  const out: string[] = [];
  let cur = '';
  for (const piece of pieces) {
    if (!cur) { cur = piece; continue; }
    const breakHere = SENTENCE_END.test(cur) || MARKER_AHEAD.test(piece)
      || (HEADING_START.test(cur) && cur.length <= 60 && !/[。！？]/u.test(cur))
      // The title, first on the line ("…情况的报告 2022年，…").
      || (!out.length && cur.length <= 80 && /(报告|总结|汇报)$/u.test(cur) && !/[。！？，,]/u.test(cur));
    if (breakHere) { out.push(cur); cur = piece; } else cur += ` ${piece}`;
  }
  if (cur) out.push(cur);
  return out;
}

/** Characters a terminal or editor shows two columns wide: CJK, full-width forms and punctuation. */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

const measures: ((line: string) => number)[] = [
  (line) => [...line].length,
  (line) => [...line].reduce((n, ch) => n + (WIDE.test(ch) ? 2 : 1), 0),
];

/** A line that is a table row (cells apart, or between bars) or blank: never part of a wrapped paragraph. */
const notProse = (line: string) => !line.trim() || line.includes('\t') || /^[|｜]/u.test(line.trim()) || COLUMN_GAP.test(line.trim());

/**
 * The wrap width of a hard-wrapped text (every paragraph broken into lines of one width, as some
 * editors and mail systems save it), by characters or by display columns, whichever the lines
 * agree on; null when the lines are paragraphs of their own. A wrapped text has most of its prose
 * lines within a step or two of one width and most of those end in mid-sentence; a text of
 * paragraphs has lines of every length, ending in 。.
 */
function wrapWidth(raw: string[]): { width: number; measure: (line: string) => number } | null {
  // Not a numbered title of its own ("1.完善法治建设工作机制"): a report's titles share a length without being wrapped.
  const title = (l: string) => HEADING_START.test(l) && l.length <= 30 && !/[。，,；;：:]/u.test(l);
  const prose = raw.map((l) => l.trimEnd()).filter((l) => !notProse(l) && l.trim().length >= 8 && !title(l.trim()));
  if (prose.length < 8) return null;
  let best: { width: number; measure: (line: string) => number; share: number } | null = null;
  for (const measure of measures) {
    const counts = new Map<number, number>();
    for (const l of prose) counts.set(measure(l), (counts.get(measure(l)) ?? 0) + 1);
    const longest = Math.max(...counts.keys());
    // The width is the longest length that many lines reach (a wrapped line is never longer, save a
    // closing mark pulled up onto it).
    const width = [...counts.keys()].filter((w) => (counts.get(w) ?? 0) >= 3).sort((a, b) => b - a)[0] ?? longest;
    if (width < 16 || width > 200) continue;
    const band = prose.filter((l) => Math.abs(measure(l) - width) <= Math.max(2, Math.round(width * 0.06)));
    const midSentence = band.filter((l) => !SENTENCE_END.test(l.trim())).length;
    const share = band.length / prose.length;
    if (share >= 0.4 && midSentence >= band.length * 0.6 && (!best || share > best.share)) best = { width, measure, share };
  }
  return best && { width: best.width, measure: best.measure };
}

/**
 * Joins the lines of a hard-wrapped text back into its paragraphs: a line that reaches the wrap
 * width continues on the next one, unless that one starts a new paragraph (an indent, a heading
 * mark). Figures broken across a wrap ("512" / ".6万元") come back whole, since Chinese text
 * joins without a space.
 */
function unwrap(raw: string[]): { text: string; source: number }[] {
  const lines = raw.map((text, source) => ({ text, source }));
  const wrap = wrapWidth(raw);
  if (!wrap) return lines;
  const slack = Math.max(3, Math.round(wrap.width * 0.12));
  const out: { text: string; source: number }[] = [];
  let open = false;
  for (const line of lines) {
    const starts = /^[\s\u3000]/u.test(line.text) || HEADING_START.test(line.text.trim());
    const prev = out[out.length - 1];
    if (open && prev && !notProse(line.text) && !starts) {
      const tail = prev.text.trimEnd();
      const head = line.text.trim();
      const space = /[A-Za-z]$/u.test(tail) && /^[A-Za-z]/u.test(head) ? ' ' : '';
      prev.text = `${tail}${space}${head}`;
    } else out.push({ ...line });
    open = !notProse(line.text) && wrap.measure(line.text.trimEnd()) >= wrap.width - slack && !/[。！？!?]$/u.test(line.text.trim());
  }
  return out;
}

/** A cleaned content line and the index of the raw line it came from. */
export interface CleanLine {
  text: string;
  source: number;
}

/**
 * Cleans decoded report text into content lines (original script kept), each with its raw line's
 * index. `closeUp: false` keeps spaces: lines a layout step built have none to close, and their
 * table rows keep a column head apart from its figure ("2022年 15件").
 */
export function cleanLinesWithSource(text: string, options: { closeUp?: boolean } = {}): CleanLine[] {
  const closeUp = options.closeUp === false ? (s: string) => s : closeUpSpaces;
  const lines: CleanLine[] = [];
  const raw = text.replace(/\r\n?/g, '\n').replace(/^\ufeff/, '').split('\n');
  // Lines a layout step built (closeUp: false) are already whole; a text file may be hard-wrapped.
  const built = options.closeUp === false;
  const sourceLines = built ? raw.map((t, i) => ({ text: t, source: i })) : unwrap(raw);
  for (const [i, { text: rawLine, source }] of sourceLines.entries()) {
    // A Markdown export's bold marks are not the report's words (its heading marks are read by segment.ts).
    let line = rawLine.replace(BOOKMARK, '').replace(/[\u200b-\u200f\u2028\u2029\ufeff]/gu, '').replace(/\*\*(.+?)\*\*/gu, '$1');
    line = stripPinyin(line);
    line = tableRow(line.includes('\t') ? line : alignedHead(alignedColumns(line), sourceLines[i + 1]?.text)).replace(/\s+\|\s*$/u, '').trim();
    if (!line || PLACEHOLDER_LINE.test(line) || isChromeLine(line)) continue;
    for (const piece of splitFlattened(line)) {
      const cleaned = closeUp(piece.trim()).replace(/\s+\|\s*$/u, '').trim();
      if (cleaned && !PLACEHOLDER_LINE.test(cleaned) && !isChromeLine(cleaned)) lines.push({ text: cleaned, source });
    }
  }
  return lines;
}

/** Cleans decoded report text into content lines (original script kept). */
export function cleanLines(text: string): string[] {
  return cleanLinesWithSource(text).map((l) => l.text);
}
