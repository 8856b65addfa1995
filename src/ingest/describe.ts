/**
 * Describing a report: who issued it (a 街道办事处, a 镇人民政府, a county's
 * 司法局…), the place it is about and that place's level, the places above it,
 * the year it reports on, who signed it and when. Read from the report's own
 * words (title, signature, opening) through the places module; a sidecar file
 * may override any field.
 */
import { z } from 'zod';
import { bareProvinceAtEnd, filingProvince, placeMentions, PROVINCES, placeStem, readIssuer, readPlaces, levelOf, reportLabel, type Issuer, type Level, type Place } from '../place/places.js';
import { statedValue, type PageStatements } from './clean.js';
import { toSimplified } from './script.js';
import type { SegmentedReport } from './segment.js';

export const LevelSchema = z.enum(['province', 'city', 'county', 'zone', 'township', 'village']);

export const ReportMetaSchema = z.object({
  title: z.string().min(1),
  locality: z.string().min(1),
  region: z.string().min(1).nullable(),
  year: z.number().int().min(1949).max(2100).nullable(),
  signedBy: z.string().nullable(),
  signedAt: z.string().nullable(),
  issuer: z.string().min(1),
  level: LevelSchema.nullable(),
  chain: z.array(z.string()),
});
export type ReportMeta = z.infer<typeof ReportMetaSchema>;

/** The sidecar (`report.txt.meta.json`): any subset of the fields, strictly typed. */
export const SidecarSchema = ReportMetaSchema.partial().strict();

