/**
 * Segmentation: content lines → paragraphs, each with the path of headings it
 * stands under. Headings are not paragraphs; a numbered item whose first
 * sentence is a short title ("4.规范调解行为，用法治理念化解社会矛盾。……")
 * is both: its title joins the section path and the whole item is the paragraph.
 */

export interface Segment {
  section: string[];
  text: string;
  /** Index of the paragraph's line in the lines given to segment(). */
  line: number;
}

export interface SegmentedReport {
  title: string | null;
  paragraphs: Segment[];
  signature: string[];
}

/**
 * An arabic item number ("4.", "5．", "6、"): not a decimal ("4.5万元"), but one before a year is ("9．2021年工作思路").
 */
export const ARABIC_MARK = String.raw`\d{1,2}[.．、](?:(?!\d)|(?=(?:19|20)\d{2}年))`;

/** Heading levels, outermost first. */
const LEVELS: RegExp[] = [
  /^第[一二三四五六七八九十]{1,3}(?:部分|章)/u,
  /^[一二三四五六七八九十]{1,3}、/u,
  /^[(（][一二三四五六七八九十]{1,3}[)）]/u,
  new RegExp(`^${ARABIC_MARK}`, 'u'),
  /^[(（]\d{1,2}[)）]/u,
];

const TITLE_WORDS = /(报告|報告|汇报|匯報|总结|總結|情况|情況|工作要点|工作要點)/u;
const DATE_LINE = /^(\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日$/u;
/** A signing office, perhaps followed by its places in brackets: "籼岙经济开发区管理委员会（福建省粝江市）". */
const SIGNER_LINE = /(办事处|辦事處|人民政府|委员会|委員會|街道|镇|鎮|乡|鄉|局|办公室|辦公室|党工委|黨工委)(?:[（(][\u4e00-\u9fff]{2,20}[)）])?$/u;
const SENTENCE_END = /[。！？!?]/u;

export function headingLevel(line: string): number {
  return LEVELS.findIndex((re) => re.test(line));
}

/** Short, unpunctuated line: a heading rather than a paragraph. */
function isBareHeading(line: string): boolean {
  return line.length <= 60 && !SENTENCE_END.test(line.slice(0, -1)) && !/[。；;]$/u.test(line);
}

/** The first sentence of an item, when it is short enough to serve as its title. */
function leadTitle(line: string): string | null {
  const m = /^(.{4,40}?)[。；;]/u.exec(line);
  if (!m?.[1] || m[0].length >= line.length - 1) return null;
  return m[1];
}

function isTitle(line: string): boolean {
  return line.length <= 80 && TITLE_WORDS.test(line) && !/[。，,；;：:]/u.test(line) && headingLevel(line) < 0;
}

/** The signing office and its date run into one line ("辂川县人民政府2024年2月6日", one paragraph of a web page). */
const SIGNER_THEN_DATE = new RegExp(`^(?<signer>.{2,40}?${SIGNER_LINE.source.slice(0, -1)})\\s*(?<date>${DATE_LINE.source.slice(1, -1)})$`, 'u');

/** What a document may carry below its signature: who printed or copied it ("（…办公室2024年1月18日印发）", "抄送：…"). */
const IMPRINT = /^[（(][^）)]{0,60}(印发|公开发布|主动公开|依申请公开|联系人)[^）)]{0,30}[）)]$|^抄送[：:]|^(此件|本件)[^。]{0,12}公开/u;

/**
 * Trailing signature: the signing office and date, kept as metadata, not as paragraphs. An imprint below it stays a
 * paragraph of the body (it states the date issued), read past to find the signature.
 */
function splitSignature(lines: string[]): { body: string[]; signature: string[] } {
  let below = lines.length;
  while (below > 0 && IMPRINT.test((lines[below - 1] ?? '').trim())) below--;
  const { body, signature } = signatureOf(lines.slice(0, below));
  return { body: [...body, ...lines.slice(below)], signature };
}

