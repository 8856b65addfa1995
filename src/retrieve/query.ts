/**
 * Reading a question for what narrows the search: the places and the year it
 * names. A place is resolved at any level (a county finds its own report, its
 * departments' and its townships'; an issuer such as "XX县司法局" finds its
 * own); a place is unknown only when no report holds it at any level, nor
 * mentions it. A follow-up gets the previous turn's places and year as data.
 */
import type { ReportDocument } from '../schema.js';
import { detectScript, type Script } from '../ingest/script.js';
import type { Level } from '../place/places.js';
import { isGovernment, issuerAliases, levelOf, placeAliases, placeMentions, placeStem, PROVINCES, readPlaces, suffixAtStart } from '../place/places.js';
import { searchForm } from './tokenize.js';
import { expandQuery } from './thesaurus.js';

export interface Filters {
  locality?: string;
  year?: number;
  docId?: string;
}

/** What a follow-up keeps from the turn before: the reports it was about and its year. */
export interface AnalysisContext {
  placeDocIds: string[] | null;
  year: number | null;
}

/** A place the question names, with the reports at or below it. */
export interface PlaceMention {
  name: string;
  docIds: string[];
  /** Of those, the reports the name points at first: the issuer named, else the place's own government. */
  primary: string[];
  /** Of those, the reports of the place itself (its government's, its departments'), not of the places below it. */
  own: string[];
}

export interface QueryAnalysis {
  question: string;
  /** The question in search form (simplified, folded). */
  search: string;
  /** The search form with the reports' own terms for colloquial phrases (thesaurus). */
  expanded: string;
  script: Script;
  /** The places named, each with its reports (a question naming two places has two). */
  places: PlaceMention[];
  /** Documents the question is about, by the places it names (or the previous turn's); null when none. */
  placeDocIds: string[] | null;
  /** Documents allowed after places, year and explicit filters. */
  allowedDocIds: string[];
  /** Of the allowed, the reports the places point at first (an answer prefers them when they say as much). */
  preferredDocIds: string[] | null;
  /** Of the allowed, the reports of the places named themselves, when there are any: a county's figure is not its township's. */
  ownDocIds: string[] | null;
  year: number | null;
  /** Places named in the question that no report holds or mentions. */
  unknownPlaces: string[];
  /** A year named for which the named places (or the corpus) have no report and no mention. */
  uncoveredYear: number | null;
  /** Several reports are asked about at once ("哪些街镇…", "A和B…", "哪个街道最多"). */
  acrossReports: boolean;
  /** The places and year came from the previous turn. */
  followUp: boolean;
  /** Every place named lies only above the reports (a province, a city none of which is a report's own): their figures are not its. */
  aboveOnly: boolean;
}

const ACROSS = /(哪些|哪几个|哪个|哪一个|哪家|各个?|分别|都|对比|比较|排名|排序|谁)(街镇|街道|乡镇|镇街|镇|乡|县|区|地方|单位|部门|报告|地区)|(街镇|街道|乡镇|各地|各单位)(中|里|之间)?(哪些|有哪些|哪个|谁)|两地|各地|(两个|三个|几个)(街道|乡镇|镇|乡|部门|单位|地方)/u;
/** A department named right after a place ("公安局" in "鹭汀县公安局"; in "在矸城区找市场监管局办…" not the verb before it). */
const BODY_AFTER = /^的?(?:[找去到向跟给])?([\u4e00-\u9fff]{1,8}?(?:局|委))(?!员)/u;
const PLANNING = /(打算|计划|安排|准备|下一步|下步|思路|要点|工作重点|重点工作|目标|力争|拟|争取)/u;
/** Stands in the question for a known place taken out (a space searchForm never leaves): what follows it is written right after a place. */
const PLACE_TAKEN = '\u3000';
/** Words that open a question and are not part of a place name ("请问北京市…"). */
const OPENER = /^(请问一下|请问|问一下|我想知道|想了解一下|想了解|想问|帮我查一下|帮我查|查一下|麻烦问下|那么|那)/u;

/** How high a level stands: a place above a report's level is not the report's place. */
const RANK: Record<Level, number> = { province: 4, city: 3, county: 2, zone: 2, township: 1, village: 0 };

