/**
 * The guard every LLM answer must pass before it is shown: its citation
 * markers must name given paragraphs, and every figure, amount of money,
 * phone number, URL and email address it states must be written in a
 * paragraph it cites. Pure functions, no I/O.
 */
import type { Citation } from '../schema.js';

/** Which check an answer failed: clients are told only this, the reason goes to the log. */
export type GuardCheck = 'empty' | 'citation' | 'figure' | 'money' | 'contact';

export type GuardResult = { ok: true } | { ok: false; reason: string; check: GuardCheck };

/** A streamed prefix: shown now, held until more text comes, or rejected whatever follows. */
export type PrefixVerdict = { verdict: 'accept' } | { verdict: 'wait' } | { verdict: 'reject'; reason: string; check: GuardCheck };

/* ------------------------------------------------------------------ text */

/**
 * Traditional forms of the characters that matter next to a figure (units,
 * magnitudes, 余/多), so that `30餘份` and `30余份` compare equal.
 */
const UNIT_VARIANTS: Record<string, string> = {
  個: '个', 餘: '余', 萬: '万', 億: '亿', 項: '项', 條: '条', 場: '场', 張: '张', 處: '处',
  筆: '笔', 輛: '辆', 戶: '户', 歲: '岁', 類: '类', 種: '种', 屆: '届', 間: '间', 輪: '轮',
  節: '节', 冊: '册', 級: '级', 組: '组', 隊: '队', 畝: '亩', 臺: '台', 時: '时', 鐘: '钟',
  頃: '顷', 點: '点', 週: '周', 門: '门', 棟: '栋', 區: '区', 單: '单', 劃: '划', 裡: '里',
};
const UNIT_VARIANT_RE = new RegExp(`[${Object.keys(UNIT_VARIANTS).join('')}]`, 'g');

/** Thousands separators between digit groups: `1,234,567` → `1234567`. */
const DIGIT_GROUP_RE = /(\d),(?=\d{3}(?!\d))/g;
/** Space between a number and its unit or %: `691 件` → `691件`. */
const NUMBER_UNIT_SPACE_RE = /(\d)[ \t\u00a0]+(?=[%‰\p{Script=Han}])/gu;

/** NFKC, unit variants folded, digit groups joined: the form figures are compared in. */
function normaliseForFigures(text: string): string {
  return text
    .normalize('NFKC')
    .replace(UNIT_VARIANT_RE, (ch) => UNIT_VARIANTS[ch] ?? ch)
    .replace(DIGIT_GROUP_RE, '$1')
    .replace(NUMBER_UNIT_SPACE_RE, '$1');
}

/* --------------------------------------------------------------- markers */

/**
 * A citation marker on NFKC text: `[1]`, `[1,2]`, `[1、2]`, `[1;2]`, `[1-3]`,
 * and `【1】`. Full-width `［１］`, `，`, `；`, `～` become ASCII under NFKC.
 */
const MARKER_RE = /[[【]\s*(\d{1,4}(?:\s*(?:[,、;/]|[-–—~])\s*\d{1,4})*)\s*[\]】]/g;

function parseMarker(inner: string): number[] {
  const out: number[] = [];
  const parts = inner.split(/\s*[,、;/]\s*/);
  for (const part of parts) {
    const range = /^(\d+)\s*[-–—~]\s*(\d+)$/.exec(part);
    if (range) {
      const a = Number(range[1]);
      const b = Number(range[2]);
      if (b >= a && b - a <= 50) {
        for (let i = a; i <= b; i++) out.push(i);
      } else {
        out.push(a, b);
      }
    } else if (part.trim() !== '') {
      out.push(Number(part.trim()));
    }
  }
  return out;
}

/** The citation numbers an answer uses, each once, in order of first use. */
export function citedNumbers(text: string): number[] {
  const seen = new Set<number>();
  for (const m of text.normalize('NFKC').matchAll(MARKER_RE)) {
    for (const n of parseMarker(m[1] ?? '')) seen.add(n);
  }
  return [...seen];
}

/* --------------------------------------------------------------- figures */

