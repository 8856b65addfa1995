/**
 * Describing a report: which place it is about, which year it reports on,
 * the region above the place, who signed it and when. Read from the report's
 * own words (title, opening, signature); a sidecar file may override any field.
 */
import { z } from 'zod';
import { toSimplified } from './script.js';
import type { SegmentedReport } from './segment.js';

export const ReportMetaSchema = z.object({
  title: z.string().min(1),
  locality: z.string().min(1),
  region: z.string().min(1).nullable(),
  year: z.number().int().min(1949).max(2100).nullable(),
  signedBy: z.string().nullable(),
  signedAt: z.string().nullable(),
});
export type ReportMeta = z.infer<typeof ReportMetaSchema>;

/** The sidecar (`report.txt.meta.json`): any subset of the fields, strictly typed. */
export const SidecarSchema = ReportMetaSchema.partial().strict();

const LOCALITY_SUFFIX = '(?:街道|镇|乡|街)';
// Words that end a phrase before a place name: "2020年址山镇", "在古美路街道".
const NOT_NAME = /[年在的是和与及对为将于由向从了我本该全各该即今共\d\s,，、。:：;；“”"《》()（）]/u;
const GOVERNMENT = /(?:人民政府|政府)/u;
const REGION_PREFIX = /^((?:[\u4e00-\u9fff]{2,6}?(?:省|自治区))?(?:[\u4e00-\u9fff]{1,4}?市)?(?:[\u4e00-\u9fff]{1,4}?(?:区|县))?)/u;

interface Candidate { name: string; region: string | null; weight: number }

/** The words before a place name, cut where a phrase boundary stands. */
function stemBefore(head: string): string {
  let cut = head.length;
  while (cut > 0 && !NOT_NAME.test(head[cut - 1] ?? '')) cut--;
  return head.slice(cut);
}

/** Place names ending in 街道/镇/乡/街 found in a simplified text, with the region written before them. */
function localityCandidates(text: string, weight: number): Candidate[] {
  const out: Candidate[] = [];
  const re = new RegExp(`([\\u4e00-\\u9fff]{2,30}?)${LOCALITY_SUFFIX}`, 'gu');
  for (const m of text.matchAll(re)) {
    const head = m[1] ?? '';
    const suffix = m[0].slice(head.length);
    const gov = GOVERNMENT.exec(head);
    const pre = gov ? stemBefore(head.slice(0, gov.index)) : '';
    let stem = stemBefore(gov ? head.slice(gov.index + gov[0].length) : head);
    let region = pre ? REGION_PREFIX.exec(pre)?.[1] || null : null;
    const inline = REGION_PREFIX.exec(stem)?.[1];
    if (inline && stem.length - inline.length >= 2) {
      region = inline;
      stem = stem.slice(inline.length);
    }
    if (stem.length >= 2 && stem.length <= 5 && !/(各|本|全|我|该|辖区|城乡|乡镇|街镇)/u.test(stem)) {
      out.push({ name: stem + suffix, region, weight });
    }
  }
  return out;
}

/**
 * A title names its place first: "（region）NAME街道2021年法治政府建设…". Read that way, a name may hold
 * characters that elsewhere end a phrase (和平街道, 全胜镇).
 */
function titleLocality(title: string): Candidate[] {
  const region = REGION_PREFIX.exec(title)?.[1] ?? '';
  const rest = title.slice(region.length);
  const m = new RegExp(`^([\\u4e00-\\u9fff]{2,8}?${LOCALITY_SUFFIX})(?=(?:19|20)\\d{2}|年度|关于|法治|依法)`, 'u').exec(rest);
  return m?.[1] ? [{ name: m[1], region: region || null, weight: 8 }] : [];
}

function pickLocality(cands: Candidate[]): Candidate | null {
  const score = new Map<string, { c: Candidate; s: number }>();
  for (const c of cands) {
    const e = score.get(c.name) ?? { c, s: 0 };
    e.s += c.weight;
    if (!e.c.region && c.region) e.c = c;
    score.set(c.name, e);
  }
  // "西营门街" and "西营门街道" are one place: the longer spelling collects the shorter's votes.
  for (const [name, e] of score) {
    for (const [other, o] of score) if (other !== name && other.startsWith(name)) o.s += e.s;
  }
  let best: { c: Candidate; s: number } | null = null;
  for (const e of score.values()) if (!best || e.s > best.s) best = e;
  return best?.c ?? null;
}

function findYear(title: string | null, opening: string, signedAt: string | null): number | null {
  const fromTitle = title ? /((?:19|20)\d{2})\s*年/u.exec(title) : null;
  if (fromTitle?.[1]) return Number(fromTitle[1]);
  const report = /现将\D{0,20}?((?:19|20)\d{2})\s*年/u.exec(opening);
  if (report?.[1]) return Number(report[1]);
  const first = /((?:19|20)\d{2})\s*年/u.exec(opening.slice(0, 80));
  if (first?.[1]) return Number(first[1]);
  const signed = signedAt ? /((?:19|20)\d{2})/u.exec(signedAt) : null;
  return signed?.[1] ? Number(signed[1]) - 1 : null;
}

export function describe(seg: SegmentedReport, fileStem: string): ReportMeta {
  const title = seg.title;
  const opening = toSimplified(seg.paragraphs.slice(0, 2).map((p) => p.text).join('\n'));
  const signature = toSimplified(seg.signature.join('\n'));
  const dateLine = seg.signature.find((l) => /\d{4}\s*年/u.test(l)) ?? null;
  const signedBy = seg.signature.find((l) => l !== dateLine) ?? null;
  const simplifiedTitle = title ? toSimplified(title) : '';
  const cands = [
    ...titleLocality(simplifiedTitle),
    ...localityCandidates(simplifiedTitle, 5),
    ...localityCandidates(signature, 4),
    ...localityCandidates(opening, 2),
    ...localityCandidates(toSimplified(seg.paragraphs.map((p) => p.text).join('\n')), 0.1),
  ];
  const place = pickLocality(cands);
  const regionCand = cands.find((c) => c.name === place?.name && c.region);
  const year = findYear(simplifiedTitle || null, opening, dateLine);
  const locality = place?.name ?? fileStem;
  return {
    title: title ?? `${locality}${year ?? ''}${year ? '年' : ''}法治政府建设情况报告`,
    locality,
    region: regionCand?.region ?? null,
    year,
    signedBy,
    signedAt: dateLine,
  };
}