/** A year that names the report read ("按…2021年报告推算"), not the one asked of. */
const REPORT_YEAR = /(?<=(?:按|按照|根据|依据|据|从)[\u4e00-\u9fff]{0,12}?)(?:19|20)\d{2}\s*年度?的?(?=[\u4e00-\u9fff]{0,12}?(?:报告|总结))/u;

/**
 * The question without the year of the report it says to read, where it asks of another year ("按颀阳街道2021年报告
 * 推算，2020年…": 2020).
 */
export function withoutReportYear(search: string): string {
  const stripped = search.replace(REPORT_YEAR, '');
  return stripped !== search && /(?:19|20)\d{2}\s*年/u.test(stripped) ? stripped : search;
}

function namedYears(search: string): number[] {
  return [...new Set([...withoutReportYear(search).matchAll(/((?:19|20)\d{2})\s*年/gu)].map((m) => Number(m[1])))];
}

export interface PlaceWord {
  word: string;
  docIds: string[];
  /** The word names only places above reports (a province, a city), never a report's own place or issuer. */
  above: boolean;
  /** Reports whose issuer this word is. */
  issuerOf: string[];
  /** Reports whose own place this word is, issued by the place's government. */
  governmentOf: string[];
  /** Reports whose own place this word is, whoever issued them (the government and its departments). */
  localityOf: string[];
}

type Named = Pick<ReportDocument, 'locality' | 'region' | 'issuer' | 'chain'>;

/** A report's issuer by every name it goes by ("澄湖区卫健委" for 澄湖区卫生健康委员会). */
function issuerNames(doc: Named): string[] {
  return [doc.issuer, ...issuerAliases(doc.issuer, doc.locality)].map(searchForm).filter((w) => w.length >= 2 && w !== searchForm(doc.locality));
}

/** A report's own place: its locality with and without the suffix, and its other names ("澜州经开区"). */
function localityNames(doc: Named): string[] {
  return [doc.locality, placeStem(doc.locality), ...placeAliases(doc.locality)].map(searchForm).filter((w) => w.length >= 2);
}

function ownNames(doc: Named): string[] {
  return [...issuerNames(doc), ...localityNames(doc)];
}

/** The places above a report, with and without their suffixes. */
function aboveNames(doc: Named): string[] {
  const above = new Set(doc.chain);
  for (const p of readPlaces(searchForm(doc.region ?? '')).places) above.add(p.name);
  return [...above].flatMap((a) => [a, placeStem(a)]).map(searchForm).filter((w) => w.length >= 2);
}

/** The place names a report answers to: its issuer, its locality, the places above it; each also without its suffix. */
export function placeNames(doc: Named): string[] {
  return [...new Set([...ownNames(doc), ...aboveNames(doc)])];
}

/** Every place word of the corpus with the reports it finds, longest first, so "郭家沱街道" is matched before "郭家沱". */
export function placeWordList(documents: ReportDocument[]): PlaceWord[] {
  const byWord = new Map<string, PlaceWord>();
  const add = (word: string, docId: string, role: 'issuer' | 'government' | 'own' | 'above') => {
    const e = byWord.get(word) ?? { word, docIds: [], above: true, issuerOf: [], governmentOf: [], localityOf: [] };
    if (!e.docIds.includes(docId)) e.docIds.push(docId);
    e.above &&= role === 'above';
    if (role === 'issuer' && !e.issuerOf.includes(docId)) e.issuerOf.push(docId);
    if (role === 'government' && !e.governmentOf.includes(docId)) e.governmentOf.push(docId);
    if ((role === 'government' || role === 'own' || role === 'issuer') && !e.localityOf.includes(docId)) e.localityOf.push(docId);
    byWord.set(word, e);
  };
  // A report that writes no places above its own borrows them from another report of the same place ("我局" under 蕖湖区).
  const chains = new Map<string, Set<string>>();
  for (const d of documents) for (const w of aboveNames(d)) chains.set(d.locality, (chains.get(d.locality) ?? new Set()).add(w));
  for (const d of documents) {
    for (const w of issuerNames(d)) add(w, d.id, 'issuer');
    for (const w of localityNames(d)) add(w, d.id, isGovernment(d.issuer, d.locality) ? 'government' : 'own');
    for (const w of aboveNames(d).length ? aboveNames(d) : chains.get(d.locality) ?? []) add(w, d.id, 'above');
  }
  return [...byWord.values()].sort((a, b) => b.word.length - a.word.length);
}