/** What may follow a number and belongs to the figure: %, 余/多, a magnitude, a unit. */
const SUFFIX_RE = new RegExp(
  '(?:[%‰]|[余多]?[十百千万亿]*[余多]?(?:' +
    [
      '个百分点', '百分点', '平方公里', '平方米', '公里', '公顷', '千米', '小时', '分钟', '人次', '件次', '户次',
      '[件个名人次份项条家所起宗户位场批篇部套台辆元亩天日月年周岁倍类种期届支座处张笔例栋间轮款节章本册级组队门单]',
    ].join('|') +
    ')|[余多]?[十百千万亿]+[余多]?)',
  'y',
);

/** A number: digits, optionally a decimal part; not glued to other digits or a decimal point. */
const NUMBER_RE = /(?<![\d.])\d+(?:\.\d+)?(?!\d)/g;

/** List enumerators (`1.`, `2、` at a line start, `(3)`) are structure, not figures. */
const ENUMERATOR_RE = /(^|\n)([ \t]*)\d{1,2}(?=[.、)](?!\d))|\(\d{1,2}\)/g;

const YEAR_RANGE_AFTER_RE = /^\s*[-–—~至到]\s*\d{4}/;
const YEAR_RANGE_BEFORE_RE = /\d{4}\s*[-–—~至到]\s*$/;

interface Figure {
  /** As shown in reasons and returned by extractFigures: number and unit, normalised. */
  text: string;
  /** The digits: `1234`, `98.9`. */
  number: string;
  /** What follows the number: `件`, `%`, `余份`, or ''. */
  suffix: string;
  /** A calendar year (`2021年`, or one end of `2021-2025年`). */
  year: boolean;
}

/** Figures in text already normalised (and with markers taken out). */
function figuresIn(normalised: string): Figure[] {
  const text = normalised.replace(ENUMERATOR_RE, (m, start?: string, space?: string) =>
    start !== undefined ? `${start}${space ?? ''}` : ' ',
  );
  const out: Figure[] = [];
  for (const m of text.matchAll(NUMBER_RE)) {
    const number = m[0];
    const end = (m.index ?? 0) + number.length;
    SUFFIX_RE.lastIndex = end;
    const suffix = SUFFIX_RE.exec(text)?.[0] ?? '';
    const value = Number(number);
    const year =
      /^\d{4}$/.test(number) &&
      value >= 1900 &&
      value <= 2100 &&
      (suffix.startsWith('年') ||
        YEAR_RANGE_AFTER_RE.test(text.slice(end)) ||
        YEAR_RANGE_BEFORE_RE.test(text.slice(0, m.index ?? 0)));
    out.push({ text: number + suffix, number, suffix, year });
  }
  return out;
}

/**
 * Every figure in a text — a number with its unit or % if it has one
 * (`691件`, `98.9%`, `30余份`, `89709`, `2021年`) — NFKC-normalised with digit
 * groups joined (`1,234人` → `1234人`), in order of appearance. Citation
 * markers and list enumerators are not figures; Chinese-digit figures are not
 * looked for.
 */
export function extractFigures(text: string): string[] {
  const withoutMarkers = text.normalize('NFKC').replace(MARKER_RE, ' ');
  return figuresIn(normaliseForFigures(withoutMarkers)).map((f) => f.text);
}

/** Whether `number` occurs in the normalised paragraph as a whole number followed by `suffix`. */
function occursIn(paragraph: string, number: string, suffix: string): boolean {
  let from = 0;
  for (;;) {
    const at = paragraph.indexOf(number, from);
    if (at < 0) return false;
    from = at + 1;
    const before = paragraph.slice(Math.max(0, at - 2), at);
    if (/\d$/.test(before) || /\d\.$/.test(before)) continue;
    const after = paragraph.slice(at + number.length);
    if (/^\d/.test(after) || /^\.\d/.test(after)) continue;
    if (after.trimStart().startsWith(suffix)) return true;
  }
}

/* --------------------------------------------------------------- refusal */

const REFUSAL_PHRASE =
  '(?:未找到|未能找到|没有找到|沒有找到|无法回答|無法回答|不能回答|无法确定|無法確定|' +
  '(?:没有|沒有|无|無|未见|未見|未包含|不包含|未涉及)(?:相关|相關)?(?:的)?(?:信息|資訊|资讯|訊息|内容|內容|数据|數據|资料|資料|记载|記載)|' +
  '未提及|没有提及|沒有提及|未提到|没有提到|沒有提到|未涉及)';