function signatureOf(all: string[]): { body: string[]; signature: string[] } {
  const last = SIGNER_THEN_DATE.exec(all[all.length - 1] ?? '')?.groups;
  const lines = last?.signer && last.date && !SENTENCE_END.test(last.signer) ? [...all.slice(0, -1), last.signer, last.date] : all;
  let end = lines.length;
  const signature: string[] = [];
  while (end > 0 && signature.length < 3) {
    const line = lines[end - 1] ?? '';
    if (DATE_LINE.test(line) || (line.length <= 40 && SIGNER_LINE.test(line) && !SENTENCE_END.test(line) && headingLevel(line) < 0)) {
      signature.unshift(line);
      end--;
    } else break;
  }
  return { body: lines.slice(0, end), signature };
}

/** A Markdown heading ("## 3. 下一步打算"): its level (## outermost in a report, # being its title) and its words. */
const MARKDOWN_HEADING = /^(#{1,6})\s+(.+)$/u;

/**
 * A heading marked as such, whatever its numbering: Markdown's marks give its level (the items under "## 3. 2024年工作打算"
 * may be numbered "1." too); one in brackets ("【三、2024年工作安排】", "【存在的问题】") stands at its numbering's level,
 * without one at the outermost level the report has used (a report's parts, else its "一、").
 */
function markedHeading(line: string, outermost: number): { level: number; text: string } | null {
  const md = MARKDOWN_HEADING.exec(line);
  if (md?.[1] && md[2]) return { level: Math.min(Math.max(md[1].length - 2, 0), LEVELS.length - 1), text: md[2] };
  const bracketed = /^【([^】]{2,40})】$/u.exec(line)?.[1];
  if (!bracketed) return null;
  const level = headingLevel(bracketed);
  return { level: level >= 0 ? level : outermost, text: bracketed };
}

export function segment(lines: string[]): SegmentedReport {
  const first = lines[0] === undefined ? undefined : MARKDOWN_HEADING.exec(lines[0])?.[2] ?? lines[0];
  // A title on two lines, the issuer above "关于…的报告": "貉瓷经济技术开发区管理委员会" / "关于2017年度法治政府建设工作情况的报告".
  const second = lines[1];
  const twoLines = first !== undefined && second !== undefined && !isTitle(first) && isTitle(second) && /^关于/u.test(second)
    && first.length <= 40 && !/[。，,；;：:]/u.test(first) && headingLevel(first) < 0;
  const title = twoLines ? `${first}${second}` : first !== undefined && isTitle(first) ? first : null;
  const offset = twoLines ? 2 : title ? 1 : 0;
  const { body, signature } = splitSignature(lines.slice(offset));
  const path: (string | undefined)[] = [];
  const paragraphs: Segment[] = [];
  const current = () => path.filter((s): s is string => Boolean(s));
  // "第一部分" is outermost; most reports start at "一、".
  let outermost = 1;
  for (const [i, line] of body.entries()) {
    const level = headingLevel(line);
    if (level >= 0) outermost = Math.min(outermost, level);
    const marked = markedHeading(line, outermost);
    if (marked) {
      outermost = Math.min(outermost, marked.level);
      path.length = marked.level;
      path[marked.level] = marked.text;
      continue;
    }
    if (level >= 0 && isBareHeading(line)) {
      path.length = level;
      path[level] = line;
      continue;
    }
    if (level >= 0) {
      path.length = level;
      const lead = leadTitle(line);
      if (lead) path[level] = lead;
    }
    paragraphs.push({ section: current(), text: line, line: offset + i });
  }
  return { title, paragraphs, signature };
}

/**
 * Splits a long paragraph at sentence ends into chunks of about `max`
 * characters; a single sentence longer than that stays whole.
 */
export function chunkText(text: string, max = 360): string[] {
  if (text.length <= max * 1.25) return [text];
  const sentences = text.match(/[^。！？!?；;]+[。！？!?；;]*[”’」』)）]*|[。！？!?；;]+/gu) ?? [text];
  const chunks: string[] = [];
  let cur = '';
  for (const s of sentences) {
    if (cur && cur.length + s.length > max) {
      chunks.push(cur);
      cur = s;
    } else cur += s;
  }
  if (cur) {
    const last = chunks[chunks.length - 1];
    if (last !== undefined && cur.length < max / 4) chunks[chunks.length - 1] = last + cur;
    else chunks.push(cur);
  }
  return chunks;
}