export interface CorpusLookups {
  places: PlaceWord[];
  /** Whether any paragraph of these reports mentions the year (a 2020 report may plan for 2021). */
  mentionsYear(docIds: string[], year: number): boolean;
  /** The reports whose text mentions a name (a village, a district named in passing). */
  mentioning(name: string): string[];
}

/** Of the reports a place finds, those whose issuing body the question also names ("XX县的司法局", "区人社局"). */
function byBody(search: string, docIds: string[], docs: Map<string, ReportDocument>): string[] {
  const named = docIds.filter((id) => {
    const d = docs.get(id);
    if (!d || isGovernment(d.issuer, d.locality)) return false;
    return [d.issuer, ...issuerAliases(d.issuer, d.locality)].some((n) => {
      const body = searchForm(n.slice(d.locality.length));
      return body.length >= 2 && n.startsWith(d.locality) && search.includes(body);
    });
  });
  return named.length ? named : docIds;
}

/**
 * Years as officials type them in a chat, written out: "21年" is 2021年, "2019和…2017" names 2019年. Only the years reports
 * cover (2016–2026), and not a span ("近10年", "连续20年", "20年来").
 */
function writtenYears(search: string): string {
  return search
    .replace(/(?<![\d.近前后这第满达连续过去超过])(1[6-9]|2[0-6])年(?![以来内间前后里度初底中末多])/gu, '20$1年')
    .replace(/((?:19|20)\d{2})(?=[和与、及跟至到])/gu, '$1年');
}