const REFUSAL_LEAD =
  '(?:(?:抱歉|对不起|對不起|很抱歉)[,，。!！]?\\s*)?' +
  '(?:(?:根据|根據|依据|依據|按照)?\\s*(?:所给|所給|所提供|提供|给定|給定|以上|上述|现有|現有)?(?:的)?(?:编号)?(?:段落|材料|资料|資料|内容|內容|报告|報告)(?:中)?[,，:：]?\\s*)?' +
  '(?:均|都|并|並|尚|暂|暫)?';
const REFUSAL_START_RE = new RegExp(`^\\s*${REFUSAL_LEAD}${REFUSAL_PHRASE}`);
const REFUSAL_ANYWHERE_RE = new RegExp(REFUSAL_PHRASE);

/**
 * Whether the model says the paragraphs do not answer the question:
 * 未找到 / 无法回答 / 没有相关信息 / 未提及 (and their traditional forms),
 * at the start of the answer (after a lead-in such as 根据所给段落，) or as
 * the whole answer.
 */
export function refusedByModel(text: string): boolean {
  const t = text
    .normalize('NFKC')
    .replace(MARKER_RE, '')
    .replace(/^[\s*#>"'“”「」『』]+/, '')
    .trim();
  if (t === '') return false;
  if (REFUSAL_START_RE.test(t)) return true;
  // The whole answer is one short refusal sentence, e.g. "段落中未提及该数据。"
  const sentences = t.split(/(?<=[。!?\n])/).filter((s) => s.trim() !== '');
  return sentences.length === 1 && t.length <= 40 && REFUSAL_ANYWHERE_RE.test(t);
}

/* ------------------------------------------------ money, phones, addresses */

/** A URL (with a scheme, `www.`, or a bare domain under a common suffix). */
const URL_RE =
  /(?:https?:\/\/|www\.)[\w\-.~:/?#@$&*+=%]+|(?<![\w@.-])(?:[a-z0-9-]+\.)+(?:com|cn|net|org|gov|edu|info|io|top|xyz|cc|co|me|site|online|vip)(?![\w-])(?:\/[\w\-.~:/?#@$&*+=%]*)?/gi;
const EMAIL_RE = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+/gi;
/** Mainland phone numbers: mobiles, landlines with an area code, 400/800 lines; optionally +86. */
const PHONE_RE =
  /(?<![\d.])(?:\+?86[-\s]?)?(?:1[3-9]\d{9}|\(?0\d{2,3}\)?[-\s]?\d{7,8}|[48]00[-\s]?\d{3}[-\s]?\d{4})(?![\d.])/g;

const CHINESE_NUMERAL = '零〇一二两兩三四五六七八九十百千万亿';
const AMOUNT = `(?:\\d+(?:\\.\\d+)?|[${CHINESE_NUMERAL}]+)[余多]?[十百千万亿]*[余多]?`;
const CURRENCY_BEFORE = '(?:¥|\\$|人民币|人民幣|RMB|CNY|USD)';
const CURRENCY_AFTER = '(?:美元|欧元|歐元|港元|港币|港幣|日元|元|圆|圓)';
/**
 * An amount of money: a currency sign or name before the amount, or a
 * currency unit after it (`¥100万`, `人民币3000元`, `1.5亿元`, `两万元`).
 * `元` that starts a word (多元化, 元旦) is not money.
 */
const MONEY_RE = new RegExp(
  `${CURRENCY_BEFORE}\\s*(${AMOUNT})\\s*(${CURRENCY_AFTER})?|(${AMOUNT})\\s*(${CURRENCY_AFTER})(?![化素旦宵首])`,
  'gu',
);

function currencyOf(before: string, after: string | undefined): string {
  if (after) return after.replace(/[圆圓]/, '元').replace(/[歐]/, '欧').replace(/港[币幣]/, '港元');
  return /\$|USD/.test(before) ? '美元' : '元';
}

/** Amounts of money in normalised text, as `amount currency` (`100万 元`), so that `¥100万` equals `100万元`. */
function moneyIn(text: string): { text: string; key: string }[] {
  const out: { text: string; key: string }[] = [];
  for (const m of text.matchAll(MONEY_RE)) {
    const whole = m[0];
    if (m[1] !== undefined) out.push({ text: whole, key: `${m[1]} ${currencyOf(whole, m[2])}` });
    else if (m[3] !== undefined) out.push({ text: whole, key: `${m[3]} ${currencyOf('', m[4])}` });
  }
  return out;
}

const phoneDigits = (phone: string): string => phone.replace(/\D/g, '').replace(/^86(?=1\d{10}$|0\d{9,11}$)/, '');
/** An address as compared: lower case, no scheme, no trailing punctuation (`https://WWW.x.cn/.` → `www.x.cn`). */
const trimAddress = (address: string): string => address.toLowerCase().replace(/^https?:\/\//, '').replace(/[.,:;!?/]+$/, '');

/* ----------------------------------------------------------------- guard */

const PLACEHOLDER_RE = /\uE000(\d+)\uE001/g;
const ADDRESS_PLACEHOLDER_RE = /\uE002(\d+)\uE003/g;

/** A failed check; `curable` when more text could still make the answer pass (a streamed prefix waits then). */
type Failure = { reason: string; check: GuardCheck; curable: boolean };

function inspect(answer: string, citations: Citation[]): Failure | null {
  const nfkc = answer.normalize('NFKC');
  if (nfkc.trim() === '') return { reason: 'empty answer', check: 'empty', curable: true };

  const byNumber = new Map<number, Citation>();
  for (const c of citations) byNumber.set(c.n, c);
  const numbers = [...byNumber.keys()].sort((a, b) => a - b);
  const validRange =
    numbers.length === 0
      ? 'no paragraphs were given'
      : numbers.every((n, i) => n === i + 1)
        ? `1..${numbers.length}`
        : numbers.join(', ');

  // Emails and URLs → placeholders first (a URL may hold `?`, `;` or a `[1]`), then markers → placeholders,
  // so that sentence splitting cannot cut through either.
  const addresses: string[] = [];
  const withAddresses = nfkc
    .replace(EMAIL_RE, (email) => `\uE002${addresses.push(email) - 1}\uE003`)
    .replace(URL_RE, (url) => `\uE002${addresses.push(url) - 1}\uE003`);
  const markers: number[][] = [];
  const withPlaceholders = withAddresses.replace(MARKER_RE, (_whole: string, inner: string) => {
    markers.push(parseMarker(inner));
    return `\uE000${markers.length - 1}\uE001`;
  });

  for (const numbers of markers) {
    for (const n of numbers) {
      if (!byNumber.has(n)) {
        return { reason: `citation [${n}] does not refer to a given paragraph (${validRange})`, check: 'citation', curable: false };
      }
    }
  }

  const allCited = [...new Set(markers.flat())];
  const refused = refusedByModel(answer);
  if (allCited.length === 0 && !refused) {
    return { reason: 'no citation marker in the answer', check: 'citation', curable: true };
  }

  // Sentences, with markers that open a sentence (`…691件。[1]`) given back to the one before.
  const sentences: string[] = [];
  for (const piece of withPlaceholders.split(/(?<=[。!?;\n])/)) {
    const lead = /^(\s*(?:\uE000\d+\uE001\s*)+)/.exec(piece);
    const leading = lead?.[1];
    if (leading !== undefined && sentences.length > 0) {
      sentences[sentences.length - 1] = `${sentences[sentences.length - 1] ?? ''}${leading}`;
      sentences.push(piece.slice(leading.length));
    } else {
      sentences.push(piece);
    }
  }

  const paragraphCache = new Map<number, string[]>();
  const normalisedParagraphs = (n: number): string[] => {
    let cached = paragraphCache.get(n);
    if (!cached) {
      const c = byNumber.get(n);
      cached = c ? [...new Set([c.text, c.simplified, c.quote ?? ''])].filter((t) => t !== '').map(normaliseForFigures) : [];
      paragraphCache.set(n, cached);
    }
    return cached;
  };
  const reportYears = new Set(citations.map((c) => c.year).filter((y): y is number => y !== null));

  for (const sentence of sentences) {
    const own = [...new Set([...sentence.matchAll(PLACEHOLDER_RE)].flatMap((m) => markers[Number(m[1])] ?? []))];
    const cited = own.length > 0 ? own : allCited;
    // A sentence without its own marker is judged against every cited paragraph, a set later markers may widen.
    const curable = own.length === 0;
    const where = cited.length > 0 ? `[${cited.join(', ')}]` : '(none cited)';
    const paragraphs = cited.flatMap((n) => normalisedParagraphs(n));

    for (const m of sentence.matchAll(ADDRESS_PLACEHOLDER_RE)) {
      const address = addresses[Number(m[1])] ?? '';
      const wanted = trimAddress(address);
      if (!paragraphs.some((p) => p.toLowerCase().includes(wanted))) {
        return { reason: `${address.includes('@') ? 'email' : 'URL'} ${address} not in the cited paragraphs ${where}`, check: 'contact', curable };
      }
    }
    let body = sentence.replace(PLACEHOLDER_RE, ' ').replace(ADDRESS_PLACEHOLDER_RE, ' ');
    if (refused) {
      // A clause saying what was not found states no fact.
      body = body
        .split(/(?<=[,:：])/)
        .filter((clause) => !REFUSAL_ANYWHERE_RE.test(clause))
        .join('');
    }
    body = normaliseForFigures(body);

    for (const phone of body.match(PHONE_RE) ?? []) {
      const digits = phoneDigits(phone);
      if (!paragraphs.some((p) => (p.match(PHONE_RE) ?? []).some((q) => phoneDigits(q) === digits))) {
        return { reason: `phone number ${phone.trim()} not in the cited paragraphs ${where}`, check: 'contact', curable };
      }
    }
    body = body.replace(PHONE_RE, ' ');

    for (const money of moneyIn(body)) {
      if (!paragraphs.some((p) => moneyIn(p).some((q) => q.key === money.key))) {
        return { reason: `amount ${money.text.trim()} not in the cited paragraphs ${where}`, check: 'money', curable };
      }
    }

    for (const figure of figuresIn(body)) {
      const inCited = cited.some((n) => normalisedParagraphs(n).some((p) => occursIn(p, figure.number, figure.suffix)));
      if (inCited) continue;
      if (figure.year) {
        const known =
          reportYears.has(Number(figure.number)) ||
          citations.some((c) => normalisedParagraphs(c.n).some((p) => occursIn(p, figure.number, '')));
        if (known) continue;
        return { reason: `year ${figure.text} not in the given paragraphs or the report year`, check: 'figure', curable: false };
      }
      return { reason: `figure ${figure.text} not in the cited paragraphs ${where}`, check: 'figure', curable };
    }
  }
  return null;
}

/**
 * Check an LLM answer against the paragraphs it was given.
 *
 * - Every citation marker must name a given citation (by its `n`, normally 1..citations.length).
 * - An answer that states anything (is not a refusal) must carry at least one marker.
 * - Every figure, amount of money, phone number, URL and email address must
 *   occur in the paragraphs its sentence cites (all cited paragraphs if the
 *   sentence has no marker); years such as `2021年` may instead occur in any
 *   given paragraph or be a report's year.
 */
export function guardAnswer(answer: string, citations: Citation[]): GuardResult {
  const failure = inspect(answer, citations);
  return failure ? { ok: false, reason: failure.reason, check: failure.check } : { ok: true };
}

/**
 * The verdict on a streamed prefix made of whole sentences: `accept` when it
 * passes the guard as it stands (more text can only widen what a sentence
 * without a marker may cite, so it still passes when the answer is whole);
 * `wait` when more text could still make it pass (no marker yet, a sentence
 * without its own marker, or what reads as a refusal, which is never shown);
 * `reject` when nothing that follows could.
 */
export function guardPrefix(prefix: string, citations: Citation[]): PrefixVerdict {
  if (refusedByModel(prefix)) return { verdict: 'wait' };
  const failure = inspect(prefix, citations);
  if (!failure) return { verdict: 'accept' };
  if (failure.curable) return { verdict: 'wait' };
  return { verdict: 'reject', reason: failure.reason, check: failure.check };
}