const CN_DIGIT: Record<string, string> = { '〇': '0', '○': '0', '零': '0', '一': '1', '二': '2', '三': '3', '四': '4', '五': '5', '六': '6', '七': '7', '八': '8', '九': '9' };
const DATE = /((?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})\s*年/u;
const SIGNED_TAIL = /(?:^|[。！\s])\s*([\u4e00-\u9fff]{2,40}?(?:人民政府|办事处|辦事處|管理委员会|管理委員會|管委会|管委會|局|委员会|委員會|委))?\s*((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*$/u;

function yearOf(text: string): number | null {
  const m = DATE.exec(text)?.[1];
  if (!m) return null;
  return Number([...m].map((c) => CN_DIGIT[c] ?? c).join(''));
}

/** A date alone on its line, perhaps in brackets ("（2025年1月10日）"). */
const TOP_DATE = /^[（(]?\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?\s*[）)]?$/u;

/** The year reported: the title's, else the body's own ("现将2023年…", the opening), else the year before the date signed. */
function findYear(title: string | null, opening: string, signedAt: string | null): number | null {
  const fromTitle = title ? /((?:19|20)\d{2})\s*年/u.exec(title) : null;
  if (fromTitle?.[1]) return Number(fromTitle[1]);
  const report = /现将\D{0,30}?((?:19|20)\d{2})\s*年/u.exec(opening);
  if (report?.[1]) return Number(report[1]);
  // Not a date ("（2025年1月10日）" under the issuer's name): that is when it was written, the year after the one reported.
  const first = /((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)/u.exec(opening.slice(0, 80));
  if (first?.[1]) return Number(first[1]);
  const signed = signedAt ? yearOf(signedAt) : null;
  return signed ? signed - 1 : null;
}

/** Where a report names its issuer, most telling first: the title, the signature, "现将…报告如下", the opening words. */
function issuerSources(title: string, signature: string[], opening: string): string[] {
  const out = [title];
  for (const line of signature) if (!/^中共/u.test(line)) out.push(line);
  const stated = /现将([\u4e00-\u9fff]{2,30}?)(?:(?:19|20)\d{2}|[^\u4e00-\u9fff])/u.exec(opening);
  if (stated?.[1]) out.push(stated[1]);
  for (const m of opening.matchAll(/(?:^|[，,。\s])((?:(?:19|20)\d{2}年(?:度|以来)?[，,]?)?[\u4e00-\u9fff]{2,30})/gu)) {
    out.push(m[1]?.replace(/^(?:19|20)\d{2}年(?:度|以来)?[，,]?/u, '') ?? '');
  }
  return out.filter(Boolean);
}

/**
 * What a report says its place belongs to, right after its name or its office's ("（隶属江西省鲂州市鲈湖区）",
 * "街道办事处（隶属湖南省…）"), or the places alone in brackets there ("管理委员会（盂泽县）").
 */
const BELONGS = /^(?:街道)?(?:办事处|人民政府|管理委员会|管委会)?(?:[（(]?(?:隶属于?|地处|位于)([\u4e00-\u9fff]{2,24}?)(?=[）)，,。；]|$)|[（(]([\u4e00-\u9fff]{2,24})[）)])/u;

/**
 * The places above a locality as the report writes them before its name
 * ("湖南省长沙市望城区全胜镇"), or says it belongs to right after it
 * ("鳙溪街道（隶属江西省鲂州市鲈湖区）", "…管理委员会（盂泽县）"): the longest run that reads wholly as places.
 */
function chainBefore(locality: string, texts: string[]): string[] {
  let best: string[] = [];
  const above = (places: Place[]) => places.length > best.length && places.every((p) => p.level !== 'township' && p.level !== 'village');
  for (const text of texts) {
    for (let at = text.indexOf(locality); at >= 0; at = text.indexOf(locality, at + 1)) {
      const belongs = BELONGS.exec(text.slice(at + locality.length, at + locality.length + 36));
      const after = belongs?.[1] ?? belongs?.[2];
      const stated = after ? readPlaces(after) : null;
      if (stated && stated.rest === '' && above(stated.places)) best = stated.places.map((p) => p.name);
      const before = text.slice(Math.max(0, at - 24), at);
      // "安徽翮江高新技术产业开发区管理委员会": a province written without its level, right before the name.
      const province = best.length ? null : bareProvinceAtEnd(before);
      if (province) best = [province];
      for (let start = 0; start < before.length - 1; start++) {
        // "我局在陔北省…", "位于骧鹄省…": a word before the places is not the start of their name.
        if (/[在的是对于属处]/u.test(before[start] ?? '')) continue;
        const { places, rest } = readPlaces(before.slice(start));
        if (rest === '' && above(places)) {
          best = places.map((p) => p.name);
          break;
        }
      }
    }
  }
  return best;
}

// A zone sits under a city or a county, and a township may sit under it.
const RANK: Record<Level, number> = { province: 0, city: 1, county: 2, zone: 2.5, township: 3, village: 4 };

/** The body a report is addressed to, on a line of its own at the top ("蒲岭县人民政府："): it sits above the issuer. */
function addressee(lines: string[]): Place[] {
  for (const line of lines) {
    for (const body of addressedTo(line)) {
      const read = readPlaces(body);
      if (read.body && read.places.length) return read.places;
    }
  }
  return [];
}

/**
 * The bodies a line addresses the report to: a line of its own at the top ("蒲岭县人民政府：", "矜豺市退役军人事务局、
 * 貘瓴县委依法治县办：") or one labelled ("报送对象：甍袤区全面依法治区委员会办公室"). None for any other line.
 */
export function addressedTo(line: string): string[] {
  const t = line.trim();
  const m = /^([\u4e00-\u9fff、]{3,60})[:：]$/u.exec(t) ?? /(?:报送对象|主送机关|主送单位|主送)[:：]\s*([\u4e00-\u9fff、]{3,60})/u.exec(t);
  // "区委、区政府：": a party committee is a body of two characters.
  return m?.[1] ? m[1].split('、').filter((b) => b.length >= 2) : [];
}

/** Places in brackets after a signing office's name: "籼岙经济开发区管理委员会（福建省粝江市）". */
const BRACKETED_PLACES = /(?<=[\u4e00-\u9fff])[（(]([\u4e00-\u9fff]{4,30})[)）]$/u;

/** A line of places alone at the end, as under a signer's name ("（内蒙古自治区蔚勒盟蒿特尔旗）"), or in brackets after it. */
function signedPlaces(signature: string[]): Place[] {
  for (const line of signature) {
    // the line alone, or the places in brackets after the signing office ("…管理委员会（福建省粝江市）")
    for (const m of [/^[（(]?([\u4e00-\u9fff]{4,30})[)）]?$/u.exec(line.trim()), BRACKETED_PLACES.exec(line.trim())]) {
      const read = m?.[1] ? readPlaces(m[1]) : null;
      if (read && !read.body && read.rest === '' && read.places.length >= 2) return read.places;
    }
  }
  return [];
}

/** The places named where a pattern's first group matches in the opening, with their levels. */
function placesWhere(opening: string, pattern: RegExp): Place[] {
  return [...opening.matchAll(pattern)].flatMap((m) => placeMentions(m[1] ?? '').map(({ name }) => ({ name, level: levelOf(name) })));
}

/** The places that lead or guide the issuer, as the opening states them: "在蒲岭县委、县政府的坚强领导下", "在XX省公安厅、XX市公安局…的领导下". */
const leaders = (opening: string): Place[] => placesWhere(opening, /在([^。；]{2,100}?)(?:领导|指导)下/gu);

/** Where the opening says the place lies: "骊鹇街道位于骧鹄省蟠骐市骢蛟区东部". */
const situation = (opening: string): Place[] => [...opening.matchAll(/位于([^。；，,]{2,40})/gu)].flatMap((m) => readPlaces(m[1] ?? '').places);

/**
 * The provinces and cities whose deployments the opening says it carries out: "认真落实朔垣自治区、乌柃盟关于…的部署要求",
 * "全面落实《镡江省法治政府建设实施方案》", "落实党中央…的决策部署和河北省、穠城市关于…的工作要求". Read last, they only fill
 * levels nothing else states.
 */
const deployers = (opening: string): Place[] =>
  [...placesWhere(opening, /(?:落实|贯彻|按照|根据)([^。；，,]{2,80}?)(?:部署|要求|方案|精神)/gu), ...placesWhere(opening, /([^。；，,]{2,30}?)关于[^。；，,]{0,40}?(?:部署|要求|方案|精神)/gu)]
    .filter((p) => p.level === 'province' || p.level === 'city');

/**
 * The chain above a locality from every place the report states above it, most
 * telling first (the issuer's own name, places written before the locality, the
 * addressee, the leading bodies): one place per level, outermost first. A place of
 * the locality's own level counts only for a 市 under a 市 (a county-level city).
 */
function mergeChain(locality: Place, candidates: Place[]): Place[] {
  const own = RANK[locality.level];
  const stem = placeStem(locality.name);
  const byRank = new Map<number, Place>();
  for (const p of candidates) {
    const rank = RANK[p.level];
    // The locality itself written another way ("西营门街道" for 西营门街) is not above it; a city it is named after is.
    if (p.name === locality.name || (placeStem(p.name) === stem && rank === own) || byRank.has(rank)) continue;
    if (rank > own || (rank === own && !(locality.level === 'city' && /市$/u.test(p.name)))) continue;
    byRank.set(rank, p);
  }
  const chain: Place[] = [];
  for (const p of [...byRank.entries()].sort((a, b) => a[0] - b[0]).map(([, place]) => place)) chain.push({ name: p.name, level: levelOf(p.name, chain) });
  return chain;
}

/**
 * A city bureau's branch ("XX市公安局瑶湾分局") serves the place its name gives, when
 * the report names that place ("瑶湾区委"); the bureau's city is then the place above it.
 */
function branchPlace(body: string | null, texts: string[]): Place | null {
  const branch = body ? /局([\u4e00-\u9fff]{2,6}?)分局$/u.exec(body)?.[1] : undefined;
  if (!branch) return null;
  for (const text of texts) {
    for (const { name } of placeMentions(text)) {
      const level = levelOf(name);
      if (placeStem(name) === branch && (level === 'county' || level === 'zone' || level === 'township')) return { name, level };
    }
  }
  return null;
}

/** A place named most often in the report's prominent lines: the fallback when no line reads as an issuer. */
function votedLocality(weighted: [string, number][]): string | null {
  const score = new Map<string, number>();
  for (const [text, weight] of weighted) {
    for (const { name } of placeMentions(text)) {
      const level = levelOf(name);
      if (level === 'township' || level === 'county' || level === 'zone') score.set(name, (score.get(name) ?? 0) + weight);
    }
  }
  // "西营门街" and "西营门街道" are one place: the longer spelling collects the shorter's votes.
  for (const [name, s] of [...score]) for (const other of score.keys()) if (other !== name && other.startsWith(name)) score.set(other, (score.get(other) ?? 0) + s);
  let best: string | null = null;
  for (const [name, s] of score) if (best === null || s > (score.get(best) ?? 0)) best = name;
  return best;
}

/**
 * "磴州碛桦经济技术开发区" under 磴州市: a place written after the name of a place above it, that one's suffix left out,
 * is the place itself. Not when what is left has no name of its own ("苏州工业园区", "长沙经济技术开发区").
 */
function withoutCityStem(name: string, chain: Place[]): string {
  for (const p of chain) {
    const stem = placeStem(p.name);
    if (stem === p.name || !name.startsWith(stem) || name.startsWith(p.name)) continue;
    const rest = name.slice(stem.length);
    if (placeStem(rest) !== rest && placeStem(rest).length >= 2) return rest;
  }
  return name;
}

/**
 * "炘州燊江高新技术产业开发区" in the title, "燊江高新区管委会" in the text: a zone's name led by two characters the text
 * leaves out is led by its city, written without 市 (a province so written is read by bareProvinceAtEnd).
 */
function bareCityBefore(locality: Place | undefined, body: string): Place[] {
  if (locality?.level !== 'zone') return [];
  const stem = placeStem(locality.name);
  const [city, rest] = [stem.slice(0, 2), stem.slice(2)];
  if (rest.length < 2 || PROVINCES.includes(city) || body.includes(stem)) return [];
  return new RegExp(`${rest}(高新|经济|开发|经开|工业|园区|管委)`, 'u').test(body) ? [{ name: `${city}市`, level: 'city' }] : [];
}

/**
 * "安徽耦罂耨罅经济开发区管理委员会" in the title, signed "耨罅经济开发区管理委员会": what the title writes before the name the
 * report is signed with is places above it (a province and a county, their suffixes left out), not the name.
 */
function signedAs(issuer: string, locality: string, signed: string | null): { issuer: string; locality: string } {
  if (!signed || signed.length >= issuer.length || !issuer.endsWith(signed)) return { issuer, locality };
  const before = issuer.slice(0, issuer.length - signed.length);
  // The locality may hold only the last of those places ("魄陵骼峪经济开发区" of "山东魄陵骼峪…"): what follows them.
  let rest = '';
  for (let k = Math.min(before.length, locality.length - 1); k > 0 && !rest; k--) if (before.endsWith(locality.slice(0, k))) rest = locality.slice(k);
  return placeStem(rest) !== rest && placeStem(rest).length >= 2 ? { issuer: signed, locality: rest } : { issuer, locality };
}

/** The places a site's address starts with ("地址：湖南省赙阳市赜水瑶族自治县瑶都大道88号" → 湖南省, 赙阳市, 赜水瑶族自治县). */
function addressPlaces(address: string | null): Place[] {
  return address ? readPlaces(toSimplified(statedValue(address))).places : [];
}

/** The province a site's filing number names ("赣ICP备…号"): the least telling of all, a site may be filed elsewhere. */
function filedIn(filing: string | null): Place[] {
  const province = filing ? filingProvince(toSimplified(filing)) : null;
  return province ? [{ name: province, level: 'province' }] : [];
}

export function describe(seg: SegmentedReport, fileStem: string, page: Pick<PageStatements, 'address' | 'filing'> = { address: null, filing: null }): ReportMeta {
  const { address, filing } = page;
  const title = seg.title;
  const simplifiedTitle = title ? toSimplified(title) : '';
  const opening = toSimplified(seg.paragraphs.slice(0, 2).map((p) => p.text).join('\n'));
  // The bodies that lead the issuer and whose plans it carries out may be written a paragraph later (after a source line).
  const leading = toSimplified(seg.paragraphs.slice(0, 3).map((p) => p.text).join('\n'));
  const dateLine = seg.signature.find((l) => DATE.test(l) && /月/u.test(l)) ?? null;
  // A report on one line ends with its signature inside the last paragraph: "…的报告。XX局 2024年1月22日".
  const tail = dateLine ? null : SIGNED_TAIL.exec(seg.paragraphs[seg.paragraphs.length - 1]?.text ?? '');
  // …or a date of its own line at the top, under the title or the issuer ("（2025年1月10日）").
  const topDate = seg.paragraphs.slice(0, 3).map((p) => p.text.trim()).find((t) => TOP_DATE.test(t))?.replace(/^[（(]\s*|\s*[）)]$/gu, '');
  const signedAt = dateLine ?? tail?.[2] ?? topDate ?? null;
  const signedBy = seg.signature.find((l) => l !== dateLine) ?? tail?.[1] ?? null;
  const body = toSimplified(seg.paragraphs.map((p) => p.text).join('\n'));
  const signature = [...seg.signature, ...(tail?.[1] ? [tail[1]] : [])].map(toSimplified);

  const read = issuerSources(simplifiedTitle, signature, opening).map(readIssuer).filter((i): i is Issuer => i !== null);
  let found = read[0] ?? null;
  if (!found) {
    const voted = votedLocality([[simplifiedTitle, 5], [signature.join('\n'), 4], [opening, 2], [body, 0.1]]);
    if (voted) found = { issuer: voted, locality: { name: voted, level: levelOf(voted) }, above: [], body: null };
  }
  const branch = branchPlace(found?.body ?? null, [simplifiedTitle, opening]);
  const stated = found ? (branch ? { ...found, locality: branch, above: [...found.above, found.locality] } : found) : null;
  const localityName = stated?.locality.name ?? fileStem;
  // A body written elsewhere for the same place ("…街道办事处" in the signature) completes the issuer.
  const withBody = found?.body ? found : read.find((i) => i.body && i.locality.name === localityName && !/党工委|委员会$/u.test(i.body)) ?? found;
  // The place may be written longer elsewhere ("翮江高新技术产业开发区" for 翮江高新区), with the places above it.
  const chainOf = (name: string) => chainBefore(name, [simplifiedTitle, ...signature, opening, body]);
  const longer = read.map((i) => i.locality.name).find((name) => name !== localityName && name.startsWith(localityName.slice(0, 2)));
  const own = chainOf(localityName);
  const written = own.length || !longer ? own : chainOf(longer);
  const first = (found?.above.length ?? 0) >= written.length ? [stated?.above ?? [], written.map((name) => ({ name, level: levelOf(name) }))] : [written.map((name) => ({ name, level: levelOf(name) })), stated?.above ?? []];
  const chain = stated?.locality.level
    ? mergeChain(stated.locality, [...first.flat(), ...bareCityBefore(stated.locality, body), ...signedPlaces([...signature, ...seg.paragraphs.slice(-1).map((p) => toSimplified(p.text))]), ...addressee(seg.paragraphs.slice(0, 2).map((p) => toSimplified(p.text))), ...situation(leading), ...leaders(leading), ...deployers(leading), ...addressPlaces(address), ...filedIn(filing)])
    : [];
  const above = chain.map((p) => p.name);
  const level = stated?.locality.level === 'city' ? levelOf(localityName, chain) : stated?.locality.level ?? null;
  const year = findYear(simplifiedTitle || null, opening, signedAt);
  const named = withoutCityStem(localityName, chain);
  // The issuer is the body of the place so named ("燊江高新技术产业开发区管理委员会"), not of the longer name.
  const office = withBody?.issuer ?? localityName;
  const { issuer, locality } = signedAs(named !== localityName && office.startsWith(localityName) ? named + office.slice(localityName.length) : office, named, signedBy ? toSimplified(signedBy).replace(BRACKETED_PLACES, '') : null);
  return {
    title: title ?? `${reportLabel({ issuer, locality })}${year ?? ''}${year ? '年' : ''}法治政府建设情况报告`,
    locality,
    region: above.length ? above.join('') : null,
    year,
    signedBy,
    signedAt,
    issuer,
    level,
    chain: above,
  };
}

export type { Level };