export function analyzeQuery(
  question: string,
  documents: ReportDocument[],
  lookups: CorpusLookups,
  filters: Filters = {},
  context?: AnalysisContext,
): QueryAnalysis {
  const search = writtenYears(searchForm(question));
  const script = detectScript(question);
  const docs = new Map(documents.map((d) => [d.id, d]));

  // Known places, longest first; each match is taken out so that its parts do not match again.
  const places: PlaceMention[] = [];
  let rest = search.replace(OPENER, ' ');
  let onlyAbove = true;
  let wordsMatched = 0;
  const matched: string[] = [];
  for (const { word, docIds, above, issuerOf, governmentOf, localityOf } of lookups.places) {
    if (!rest.includes(word)) continue;
    // "栖梧区" when the corpus has 栖梧县: a known name's stem with another suffix is another place.
    const suffix = suffixAtStart(rest.slice(rest.indexOf(word) + word.length));
    if (suffix && !docIds.some((id) => {
      const d = docs.get(id);
      return d && [d.locality, d.issuer, ...d.chain, ...placeAliases(d.locality)].some((n) => searchForm(n).includes(`${word}${suffix}`) || `${word}${suffix}`.startsWith(searchForm(n)));
    })) continue;
    rest = rest.split(word).join(PLACE_TAKEN);
    matched.push(word);
    onlyAbove &&= above;
    wordsMatched++;
    const primary = issuerOf.length ? issuerOf : governmentOf.length ? governmentOf : docIds;
    const own = issuerOf.length ? issuerOf : localityOf;
    // "长沙市望城区": the district narrows the city rather than adding a second place; "甑湄县、蘅坳乡" names two.
    const same = places.find((p) => (search.includes(`${p.name}${word}`) || search.includes(`${word}${p.name}`))
      && (p.docIds.every((id) => docIds.includes(id)) || docIds.every((id) => p.docIds.includes(id))));
    if (same) {
      if (docIds.length < same.docIds.length) Object.assign(same, { name: word, docIds, primary, own });
    } else places.push({ name: word, docIds, primary, own });
  }
  // "魁州市槐飔区嵬溪街道": each of a chain written one after another narrows the next, whichever was matched first
  // (槐飔区, taken into 嵬溪街道, stands between the other two).
  const chained = (a: PlaceMention, b: PlaceMention) => {
    const from = search.indexOf(a.name) + a.name.length;
    const to = search.indexOf(b.name, from);
    return to >= from && matched.reduce((between, w) => between.split(w).join(''), search.slice(from, to)) === '';
  };
  for (let merged = true; merged;) {
    merged = false;
    for (const a of places) {
      const b = places.find((p) => p !== a && chained(a, p)
        && (p.docIds.every((id) => a.docIds.includes(id)) || a.docIds.every((id) => p.docIds.includes(id))));
      if (!b) continue;
      // The narrower stays.
      places.splice(places.indexOf(b.docIds.length <= a.docIds.length ? a : b), 1);
      merged = true;
      break;
    }
  }
  // "蕖湖区卫健委和区人社局": a second department of the same place, its place shortened to "区".
  const namedLocalities = new Set(places.flatMap((p) => p.own.map((id) => docs.get(id)?.locality)));
  for (const d of documents) {
    if (!namedLocalities.has(d.locality) || isGovernment(d.issuer, d.locality) || places.some((p) => p.own.length === 1 && p.own[0] === d.id)) continue;
    const short = [d.issuer, ...issuerAliases(d.issuer, d.locality)].filter((n) => n.startsWith(d.locality)).map((n) => `${d.locality.slice(-1)}${searchForm(n.slice(d.locality.length))}`);
    const word = short.find((w) => w.length >= 3 && search.includes(w) && !search.includes(`${searchForm(d.locality)}${w.slice(1)}`));
    if (word) places.push({ name: word, docIds: [d.id], primary: [d.id], own: [d.id] });
  }
  // "蒲岭县哪个镇…最多": a township's report that names no county above it, but writes of this one ("在蒲岭县委、县政府的领导下"), is below it.
  if (ACROSS.test(search)) {
    for (const p of places) {
      const rank = RANK[levelOf(p.name)];
      if (rank < RANK.county) continue;
      const below = lookups.mentioning(p.name).filter((id) => {
        const d = docs.get(id);
        return d?.level && !p.docIds.includes(id) && !d.chain.length && RANK[d.level] < rank;
      });
      p.docIds = [...p.docIds, ...below];
    }
  }
  for (const p of places) {
    // "鹭汀县的司法局": the body named narrows the place to its reports.
    const narrowed = byBody(search, p.docIds, docs);
    if (narrowed.length < p.docIds.length) Object.assign(p, { primary: narrowed, own: narrowed });
  }
  // "鹭汀县公安局" when the county's reports are its government's and its 司法局's: a body no report is from.
  const unknownBodies: string[] = [];
  for (const p of [...places]) {
    const body = BODY_AFTER.exec(search.slice(search.indexOf(p.name) + p.name.length))?.[1];
    // Only a county's or a city's departments issue reports of their own; a township's committees are part of its report.
    const county = p.docIds.some((id) => ['county', 'city', 'zone'].includes(docs.get(id)?.level ?? '') && searchForm(docs.get(id)?.locality ?? '') === p.name);
    if (!body || !county || /(党工委|党委|纪委|政法委|县委|区委|市委)$/u.test(body)) continue;
    const issued = p.docIds.some((id) => {
      const d = docs.get(id);
      return d && [d.issuer, ...issuerAliases(d.issuer, d.locality)].some((n) => searchForm(n).endsWith(body));
    });
    // A body the place's reports write about (a county's 行政复议局 within its 司法局) is theirs to answer for. A kind of body
    // that issues reports of its own elsewhere (a 司法局) is not answered for by another department's report that mentions
    // it ("县局与县司法局联合设立…"), only by its government's.
    if (issued) continue;
    const issuesReports = documents.some((d) => d.issuer.endsWith(body));
    const written = lookups.mentioning(body).some((id) => p.docIds.includes(id) && !(issuesReports && /(局|委|办|中心)$/u.test(docs.get(id)?.issuer ?? '')));
    if (!written) {
      unknownBodies.push(`${p.name}${body}`);
      places.splice(places.indexOf(p), 1);
    }
  }

  const unknownPlaces: string[] = [...unknownBodies];
  for (const { name } of placeMentions(rest, PLACE_TAKEN)) {
    // "醅阳县白沙乡": a place written right after a known one is within it, and only that place's reports that name it hold
    // it; none of them doing so, it is a place the corpus does not cover (another county's 白沙乡 is not this one).
    const outer = places.find((p) => search.includes(`${p.name}${name}`));
    const held = lookups.mentioning(name).filter((id) => !outer || outer.docIds.includes(id));
    if (held.length) {
      places.push({ name, docIds: held, primary: held, own: held });
      // A province a city's report mentions is above it; a district its police branch's report mentions is not.
      onlyAbove &&= held.every((id) => RANK[levelOf(name)] > RANK[docs.get(id)?.level ?? 'village']);
      wordsMatched++;
    }
    else unknownPlaces.push(name);
  }
  // "临川省青嶂市栖梧区", "青禾县白鹭乡": the known places only lead to the unknown one the question is about.
  const leadsTo = unknownPlaces.some((u) => places.some((p) => search.includes(`${p.name}${u}`)));
  if (unknownPlaces.length && (onlyAbove || leadsTo)) places.length = 0;
  // In the order the question names them ("A和B相差": A first).
  places.sort((a, b) => search.indexOf(a.name) - search.indexOf(b.name));
  const knownProvince = (p: string) => documents.some((d) => (d.region ?? '').includes(p) || d.chain.some((c) => c.includes(p)) || d.locality.includes(p));
  // A province a question names that no report's region holds is a place outside the corpus.
  for (const p of PROVINCES) if (rest.includes(p) && !knownProvince(p) && !unknownPlaces.some((u) => u.includes(p))) unknownPlaces.push(p);

  let placeDocIds: string[] | null = places.length ? [...new Set(places.flatMap((p) => p.docIds))] : null;
  const named = filters.year !== undefined ? [filters.year] : namedYears(search);
  // Plans and targets for a year are written in the report of the year before ("2023年的工作打算" is in the 2022 report).
  const years = PLANNING.test(search) ? [...named, ...named.map((y) => y - 1)] : named;
  let year = named[0] ?? null;
  const followUp = Boolean(context && !placeDocIds && !unknownPlaces.length && !filters.docId && !filters.locality && context.placeDocIds?.length);
  if (followUp && context) {
    placeDocIds = context.placeDocIds;
    year ??= context.year;
  }

  let allowed = placeDocIds ? placeDocIds.flatMap((id) => docs.get(id) ?? []) : documents;
  if (filters.docId) allowed = allowed.filter((d) => d.id === filters.docId);
  if (filters.locality) {
    const want = searchForm(filters.locality);
    allowed = allowed.filter((d) => placeNames(d).some((n) => n === want || (n.length >= 2 && want.includes(n))));
  }
  let uncoveredYear: number | null = null;
  if (year !== null) {
    // "卫健委（2022年）和人社局（2023年）": every year named is allowed.
    const ofYear = allowed.filter((d) => d.year !== null && (years.length ? years : [year]).includes(d.year));
    if (ofYear.length) allowed = ofYear;
    else if (filters.year !== undefined || !lookups.mentionsYear(allowed.map((d) => d.id), year)) {
      uncoveredYear = year;
      allowed = [];
    }
  }
  const allowedIds = allowed.map((d) => d.id);
  const primary = places.flatMap((p) => p.primary).filter((id) => allowedIds.includes(id));
  const own = places.flatMap((p) => p.own).filter((id) => allowedIds.includes(id));
  return {
    question,
    search,
    expanded: expandQuery(search),
    script,
    places,
    placeDocIds,
    allowedDocIds: allowedIds,
    preferredDocIds: primary.length ? [...new Set(primary)] : null,
    ownDocIds: own.length ? [...new Set(own)] : null,
    year,
    unknownPlaces,
    uncoveredYear,
    acrossReports: ACROSS.test(search) || places.length > 1,
    followUp,
    aboveOnly: wordsMatched > 0 && onlyAbove && !followUp,
  };
}
