/**
 * Replies as plain WeChat text: no markdown, the answer with its [n] markers,
 * then short numbered sources; long replies split at sentence ends into
 * numbered parts. Pure functions, no I/O.
 */
import type { AnswerResult } from '../../src/answer/types.js';
import { toSimplified, toTraditional, type Script } from '../../src/ingest/script.js';
import type { Citation, ReportDocument } from '../../src/schema.js';

/** WeChat cuts text messages a little under this many characters. */
export const WECHAT_HARD_LIMIT = 2000;
/** Room kept in each part for its "(12/12) " number. */
export const PART_PREFIX_ROOM = 10;
/** A source line's section path is cut to this many characters. */
export const SECTION_CHARS = 30;
/** Sources listed when the answer carries no [n] marker. */
const UNMARKED_SOURCES = 3;

export const TEXT_ONLY_HINT = '目前只能回答文字问题，请把问题用文字发给我（例如：月亮岛街道2021年共调解矛盾纠纷多少件？）。发送“帮助”查看用法。';
export const RATE_LIMITED = '提问太频繁，请稍后再试。';
export const FAILED = '抱歉，暂时无法回答，请稍后再试。';
export const NO_ANSWER_YET = '还没有可查看来源的回答。请先提问，再发送“来源 1”查看第1条出处的原文。';
export const RESET_DONE = '好的，已清除本次对话的上下文，可以重新提问了。';
export const NO_REPORTS = '目前没有可查询的报告。';
export const MAX_QUESTION_CHARS = 500;
export const TOO_LONG = `问题太长了，请精简到${MAX_QUESTION_CHARS}字以内再问。`;

export function helpText(groupPrefix: string): string {
  return [
    '法治问答：根据各地法治政府建设年度报告回答问题，每个答案都注明出处，便于核对。',
    '· 私聊：直接发送问题，例如“月亮岛街道2021年共调解矛盾纠纷多少件？”',
    `· 群聊：@我 提问，或以“${groupPrefix}”开头，例如“${groupPrefix}址山镇2020年开展了哪些普法活动？”`,
    '· 追问：可以接着问“那成功率呢？”，沿用上一问的地方和年份。',
    '命令：',
    '帮助 — 本说明',
    '来源 1 — 上一个回答第1条出处的原文（数字换成其他编号亦可）',
    '报告列表 — 现有的报告',
    '重置 — 清除对话上下文，重新开始',
  ].join('\n');
}

/** Into the reader's script (the core answers in the script of the question). */
export function inScript(text: string, script: Script): string {
  return script === 'traditional' ? toTraditional(text) : toSimplified(text);
}

/** Cuts to at most `max` characters (code points), ending with … when cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** "月亮岛街道2021年报告": the place and the year, not the report's long title. */
export function shortTitle(c: Pick<Citation, 'locality' | 'year'>): string {
  return `${c.locality}${c.year !== null ? `${c.year}年` : ''}报告`;
}

export function sectionPath(section: readonly string[], max = SECTION_CHARS): string {
  return truncate(section.map((s) => s.trim()).filter(Boolean).join(' › '), max);
}

