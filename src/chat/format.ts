/**
 * Replies as chat text, the same for every chat channel (WeChat, the WeCom
 * app, the WeCom AI bot): the answer with its [n] markers, then under
 * "引用来源" only the sources the answer cites, each with the report's title,
 * its section and, from paged formats, its page. Pure functions, no I/O.
 */
import { MAX_QUESTION_CHARS } from '../limits.js';
import type { AnswerResult } from '../answer/types.js';
import { detectScript, toSimplified, toTraditional, type Script } from '../ingest/script.js';
import type { Citation, ReportDocument } from '../schema.js';

/** A source line's section path is cut to this many characters. */
export const SECTION_CHARS = 30;
/** A source line's report title is cut to this many characters. */
export const TITLE_CHARS = 40;

export const TEXT_ONLY_HINT = '目前只能回答文字问题，请把问题用文字发给我（例如：月亮岛街道2021年共调解矛盾纠纷多少件？）。发送“帮助”查看用法。';
export const RATE_LIMITED = '提问太频繁，请稍后再试。';
export const FAILED = '抱歉，暂时无法回答，请稍后再试。';
export const NO_ANSWER_YET = '还没有可查看来源的回答。请先提问，再发送“来源 1”查看第1条出处的原文。';
export const RESET_DONE = '好的，已清除本次对话的上下文，可以重新提问了。';
export const NO_REPORTS = '目前没有可查询的报告。';
export const SOURCES_HEADING = '引用来源：';
export const TOO_LONG = `问题太长了，请精简到${MAX_QUESTION_CHARS}字以内再问。`;

export interface HelpOptions {
  /** How to ask in a group, e.g. "@我 提问，或以“问：”开头"; absent where the channel has no groups. */
  group?: string;
  /** An example group question, shown after `group`. */
  groupExample?: string;
}

export function helpText(options: HelpOptions = {}): string {
  return [
    '法治问答：根据各地法治政府建设年度报告回答问题，每个答案都注明出处，便于核对。',
    '· 私聊：直接发送问题，例如“月亮岛街道2021年共调解矛盾纠纷多少件？”',
    ...(options.group ? [`· 群聊：${options.group}${options.groupExample ? `，例如“${options.groupExample}”` : ''}`] : []),
    '· 追问：可以接着问“那成功率呢？”，沿用上一问的地方和年份。',
    '命令：',
    '帮助 — 本说明',
    '来源 1 — 上一个回答第1条出处的原文（数字换成其他编号亦可）',
    '报告列表 — 现有的报告',
    '重置 — 清除对话上下文，重新开始',
  ].join('\n');
}

/**
 * Into the reader's script (the core answers in the script of the question). A simplified text stays as written:
 * conversion reads some simplified characters as variants ("翥袷" would become 翥夹).
 */
export function inScript(text: string, script: Script): string {
  if (script === 'traditional') return toTraditional(text);
  return detectScript(text) === 'traditional' ? toSimplified(text) : text;
}

/** Cuts to at most `max` characters (code points), ending with … when cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

export function sectionPath(section: readonly string[], max = SECTION_CHARS): string {
  // A cut that lands on a separator leaves "… › …": end at the heading before it instead.
  return truncate(section.map((s) => s.trim()).filter(Boolean).join(' › '), max).replace(/\s*›\s*…$/u, '…');
}

/** "第3页", "第3–4页" for a paragraph running onto the next page; nothing for formats without pages. */
const pageOf = (c: Pick<Citation, 'page' | 'pageEnd'>) => {
  if (c.page === undefined) return '';
  return c.pageEnd !== undefined && c.pageEnd > c.page ? `第${c.page}–${c.pageEnd}页` : `第${c.page}页`;
};

/**
 * "[1] 月亮岛街道2021年法治政府建设工作情况报告 · 一、推进法治政府建设的主要措施及成效 › 4.规范调解行为… · 第3页",
 * with "扫描件" when the paragraph was read by OCR, so the reader knows to check the original.
 */
export function sourceLine(c: Pick<Citation, 'n' | 'title' | 'section' | 'page' | 'pageEnd' | 'ocr'>, script: Script = 'simplified'): string {
  const parts = [
    truncate(inScript(c.title.trim(), script), TITLE_CHARS),
    sectionPath(c.section.map((s) => inScript(s, script))),
    inScript(pageOf(c), script),
    c.ocr ? inScript('扫描件', script) : '',
  ].filter(Boolean);
  return `[${c.n}] ${parts.join(' · ')}`;
}

/** The [n] markers of an answer, in order of first use. */
export function citedNumbers(answer: string): number[] {
  const seen: number[] = [];
  for (const m of answer.matchAll(/\[(\d{1,3})\]/gu)) {
    const n = Number(m[1]);
    if (!seen.includes(n)) seen.push(n);
  }
  return seen;
}

/**
 * The reply to a question: the answer, a blank line, "引用来源" and the
 * sources its [n] markers cite, in the order it cites them. Citations it
 * does not mark are left out; a refusal goes out as is.
 */
export function formatAnswer(result: Pick<AnswerResult, 'answered' | 'answer' | 'citations'>, script: Script = 'simplified'): string {
  const answer = result.answer.trim();
  if (!result.answered) return answer;
  const cited = citedNumbers(answer)
    .map((n) => result.citations.find((c) => c.n === n))
    .filter((c): c is Citation => c !== undefined);
  if (!cited.length) return answer;
  return `${answer}\n\n${inScript(SOURCES_HEADING, script)}\n${cited.map((c) => sourceLine(c, script)).join('\n')}`;
}

/** `来源 n`: the cited paragraph in full, in the report's own words, with its title, section and page. */
export function formatSource(c: Pick<Citation, 'n' | 'title' | 'section' | 'text' | 'page' | 'pageEnd'>): string {
  const section = c.section.map((s) => s.trim()).filter(Boolean).join(' › ');
  const page = pageOf(c);
  return [
    `来源[${c.n}]：${c.title}`,
    ...(section ? [`章节：${section}`] : []),
    ...(page ? [`页码：${page}`] : []),
    '原文：',
    c.text.trim(),
  ].join('\n');
}

export function formatReportList(documents: readonly Pick<ReportDocument, 'locality' | 'year' | 'title'>[]): string {
  if (!documents.length) return NO_REPORTS;
  const sorted = [...documents].sort((a, b) => a.locality.localeCompare(b.locality, 'zh-CN') || (a.year ?? 0) - (b.year ?? 0));
  const lines = sorted.map((d, i) => `${i + 1}. ${d.locality} ${d.year !== null ? `${d.year}年` : '年份不详'} · ${d.title}`);
  return [`现有报告（${documents.length} 份）：`, ...lines].join('\n');
}

/** What one missing `来源 n` says. */
export function noSuchSource(n: number, count: number): string {
  return count
    ? `上一个回答没有第${n}条来源（共${count}条，可发送“来源 1”到“来源 ${count}”）。`
    : '上一个回答没有引用来源。';
}
