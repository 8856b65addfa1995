/**
 * Reading a question for what narrows the search: the places and the year it
 * names. Places are matched against the corpus's own localities and regions;
 * a place that no report covers is reported, so the answer can say so.
 */
import type { ReportDocument } from '../schema.js';
import { detectScript, type Script } from '../ingest/script.js';
import { searchForm } from './tokenize.js';
import { expandQuery } from './thesaurus.js';
import { placeWords } from './vocabulary.js';

export interface Filters {
  locality?: string;
  year?: number;
  docId?: string;
}

export interface QueryAnalysis {
  question: string;
  /** The question in search form (simplified, folded). */
  search: string;
  /** The search form with the reports' own terms for colloquial phrases (thesaurus). */
  expanded: string;
  script: Script;
  /** Documents the question is about, by the places it names; null when it names none. */
  placeDocIds: string[] | null;
  /** Documents allowed after places, year and explicit filters. */
  allowedDocIds: string[];
  year: number | null;
  /** Places named in the question that no report covers. */
  unknownPlaces: string[];
  /** A year named for which the named places (or the corpus) have no report and no mention. */
  uncoveredYear: number | null;
  /** Several reports are asked about at once ("哪些街镇…", "A和B…"). */
  acrossReports: boolean;
}

// Province-level names: a question naming one of these, when no report's region holds it, asks about a place outside the corpus.
const PROVINCES = ['北京', '天津', '上海', '重庆', '河北', '山西', '内蒙古', '辽宁', '吉林', '黑龙江', '江苏', '浙江', '安徽', '福建', '江西', '山东', '河南', '湖北', '湖南', '广东', '广西', '海南', '四川', '贵州', '云南', '西藏', '陕西', '甘肃', '青海', '宁夏', '新疆', '香港', '澳门', '台湾'];
const PLACE_NAME = /([\u4e00-\u9fff]{2,6}?(?:省|自治区|市|区|县|街道|镇|乡))/gu;
// Words ending like a place that are not one.
const NOT_PLACE = /^(?:.*(?:城市|都市|超市|社区|小区|辖区|园区|城区|街区|景区|片区|区域|乡镇|街镇|城乡|村镇|城镇|集镇|市镇|哪些街道|各街道|本街道|该街道|这个街道|那个街道)|地区|市区|山区|郊区|全区|本区|各区|全市|本市|各市|全县|本县|全镇|本镇|该镇|各镇|下乡|老乡|家乡|故乡|街道|镇|乡|市|区|县)$/u;
const ACROSS = /(哪些|哪几个|哪个|各个?|分别|都|对比|比较)(街镇|街道|乡镇|镇街|镇|地方|单位|报告)|(街镇|街道|乡镇)(中|里)?(哪些|有哪些)|和.{2,8}(分别|各)/u;

function namedYear(search: string): number | null {
  const m = /((?:19|20)\d{2})\s*年/u.exec(search);
  return m?.[1] ? Number(m[1]) : null;
}

export interface PlaceWord {
  word: string;
  docId: string;
}

/** Every report's place words (search form), longest first, so "郭家沱街道" is matched before "郭家沱". */
export function placeWordList(documents: ReportDocument[]): PlaceWord[] {
  return documents.flatMap((d) => placeWords(d).map((word) => ({ word, docId: d.id }))).sort((a, b) => b.word.length - a.word.length);
}

export function analyzeQuery(
  question: string,
  documents: ReportDocument[],
  filters: Filters = {},
  mentionsYear?: (docIds: string[], year: number) => boolean,
  places: PlaceWord[] = placeWordList(documents),
): QueryAnalysis {
  const search = searchForm(question);
  const script = detectScript(question);

  // Known places: a locality or a part of a region.
  const hits = new Set<string>();
  let rest = search;
  for (const { word, docId } of places) {
    if (search.includes(word)) {
      hits.add(docId);
      rest = rest.split(word).join(' ');
    }
  }
  const knownProvince = (p: string) => documents.some((d) => (d.region ?? '').includes(p) || d.locality.includes(p));
  const unknownPlaces: string[] = [];
  let lastEnd = -1;
  for (const m of rest.matchAll(PLACE_NAME)) {
    const name = m[1] ?? '';
    if (NOT_PLACE.test(name) || /^(哪|什么|这|那|各|本|该|全)/u.test(name)) continue;
    // "北京市海淀区" is one place written as city and district.
    if (m.index === lastEnd && unknownPlaces.length) unknownPlaces[unknownPlaces.length - 1] += name;
    else unknownPlaces.push(name);
    lastEnd = m.index + name.length;
  }
  for (const p of PROVINCES) if (rest.includes(p) && !knownProvince(p) && !unknownPlaces.some((u) => u.includes(p))) unknownPlaces.push(p);

  const placeDocs = hits.size ? documents.filter((d) => hits.has(d.id)) : null;
  const year = filters.year ?? namedYear(search);
  let allowed = placeDocs ?? documents;
  if (filters.docId) allowed = allowed.filter((d) => d.id === filters.docId);
  if (filters.locality) {
    const want = searchForm(filters.locality);
    allowed = allowed.filter((d) => d.locality.includes(want) || want.includes(d.locality.replace(/(街道|镇|乡|街)$/u, '')));
  }
  let uncoveredYear: number | null = null;
  if (year !== null) {
    const ofYear = allowed.filter((d) => d.year === year);
    if (ofYear.length) allowed = ofYear;
    else if (filters.year !== undefined || !mentionsYear?.(allowed.map((d) => d.id), year)) {
      uncoveredYear = year;
      allowed = [];
    }
  }
  const placeDocIds = placeDocs?.map((d) => d.id) ?? null;
  return {
    question,
    search,
    expanded: expandQuery(search),
    script,
    placeDocIds,
    allowedDocIds: allowed.map((d) => d.id),
    year,
    unknownPlaces,
    uncoveredYear,
    acrossReports: ACROSS.test(search) || (placeDocIds?.length ?? 0) > 1,
  };
}