/** "[1] 月亮岛街道2021年报告 · 一、推进法治政府建设的主要措施及成效 › 4.规范调解行为…" */
export function sourceLine(c: Pick<Citation, 'n' | 'locality' | 'year' | 'section'>, script: Script = 'simplified'): string {
  const section = sectionPath(c.section.map((s) => inScript(s, script)));
  return `[${c.n}] ${inScript(shortTitle(c), script)}${section ? ` · ${section}` : ''}`;
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
 * The reply to a question: the answer, a blank line, the sources it cites
 * (the first few when it cites none by number). A refusal goes out as is.
 */
export function formatAnswer(result: Pick<AnswerResult, 'answered' | 'answer' | 'citations'>, script: Script = 'simplified'): string {
  const answer = result.answer.trim();
  if (!result.answered) return answer;
  const cited = citedNumbers(answer)
    .map((n) => result.citations.find((c) => c.n === n))
    .filter((c): c is Citation => c !== undefined);
  const sources = cited.length ? cited : result.citations.slice(0, UNMARKED_SOURCES);
  return sources.length ? `${answer}\n\n${sources.map((c) => sourceLine(c, script)).join('\n')}` : answer;
}

/** `来源 n`: the cited paragraph in full, in the report's own words, with its title and section. */
export function formatSource(c: Pick<Citation, 'n' | 'title' | 'section' | 'text'>): string {
  const section = c.section.map((s) => s.trim()).filter(Boolean).join(' › ');
  return [`来源[${c.n}]：${c.title}`, ...(section ? [`章节：${section}`] : []), '原文：', c.text.trim()].join('\n');
}

export function formatReportList(documents: readonly Pick<ReportDocument, 'locality' | 'year' | 'title'>[]): string {
  if (!documents.length) return NO_REPORTS;
  const sorted = [...documents].sort((a, b) => a.locality.localeCompare(b.locality, 'zh-CN') || (a.year ?? 0) - (b.year ?? 0));
  const lines = sorted.map((d, i) => `${i + 1}. ${d.locality} ${d.year !== null ? `${d.year}年` : '年份不详'} · ${d.title}`);
  return [`现有报告（${documents.length} 份）：`, ...lines].join('\n');
}

const SENTENCE_ENDS = new Set(['。', '！', '？', '!', '?', '\n']);
/** Closing marks that stay with the sentence they close. */
const CLOSERS = new Set(['”', '’', '"', '\'', '）', ')', '」', '』', '》', '】', '。', '！', '？', '!', '?']);
const SOFT_BREAKS = new Set(['，', ',', '；', ';', '、', '：', ':', ' ']);

/** Sentences with their ending marks (and closing quotes); joined they give back the text. */
export function sentences(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (!SENTENCE_ENDS.has(ch)) continue;
    let end = i + 1;
    if (ch !== '\n') while (end < text.length && CLOSERS.has(text[end]!)) end++;
    out.push(text.slice(start, end));
    start = end;
    i = end - 1;
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

/** Where to cut a run of text longer than `max`: after a comma-like mark if one is in the second half, never inside a surrogate pair or a [n] marker. */
function cutPoint(text: string, max: number): number {
  let cut = max;
  for (let i = max - 1; i >= Math.floor(max / 2); i--) {
    if (SOFT_BREAKS.has(text[i]!)) {
      cut = i + 1;
      break;
    }
  }
  const open = text.lastIndexOf('[', cut - 1);
  const marker = open > 0 ? /^\[\d{1,3}\]/u.exec(text.slice(open)) : null;
  if (marker && open + marker[0].length > cut) cut = open;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return Math.max(1, cut);
}

/**
 * Cuts a text into pieces of at most `max` characters, at sentence ends where
 * possible, without losing or changing a character: joined, the pieces give
 * back the text.
 */
export function splitReply(text: string, max: number): string[] {
  if (max < 1) throw new RangeError('max must be at least 1');
  const parts: string[] = [];
  let current = '';
  const flush = () => {
    if (current) parts.push(current);
    current = '';
  };
  for (const sentence of sentences(text)) {
    if (current.length + sentence.length <= max) {
      current += sentence;
      continue;
    }
    flush();
    let rest = sentence;
    while (rest.length > max) {
      const cut = cutPoint(rest, max);
      parts.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    current = rest;
  }
  flush();
  return parts;
}

/** "(1/3) …", "(2/3) …": the parts of one reply, numbered. */
export function numberParts(parts: readonly string[]): string[] {
  return parts.map((p, i) => `(${i + 1}/${parts.length}) ${p}`);
}

/** The messages that carry one reply: the reply itself when short enough, else numbered parts each within `maxChars`. */
export function toMessages(text: string, maxChars: number): string[] {
  const limit = Math.min(maxChars, WECHAT_HARD_LIMIT - PART_PREFIX_ROOM);
  if (!text) return [];
  if (text.length <= limit) return [text];
  return numberParts(splitReply(text, Math.max(1, limit - PART_PREFIX_ROOM)));
}
