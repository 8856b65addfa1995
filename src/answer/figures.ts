/**
 * Figures in a report's sentences: a number with its unit ("318件",
 * "128万元", "92%"), the words that say what it counts, and whether it is a
 * target (力争/计划/目标/拟/将…) or something done. Superlatives and
 * arithmetic compare and compute only figures whose units agree.
 */

export interface Figure {
  /** As written ("128万元", "1,200人次"). */
  text: string;
  value: number;
  /** The unit after the number, magnitude words included ("万元", "件", "%"). */
  unit: string;
  /** The figure's label: the words since the clause's start or the figure before ("调解矛盾纠纷", "、学校卫生"). */
  before: string;
  /** The figure stands under a target word in its clause. */
  target: boolean;
  index: number;
}

const UNIT = '(?:万亿|亿元|万元|千元|元|万亩|亩|平方米|公里|万人次|人次|户次|家次|件次|场次|余件|余人|余次|余场|余份|余个|件|起|宗|人|名|位|次|场|期|个|项|份|家|户|所|处|条|批|篇|天|日|小时|台|辆|套|万|亿|%|％|个百分点)';
const FIGURE = new RegExp(`(\\d+(?:[,，]\\d{3})*(?:\\.\\d+)?)\\s*(${UNIT})`, 'gu');
/** Words before a figure in its clause that make it a target. */
const TARGET_BEFORE = /(力争|计划|目标|拟|将|争取|确保|预计|预期|努力|提高到|提升到|扩充到|控制在|保持在|要)/u;
const CLAUSE_BREAK = /[，,；;。！？!?]/u;

export function magnitude(unit: string): number {
  if (unit.startsWith('万亿')) return 1e12;
  if (unit.startsWith('亿')) return 1e8;
  if (unit.startsWith('万')) return 1e4;
  if (unit.startsWith('千')) return 1e3;
  return 1;
}

/** The unit a figure counts in, magnitude aside: "万元" and "元" agree, "件" and "人" do not. */
export function baseUnit(unit: string): string {
  const u = unit.replace(/^(万亿|亿|万|千|余)/u, '').replace('％', '%');
  return u === '' ? '' : u;
}

/** Units that count the same things: people as 人/名/位, places as 个/处/所, firms as 家/户 (件 and 起 stay apart: on dev a 几起 question took a total counted in 件). */
const SAME_COUNT: string[][] = [['人', '名', '位'], ['个', '处', '所'], ['家', '户']];

/** Whether a figure's unit answers a question asking in a unit ("多少人" is answered by "172名", "多少场" by "52场次"). */
export function unitAnswers(unit: string, asked: string): boolean {
  const u = baseUnit(unit);
  if (!u) return false;
  if (u.startsWith(asked) || asked.startsWith(u)) return true;
  return SAME_COUNT.some((group) => group.includes(u[0] ?? '') && group.includes(asked[0] ?? '') && u.length === asked.length);
}

/** The figures of a sentence (simplified), in order. */
export function figuresOf(text: string): Figure[] {
  const out: Figure[] = [];
  for (const m of text.matchAll(FIGURE)) {
    const raw = (m[1] ?? '').replace(/[,，]/gu, '');
    const unit = m[2] ?? '';
    let start = m.index;
    while (start > 0 && !CLAUSE_BREAK.test(text[start - 1] ?? '')) start--;
    const previous = out[out.length - 1];
    if (previous && previous.index + previous.text.length > start) start = previous.index + previous.text.length;
    const before = text.slice(start, m.index).replace(/^[、和及与，,\s]+/u, '');
    // A year ("2023年") or a date is not a count.
    if (/^(19|20)\d{2}$/u.test(raw) && /^(年|月)/u.test(text.slice(m.index + (m[1] ?? '').length))) continue;
    out.push({
      text: m[0],
      value: Number(raw) * (unit === '%' || unit === '％' || unit === '个百分点' ? 1 : magnitude(unit)),
      unit,
      before,
      target: TARGET_BEFORE.test(before) || /^(以上|以内)/u.test(text.slice(m.index + m[0].length)),
      index: m.index,
    });
  }
  return out;
}

/** Shares of a phrase's character pairs found in a text: how well the words before a figure match a measure. */
export function pairMatch(phrase: string, text: string): number {
  if (phrase.length < 2) return phrase && text.includes(phrase) ? 1 : 0;
  let hit = 0;
  for (let i = 0; i + 1 < phrase.length; i++) if (text.includes(phrase.slice(i, i + 2))) hit++;
  return hit / (phrase.length - 1);
}

/** How well a figure's label and a measure name the same thing: either's character pairs found in the other. */
export function labelMatch(measure: string, label: string): number {
  return Math.max(pairMatch(measure, label), label.length >= 2 ? pairMatch(label, measure) : 0);
}

/**
 * The figure of a sentence that best answers a measure ("调解矛盾纠纷"): the
 * one whose own clause matches the measure best, achieved rather than target
 * unless a target is asked for.
 */
export function figureFor(text: string, measure: string, wantTarget: boolean): { figure: Figure; match: number } | null {
  let best: { figure: Figure; match: number } | null = null;
  for (const f of figuresOf(text)) {
    let match = labelMatch(measure, f.before);
    if (f.target !== wantTarget) match *= 0.5;
    if (!best || match > best.match) best = { figure: f, match };
  }
  return best;
}

/** Formats a computed value in the unit of the figures it came from ("151份", "1.5万元"). */
export function formatValue(value: number, unit: string): string {
  const m = unit === '%' || unit === '％' || unit === '个百分点' ? 1 : magnitude(unit);
  const v = value / m;
  const shown = Number.isInteger(v) ? String(v) : String(Number(v.toFixed(4)));
  return `${shown}${unit.replace(/^余/u, '')}`;
}
