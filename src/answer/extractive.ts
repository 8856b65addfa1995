/**
 * The extractive answer: the question analysed once, retrieved once (wide
 * when it spans reports), and answered in the shape its type asks for, or
 * refused when the reports do not say.
 */
import type { ReportDocument } from '../schema.js';
import type { Hit, Retriever } from '../retrieve/retriever.js';
import { withoutReportYear, type PlaceMention, type QueryAnalysis } from '../retrieve/query.js';
import { isGovernment, levelOf, placeStem, reportLabel } from '../place/places.js';
import { ownSpelling, toSimplified, toTraditional } from '../ingest/script.js';
import { joinAnswers, splitAsks } from './asks.js';
import type { ConversationMemory } from './conversation.js';
import { documentHits, lineHit, numberCitations, withScanNote, type Part } from './cite.js';
import { agreeing, bestFigure, BRACKETED_UNIT, changeText, compute, workOut, eachFigures, eachSides, joinsPlaces, measureOf, measureSides, MET_ASKED, ownPairs, pairInReport, PLANNED, polarity, priorYearFigure, reportFact, rowFigure, cellLabel, saysMetOrMissed, sentenceParts, namedCell, shownChange, TABLE_ROW, TOTAL_ROW, tableFigure, tableItems, notSo, undoneParts, tableFigures, wholeAndNot, yearOf, type Measured, type YearFigure } from './compose.js';
import { announcedItems, answers, bestSentences, headedParagraphs, inPlans, listedKind, inPreamble, inProblems, outweighedByOtherKind, sectionItems, sectionParagraphs, type Evidence, type ExtractContext } from './extract.js';
import { bareStep, baseUnit, figureFor, figuresOf, isRate, labelMatch, narrowedAway, pairMatch, statesNone, unitAnswers, unitContradicts } from './figures.js';
import { charWeights } from './characters.js';
import { hasFigure, splitClauses, splitSentences, withoutNames, type Sentence } from './sentences.js';
import { askedRole, CHANGE_BY_VERB, contentTerms, HOW_TO, namesPart, NOT_PASSED, partAsked, PER_UNIT, PRIOR_YEAR_ASKED, questionType, reportsCounted, questionUnit, STATED_CHANGE, thresholdAsked, unwrittenWeight, VERSUS_TARGET, type Term } from './question.js';
import { DEFAULT_TUNING, type Tuning } from './tuning.js';
import type { AnswerResult, AskOptions } from './types.js';

/** The figures found, of the reports that have one. */
const measuredOf = (found: Map<string, Measured | null>): Measured[] => [...found.values()].filter((m): m is Measured => m !== null);

/** A question across reports is answered for at most this many of them. */
const MAX_REPORTS = 12;
/** Paragraphs retrieved for a question across reports: enough for each report to have its best few. */
const ACROSS_DEPTH = 60;
/** Paragraphs of each report read when answering across reports. */
const PER_REPORT = 3;
/** A sentence that states a change with its figure. */
// "提高1.7个百分点", not "提高到66.7%" (a value, not the change).
const STATED = /(增长|下降|增加|减少|提高|降低|上升)(?![到至为])[^，。；|]{0,6}\d/u;
/** A sum a sentence states itself, its figure right after the word ("合计4862.7万元", "共计办理…"). */
const STATED_TOTAL = /(合计|共计|总计|总共|一共|累计)[^，。；|]{0,4}\d/u;
const NOT_DONE = new RegExp(`(不予|免予|免罚|不罚|未|没有|${NOT_PASSED})`, 'u');
/** A clause that counts, in a unit that may be the one asked, something not done ("不予处罚案件143件", "对89家…依法不予处罚", "检出不合格47批次"). */
export function statesUndone(text: string, unit: string | null): boolean {
  // A table row's figure stands bare, its unit in the row's label ("| 轻微违法不予处罚案件（件） | 233").
  const units = (c: string) => [...figuresOf(c).map((f) => f.unit), ...(/\|\s*\d[\d,.]*\s*(\||[。；;]?$)/u.test(c) ? [BRACKETED_UNIT.exec(c)?.[1] ?? ''] : [])];
  return splitClauses(text).some((c) => NOT_DONE.test(c.simplified) && units(c.simplified).some((u) => !unit || unitAnswers(u, unit) || !unitContradicts(u, unit)));
}

/**
 * "街道和社区调委会一共受理了多少件": a sentence that joins the same two things before one figure ("街道调委会和14个社区
 * 调委会…受理…412件") states their sum itself; one that gives each its own ("建议112件、政协提案145件", "换证78件、烟花爆竹…
 * 136件") does not.
 */
function jointlyStated(search: string): RegExp | null {
  const m = /([\u4e00-\u9fff]{2})(?:以及|和|与|及|、)([\u4e00-\u9fff]{2})[^，。；？?]*?(?:一共|合计|总共|共计|总计|加起来|共)/u.exec(search);
  if (!m?.[1] || !m[2]) return null;
  return new RegExp(`${m[1]}[^，。；|\\d]{0,10}(?:以及|和|与|及|、)(?:[^，。；|、\\d]|\\d+个){0,10}${m[2]}[^，。；|\\d]{0,20}\\d`, 'u');
}

/** A figure asked with its parts ("按类型分别是多少", "各是多少件"). */
const BREAKDOWN = /(分别|各自?)(是|为|有)?(多少|几)|按[\u4e00-\u9fff]{1,4}?(分别|分为|划分|统计)/u;
/** The words of a question from what the thing is set against on ("比计划多抽了多少户"). */
const VERSUS_TARGET_TAIL = new RegExp(`${VERSUS_TARGET.source}.*$`, 'u');
/** …and from where a target, its result or both are asked ("的目标值和完成值各是多少", "目标定的多少"). */
const AIMS_TAIL = new RegExp(`${VERSUS_TARGET.source}.*$|(的)?(目标|计划|预期|完成|实际)(值|数)?(以及|和|与|及|、).*$|(的)?(目标|计划|预期)[^，。？?\\s]{0,8}(多少|几).*$`, 'u');
/** The target cell of the row and year of a cell of what was done, among a table's cells. */
function targetOf(cells: YearFigure[], achieved: YearFigure): YearFigure | undefined {
  return cells.find((c) => c.figure.target && c.year === achieved.year && c.part.hit.paragraph.id === achieved.part.hit.paragraph.id);
}
/** A question that asks for a target and what was done of it together ("目标值和完成值各是多少", "目标定的多少 实际降了多少"). */
const BOTH_AIMS = /(目标|计划|预期)[^，。？?]{0,6}(以及|和|与|及|、)[^，。？?]{0,4}(完成|实际)|(完成|实际)[^，。？?]{0,6}(以及|和|与|及|、)[^，。？?]{0,4}(目标|计划|预期)|(目标|计划|预期)[^，。？?\s]{0,8}(多少|几)[\s，,]*(实际|完成)/u;
/** The text states a change itself, in the unit asked ("增长12.9%" does not answer "多了多少件"). */
function statesChangeIn(text: string, unit: string | null): boolean {
  // Any change it states: "下降31%，减少入企检查146次" states one in 次.
  const figures = figuresOf(text);
  return [...text.matchAll(new RegExp(STATED.source, 'gu'))].some((stated) => {
    const after = figures.find((f) => f.index >= stated.index!);
    return !unit || !after || unitAnswers(after.unit, unit);
  });
}

/** The paragraphs these figures stand in, each once, to be cited. */
function partsOf(figures: Measured[]): Part[] {
  return [...new Map(figures.map((f) => [f.part.hit.paragraph.id, f.part])).values()];
}

/** The years a question names, a span written as its ends ("2019年到2021年") with those between. */
function yearsAsked(asked: string): number[] {
  const search = withoutReportYear(asked);
  const years = [...search.matchAll(/((?:19|20)\d{2})\s*年/gu)].map((m) => Number(m[1]));
  const span = /((?:19|20)\d{2})\s*年?\s*(?:到|至|—|－|-|~|～)\s*((?:19|20)\d{2})\s*年/u.exec(search);
  const [from, to] = span ? [Number(span[1]), Number(span[2])] : [0, 0];
  const between = to > from && to - from <= 10 ? Array.from({ length: to - from + 1 }, (_, i) => from + i) : [];
  // "2020、2021两年": years listed, the last one's 年 standing for them all.
  const listed = /((?:19|20)\d{2})\s*年?\s*[、和与及跟]\s*((?:19|20)\d{2})\s*(?:[两二三]?年)/u.exec(search);
  const pair = listed ? [Number(listed[1]), Number(listed[2])] : [];
  // "比2022年少了多少": the year compared with is the one before the year asked.
  const against = /(?:比|较)\s*((?:19|20)\d{2})\s*年/u.exec(search);
  const before = against && years.length === 1 ? [Number(against[1]) + 1] : [];
  // "2021年…比上年多了几件": the year before the one asked is the other.
  const previous = !against && years.length === 1 && /(比|较|与|和)(上年|去年|上一年|前一年|上年度)/u.test(search) ? [years[0]! - 1] : [];
  return [...new Set([...between, ...pair, ...before, ...years, ...previous])];
}

/**
 * Words that ask for a section, not for one of its items ("存在哪些问题", "下一步打算", "推进法治政府建设有哪些安排"; the
 * segmenter reads 下一步 as 下 and 一步, and 还存在 as 还存 and 在).
 */
const SECTION_WORD = /(问题|不足|短板|困难|差距|薄弱|存在|还存|仍存|尚存|面临|打算|计划|安排|思路|重点|下一步|一步|下步|情况|方面|工作|主要|报告|总结|自己|提到|法治|政府|建设|依法|推进|推动|开展|加强|强化|深化|做好|完善|提升|落实)/u;

/** Whether a figure went up or down against a year before ("比2023年下降了吗", "较上年有所增加吗"). */
const YEAR_TURN = /(比|较|同比|相比)(?:(?:19|20)\d{2}年|上年|去年|上一年)?(?:有所|是否|有没有)?(下降|减少|降低|回落|增加|增长|上升|提高|增多)了?(吗|没有|没)/u;
const CHANGE_ASKED = /(同比|比上年|比去年|比上一年|较上年|较去年)[^？?，,]{0,6}(增加|减少|增长|下降|提高|降低|多|少|变化)/u;

export interface ExtractiveDeps {
  conversations?: ConversationMemory;
  tuning?: Tuning;
}

type Base = Omit<AnswerResult, 'answered' | 'answer' | 'citations' | 'mode'>;

const newId = () => globalThis.crypto.randomUUID();

/** The question's weightiest words, whose clauses a yes or no is read from. */
function yesNoTerms(ctx: ExtractContext): string[] {
  const top = Math.max(...ctx.terms.map((t) => t.weight), 0);
  return ctx.terms.filter((t) => t.weight >= 0.6 * top).map((t) => t.word);
}

/** Reports named in a refusal at most: past it, a list says more as a count than as names. */
const LISTED_REPORTS = 12;

export function reportList(documents: ReportDocument[], label: (d: ReportDocument) => string): string {
  const names = documents.slice(0, LISTED_REPORTS).map((d) => `${label(d)}（${d.year ?? '年份不详'}年）`).join('、');
  return documents.length > LISTED_REPORTS ? `${names}等${documents.length}份` : names;
}

function refusal(message: string, base: Base, diagnostics: NonNullable<AnswerResult['diagnostics']>): AnswerResult {
  return { ...base, answered: false, answer: message, citations: [], mode: 'extractive', diagnostics };
}

/** A level a question restricts a comparison to ("哪个街道", "哪个部门"). */
function levelWanted(search: string): ((d: ReportDocument) => boolean) | null {
  if (/(街道|乡镇|街镇|镇街|哪个镇|哪个乡|苏木)/u.test(search)) return (d) => d.level === 'township';
  if (/(部门|哪个局|单位)/u.test(search)) return (d) => !/(人民政府|政府|办事处)$/u.test(d.issuer);
  return null;
}

/** The reports a question across reports is about: those named (at the level asked), else those ranked highest. */
function acrossDocs(analysis: QueryAnalysis, hits: Hit[], retriever: Retriever): string[] {
  const ranked = [...new Set(hits.map((h) => h.paragraph.docId))];
  let ids = analysis.placeDocIds ? analysis.placeDocIds.filter((id) => analysis.allowedDocIds.includes(id)) : ranked;
  // Of a place's reports, those it points at first when they cover the years asked ("鹭汀县2023年比2022年": its own two).
  const preferred = analysis.preferredDocIds?.filter((id) => ids.includes(id)) ?? [];
  if (analysis.places.length === 1 && preferred.length > 1) ids = preferred;
  // "哪个街道…" asks a level; "莎仁宝力格苏木、笪垸县应急管理局…" names places, whose own suffixes ask none,
  // and places named one by one are each compared, whatever the question calls them ("三家单位").
  const level = analysis.places.length > 1 ? null : levelWanted(withoutNames(analysis.search, analysis.places.map((p) => p.name)));
  if (level) {
    const kept = ids.filter((id) => {
      const d = retriever.document(id);
      return d ? level(d) : false;
    });
    if (kept.length) ids = kept;
  }
  // Places named one by one keep the question's order ("A和B相差"); reports under one place go by rank.
  if (analysis.places.length > 1) {
    // Each place named is the report it points at first (a district's government's, not its departments' too).
    const first = new Set(analysis.places.flatMap((p) => {
      const own = p.primary.filter((id) => ids.includes(id));
      return own.length ? own : p.docIds.filter((id) => ids.includes(id));
    }));
    ids = ids.filter((id) => first.has(id));
    const order = (id: string) => analysis.places.findIndex((p) => p.docIds.includes(id));
    return [...ids].sort((a, b) => order(a) - order(b)).slice(0, MAX_REPORTS);
  }
  return [...ids].sort((a, b) => (ranked.indexOf(a) + 1 || 1e9) - (ranked.indexOf(b) + 1 || 1e9)).slice(0, MAX_REPORTS);
}

/** One thing asked as the largest or smallest of its kind ("金额最大的一起", "最多的一家", "最高的一笔"). */
const SINGLE_MOST = /最[高大多少低小长短]的?一(起|件|笔|家|宗|个|次|单|户)/u;
/** …as a report states it ("单笔最高", "最大一起", "最高的一家"). */
const SINGLE_STATED = /(最[高大多少低小长短]|单笔|单起|单件|单宗|单次|单户)/u;

/** A count of things the question states before asking what they are ("的7件案件分别涉及哪些", "4件…分别是哪些企业"). */
const RESTATED_COUNT = /(?<![\d.])(\d+)\s*(件|个|项|起|宗|名|家|条|位|批)[^，,。？?]{0,14}?(哪些|哪几|什么)/u;

/** The text states the count ("纠错7件") and names nothing after it ("、", "分别为", "即", "包括", a colon). */
function namesNoneOf(text: string, count: string): boolean {
  const at = text.search(new RegExp(`(?<![\\d.])${count}`, 'u'));
  return at >= 0 && !/[、：:]|分别(为|是)|包括|即/u.test(text.slice(at + count.length));
}

/** What a list question says around the thing it asks the measures of ("在…方面采取了哪些措施"). */
const LIST_WORDS = /(在|围绕|方面|采取|推行|推出|实施|开展|有|主要|工作|措施|举措|做法|办法|了)/gu;

export async function extractiveAnswer(retriever: Retriever, question: string, options: AskOptions, deps: ExtractiveDeps): Promise<AnswerResult> {
  const asks = splitAsks(question);
  if (!asks) return answerOne(retriever, question, options, deps);
  const first = await answerOne(retriever, asks[0], options, deps);
  const second = await answerOne(retriever, asks[1], { ...options, conversationId: first.conversationId }, deps);
  return joinAnswers(first, second, options.topK ?? 5);
}

async function answerOne(retriever: Retriever, question: string, options: AskOptions, deps: ExtractiveDeps): Promise<AnswerResult> {
  const started = performance.now();
  const given = deps.tuning ?? DEFAULT_TUNING;
  const conversationId = options.conversationId ?? newId();
  const topK = options.topK ?? 5;
  const base: Base = { id: newId(), conversationId, timings: {} };

  const previous = await deps.conversations?.context(conversationId);
  const analysis = retriever.analyze(question, options.filters, previous ? { placeDocIds: previous.placeDocIds, year: previous.year } : undefined);
  // An elliptic follow-up ("那成功率呢？") is far in meaning from everything on its own words: no floor for it.
  const tuning = analysis.followUp ? { ...given, floorDense: 0 } : given;

  const finish = async (answer: AnswerResult): Promise<AnswerResult> => {
    const result = withScanNote(answer);
    result.timings = { ...result.timings, totalMs: Number((performance.now() - started).toFixed(1)) };
    await deps.conversations?.add(conversationId, { question, answer: result.answer, placeDocIds: analysis.placeDocIds, year: analysis.year, at: Date.now() });
    return result;
  };
  const inScript = (text: string) => (analysis.script === 'traditional' ? toTraditional(text) : text);
  // Quotes keep the report's own characters where the report is in the question's script.
  const quoteOf = (p: Part) => (p.hit.document.script === analysis.script ? p.text : analysis.script === 'traditional' ? toTraditional(p.simplified) : p.simplified);
  // A report's name as it writes it, in a simplified report; a place named as the question writes it.
  // Only a report whose title conversion would change is looked through: a list of every report stays cheap.
  const spelled = (d: ReportDocument, name: string, texts: string[] = []) => (d.script === 'simplified' && (texts.length || toSimplified(d.title) !== d.title)
    ? ownSpelling(name, [...texts, d.title, ...retriever.paragraphsOf(d.id).slice(0, 3).map((p) => p.text)]) : name);
  const label = (d: ReportDocument) => inScript(spelled(d, reportLabel(d)));
  const named = (names: string[]) => names.map((n) => ownSpelling(n, [question])).join('、');
  const docName = (id: string) => {
    const d = retriever.document(id);
    return d ? label(d) : id;
  };

  if (analysis.unknownPlaces.length && !analysis.placeDocIds) {
    // A body of a place the corpus holds ("碚岭区司法局"): that place's reports are the ones to offer.
    const there = retriever.documents.filter((d) => analysis.unknownPlaces.some((u) => u !== d.locality && [d.locality, ...d.chain].some((p) => u.startsWith(p) && levelOf(p) !== 'province' && levelOf(p) !== 'city')));
    return finish(refusal(inScript(`语料中没有${named(analysis.unknownPlaces)}的报告。现有报告：${reportList(there.length ? there : retriever.documents, label)}。`), base, { reason: 'unknown_place' }));
  }
  /** No report of the places named for the year asked: the reports there are of them (else of every place). */
  const uncovered = (year: number, docIds: string[]) => {
    const docs = docIds.map((id) => retriever.document(id)).filter((d): d is ReportDocument => Boolean(d));
    const have = reportList(docs.length ? docs : retriever.documents, label);
    return finish(refusal(inScript(`语料中没有${named(analysis.places.map((p) => p.name))}${year}年的报告。现有报告：${have}。`), base, { reason: 'uncovered_year' }));
  };
  if (analysis.uncoveredYear !== null) return uncovered(analysis.uncoveredYear, analysis.placeDocIds ?? []);

  const shape = questionType(analysis.search, analysis.acrossReports);
  // "岷澄省2023年收到多少件…" over a city's reports: a figure of a place below is not the province's, nor is its work,
  // ranking or problems ("靳鞘市考核在全省排名第几"); only what a report says of where it stands (meta) is.
  if (analysis.aboveOnly && !analysis.acrossReports && shape.type !== 'meta') {
    const names = named(analysis.places.map((p) => p.name));
    const figures = shape.type === 'numeric' || shape.type === 'arithmetic';
    return finish(refusal(inScript(`未找到：语料中没有${names}本级的报告，其下各地报告中的${figures ? '数字' : '内容'}不是${names}的${figures ? '数字' : '情况'}。`), base, { reason: 'no_evidence', questionType: shape.type }));
  }
  const placeWords = retriever.placeWords();
  const terms = contentTerms(analysis, placeWords, retriever.terms, tuning.alternatives);
  // A question that names no place or report, much of whose words' weight the reports never write, or that asks how a
  // resident gets a service done, is about something else; a year alone does not make it one ("2024年国庆节放假安排是怎样的").
  const aboutReports = analysis.places.length || analysis.followUp || analysis.acrossReports || shape.type === 'superlative';
  if (!aboutReports && (HOW_TO.test(analysis.search) || unwrittenWeight(terms, retriever.terms) > tuning.unwrittenShare)) {
    return finish(refusal(inScript('未找到：现有报告中没有找到能回答这个问题的内容。'), base, { reason: 'no_evidence', questionType: shape.type }));
  }
  // Two years of one place in two reports ("2023年比2022年"): a computation across those reports.
  // Only when the question names the years: a plan's year also lets in the report before ("2023年…比年度目标").
  const byYear = shape.type === 'arithmetic' && (analysis.search.match(/(19|20)\d{2}\s*年/gu)?.length ?? 0) >= 2
    && new Set(analysis.allowedDocIds.map((id) => retriever.document(id)?.year)).size > 1;
  /** A village or community, or a 街道, 镇 or 乡 with no report of its own ("舸籼区籴岭镇"): named only within a report's place. */
  const below = (name: string) => levelOf(name) === 'village' || (/(街道|镇|乡|苏木)$/u.test(name) && !placeWords.includes(name));
  // "崧蔚街道砥石社区": such a place within a place named narrows it, and is no second place.
  const within = (p: PlaceMention) => below(p.name) && analysis.places.some((o) => o !== p && p.docIds.every((id) => o.docIds.includes(id)));
  // A village, or a town with no report of its own, named: only a paragraph that names it (or its own report) speaks of it.
  const villages = analysis.places.map((p) => p.name).filter(below);
  const namesVillages = (hit: Hit) => villages.every((v) => hit.document.locality === v || hit.paragraph.simplified.includes(placeStem(v)));
  const multi = analysis.places.filter((p) => !within(p)).length > 1 || (analysis.acrossReports && (analysis.placeDocIds?.filter((id) => analysis.allowedDocIds.includes(id)).length ?? 2) > 1) || shape.type === 'superlative' || byYear;
  const retrieval = await retriever.retrieve(analysis, { topK: multi ? ACROSS_DEPTH : Math.max(topK, tuning.evidenceDepth) });
  base.timings = { ...retrieval.timings };
  const t0 = performance.now();
  const closest = retrieval.hits.reduce((m, h) => Math.max(m, h.dense ?? 0), 0);
  const extracting = shape.type === 'superlative' || shape.type === 'arithmetic' ? 'numeric' : shape.type === 'meta' ? 'fact' : shape.type;
  const ctx: ExtractContext = {
    type: extracting,
    ...(shape.section ? { section: shape.section } : {}),
    terms,
    search: analysis.search,
    lexical: retriever.terms,
    chars: charWeights(retriever),
    closest,
    aim: shape.aim,
    role: shape.type === 'who' ? askedRole(analysis.search) : null,
    reportWrites: (docId, word) => retriever.paragraphsOf(docId).some((p) => p.simplified.includes(word)),
    predicateShare: tuning.predicateShare,
  };
  // the strength of the sentence that decides, where one does (the general path below), for diagnostics
  let evidence: number | undefined;
  const diagnostics = (reason: 'answered' | 'no_evidence') => ({ reason, questionType: shape.type, ...(evidence === undefined ? {} : { evidence: Number(evidence.toFixed(3)) }) });
  /** An answer from these pieces, cited; not answered when it only says what was found of a question it cannot settle. */
  const done = (parts: Part[], text: (marker: (p: Part) => string) => string, answered = true): Promise<AnswerResult> => {
    const { citations, marker } = numberCitations(parts, retrieval.hits, topK);
    base.timings = { ...base.timings, extractMs: Number((performance.now() - t0).toFixed(2)) };
    return finish({ ...base, answered, answer: text(marker), citations, mode: 'extractive', diagnostics: diagnostics(answered ? 'answered' : 'no_evidence') });
  };
  const notFound = (scope?: string) => {
    base.timings = { ...base.timings, extractMs: Number((performance.now() - t0).toFixed(2)) };
    const names = scope ?? named(analysis.places.map((p) => p.name));
    return finish(refusal(inScript(`未找到：${names ? `${names}的报告` : '现有报告'}中没有找到能回答这个问题的内容。`), base, diagnostics('no_evidence')));
  };
  /** The best answering piece of each report, for questions across reports. */
  const perReport = (docIds: string[], whole = false): { found: Evidence[]; missing: string[] } => {
    const found: Evidence[] = [];
    const missing: string[] = [];
    for (const docId of docIds) {
      const best = bestSentences(retrieval.hits.filter((h) => h.paragraph.docId === docId && namesVillages(h)).slice(0, PER_REPORT), { ...ctx, whole })[0];
      if (best && answers(best, tuning)) found.push(best);
      else missing.push(docId);
    }
    return { found, missing };
  };
  const asPart = (e: Evidence): Part => ({ hit: e.hit, text: e.quote, simplified: e.quoteSimplified });
  /** A quote, prefixed with its report's name unless the quote names the place itself. */
  const quoted = (p: Part, marker: (p: Part) => string) => {
    const body = p.simplified.includes(placeStem(p.hit.document.locality)) ? quoteOf(p) : `${label(p.hit.document)}：${quoteOf(p)}`;
    return `${body.replace(/。$/u, '')}${marker(p)}。`;
  };

  if (shape.type === 'meta' && shape.meta) {
    const ofPlace = analysis.placeDocIds?.filter((id) => analysis.allowedDocIds.includes(id)) ?? [];
    // "2021年度报告是哪天落款的": that year's report, not a later one whose table mentions the year.
    const docIds = analysis.year === null ? ofPlace : ofPlace.filter((id) => [analysis.year, null].includes(retriever.document(id)?.year ?? null));
    if (analysis.year !== null && ofPlace.length && !docIds.length) return uncovered(analysis.year, ofPlace);
    // The report the question names most closely: the one whose own place or issuer it names, else the best ranked.
    const ranked = [...new Set(retrieval.hits.map((h) => h.paragraph.docId))];
    const own = docIds.filter((id) => {
      const d = retriever.document(id);
      return d && analysis.places.some((p) => [d.issuer, d.locality, placeStem(d.locality)].some((n) => p.name === n));
    });
    // A place named is its government's report before its departments' ("蕖湖区属于哪个市": the 区's own report).
    const order = (id: string) => {
      const d = retriever.document(id);
      return d && !analysis.places.some((p) => p.name === d.issuer) && isGovernment(d.issuer, d.locality) ? 0 : 1;
    };
    const pick = (own.length ? own : docIds).sort((a, b) => order(a) - order(b) || (ranked.indexOf(a) + 1 || 1e9) - (ranked.indexOf(b) + 1 || 1e9))[0];
    const doc = pick ? retriever.document(pick) : undefined;
    const fact = doc ? reportFact(doc, shape.meta, documentHits(retriever, doc.id)) : null;
    const hit = fact && doc ? fact.line.hit ?? lineHit(retriever, doc, fact.line.text) : null;
    if (doc && (!fact || !hit) && (shape.meta === 'province' || shape.meta === 'city')) {
      // A report that does not say which province or city it is in: a report of a place below it that does
      // ("臻郅省肄臧市致聿区臧晊街道" for 致聿区), cited where it says so.
      for (const other of retriever.documents) {
        const at = other.chain.indexOf(doc.locality);
        if (other.id === doc.id || at <= 0) continue;
        const stated = reportFact({ ...other, chain: other.chain.slice(0, at) }, shape.meta, documentHits(retriever, other.id));
        const line = stated ? stated.line.hit ?? lineHit(retriever, other, stated.line.text) : null;
        if (!stated || !line) continue;
        const part: Part = { hit: line, text: stated.line.hit ? stated.line.text : line.paragraph.text, simplified: toSimplified(stated.line.text) };
        return done([part], (m) => inScript(`${spelled(doc, doc.locality)}：${stated.value}（据${label(other)}${other.year ? `${other.year}年` : ''}的报告）`) + `${m(part)}。`);
      }
    }
    if (!doc || !fact || !hit) return notFound();
    const part: Part = { hit, text: fact.line.hit ? fact.line.text : hit.paragraph.text, simplified: toSimplified(fact.line.text) };
    return done([part], (m) => inScript(`${spelled(doc, reportLabel(doc))}${doc.year ? `${doc.year}年` : ''}的报告：${spelled(doc, fact.value, [fact.line.text])}`) + `${m(part)}。`);
  }

  if (shape.type === 'section' && shape.section) {
    const ranked = [...new Set(retrieval.hits.map((h) => h.paragraph.docId))];
    const docIds = multi ? acrossDocs(analysis, retrieval.hits, retriever) : ranked.slice(0, 1);
    const parts: Part[] = [];
    for (const docId of docIds) parts.push(...sectionItems(sectionParagraphs(documentHits(retriever, docId), shape.section), shape.section));
    // "短板里，乡镇司法所人手是什么情况": a section asked about one topic is answered by the item that names it, in full.
    // Only an item that names most of the topic's weight, twice as much as any other, in words its report writes ("人手" is
    // no report's word).
    const topic = terms.filter((t) => !SECTION_WORD.test(t.word) && parts.some((p) => ctx.reportWrites?.(p.hit.paragraph.docId, t.word)));
    const weight = (ts: Term[]) => ts.reduce((sum, t) => sum + t.weight, 0);
    // An item is its paragraph, in full, unless the paragraph lists several ("（一）…（二）…").
    const whole = (p: Part): Part => (parts.filter((x) => x.hit.paragraph.id === p.hit.paragraph.id).length > 1 ? p
      : { hit: p.hit, text: p.hit.paragraph.text, simplified: p.hit.paragraph.simplified });
    const named = (p: Part) => weight(topic.filter((t) => whole(p).simplified.includes(t.word)));
    const [first, second] = [...parts].sort((a, b) => named(b) - named(a));
    if (first && named(first) > 0 && named(first) >= 0.5 * weight(topic) && named(first) > 2 * (second ? named(second) : 0)) {
      const item = whole(first);
      return done([item], (marker) => `${label(first.hit.document)}：${quoteOf(item).replace(/[。；;]+$/u, '')}${marker(item)}。`);
    }
    if (parts.length) {
      const byDoc = new Map<string, Part[]>();
      for (const p of parts) byDoc.set(p.hit.document.id, [...(byDoc.get(p.hit.document.id) ?? []), p]);
      return done(parts, (marker) => [...byDoc.values()].map((ps) => {
        const heading = ps[0]!.hit.paragraph.section[0] ?? '';
        const items = ps.map((p) => `${quoteOf(p).replace(/[。；;]+$/u, '')}${marker(p)}`).join('；');
        const title = heading.replace(/^[一二三四五六七八九十]+、/u, '');
        return `${label(ps[0]!.hit.document)}${title ? `（${inScript(toSimplified(title))}）` : ''}：${items}。`;
      }).join('\n'));
    }
  }

  const wantTarget = shape.aim === 'target';
  const unit = questionUnit(analysis.search);
  const years = yearsAsked(analysis.search);
  /** The year asked, else the year of the first report the question allows. */
  const askedYear = analysis.year ?? retriever.document(analysis.allowedDocIds[0] ?? '')?.year ?? null;
  const measure = measureOf(analysis.search, placeWords);
  // The measure in the reports' words, where the question's are everyday ones ("追回的欠薪": "追回 农民工工资 劳动报酬 欠薪").
  const reportsWords = measureOf(analysis.expanded, placeWords);
  // "受理的劳动争议中涉及工伤的有几件": a row that does not name the part counts the whole.
  const partOfWhole = shape.type === 'numeric' ? partAsked(analysis.search) : null;
  // A village or town named below the report's place is answered only by a row that names it (one of them, for a sum).
  const figuresOfTables = (docIds: string[]) => docIds.flatMap((id) => tableFigures(documentHits(retriever, id)))
    .filter((c) => namesPart(partOfWhole, c.part.simplified) && (!villages.length || villages.some((v) => c.part.simplified.includes(placeStem(v)))));
  /** The figures of the tables of these reports (the question's own reports only, when it names a place that has them). */
  // A target asked is read from a column of targets ("2017年目标"), anything else from the others.
  const tablesOf = (docIds: string[], aims: 'asked' | 'both' = 'asked') => figuresOfTables(docIds.filter((id) => analysis.allowedDocIds.includes(id) && (!analysis.ownDocIds || analysis.ownDocIds.includes(id))))
    .filter((c) => aims === 'both' || c.figure.target === wantTarget);
  /** The reports whose table rows the search reached, among the paragraphs read for an answer. */
  const tableRowDocs = () => [...new Set(retrieval.hits.slice(0, tuning.evidenceDepth).filter((h) => TABLE_ROW.test(h.paragraph.text)).map((h) => h.paragraph.docId))];
  // The row is named by the question's own words, not by the reports' places ("崧蔚街道" is no row of its table).
  const rowSearch = withoutNames(analysis.search, placeWords);
  /** A year's cell of a table, as an answer. */
  const yearCell = (cell: YearFigure) => done([cell.part], (m) => `${label(cell.part.hit.document)}：${cell.year}年${cell.figure.before}${cell.figure.text}${m(cell.part)}。`);
  /** "2023年比2022年": one report's table may hold both years; their difference, shown. */
  const fromTable = (pairYears: number[]) => {
    const all = tablesOf(analysis.allowedDocIds);
    const cells = pairYears.map((y) => tableFigure(all, measure, y, 0.5));
    // Every year's cell of one row (a year's column, or a year's row of one measure's column), or nothing.
    if (cells.some((c) => !c)) return null;
    const figures = cells as YearFigure[];
    const first = figures[0]!;
    if (figures.some((f) => f.part.hit.paragraph.docId !== first.part.hit.paragraph.docId || f.row !== first.row)) return null;
    const result = workOut(figures, shape.operation ?? 'difference', analysis.search, (f) => f.year);
    return result ? done(partsOf(figures), (m) => `${label(first.part.hit.document)}：${figures.map((f) => `${f.year}年${f.figure.before}${f.figure.text}${m(f.part)}`).join('，')}：${result.text}。`) : null;
  };
  // A sum over years adds them all ("2019年到2021年三年一共"); a difference sets two against each other.
  const yearsUsed = shape.operation === 'sum' ? years : years.slice(0, 2);
  if (shape.type === 'arithmetic' && years.length >= 2) {
    const computed = fromTable(yearsUsed);
    if (computed) return computed;
  }
  // "2019年罚没款比上年增加了多少": the change a sentence states, else the difference of the table's two years.
  const changeAsked = shape.type === 'numeric' && CHANGE_ASKED.test(analysis.search);
  if (shape.type === 'superlative' || (shape.type === 'arithmetic' && multi)) {
    const docIds = acrossDocs(analysis, retrieval.hits, retriever);
    // "街道和乡镇两份报告相比": a count of reports, none of them named, is of a set the asker has in mind; over another
    // number of reports the answer would be to another question.
    const counted = analysis.places.length ? null : reportsCounted(analysis.search);
    if (counted !== null && counted !== docIds.length) return notFound();
    // The measure in the question's words, else in the reports'.
    const figureOf = (hits: Hit[], docId: string) => {
      // A report's plans state what is to be done, not what was ("全年普法活动不少于60场").
      const parts = sentenceParts(hits.filter((h) => h.paragraph.docId === docId && (wantTarget || !inPlans(h))).slice(0, PER_REPORT));
      return bestFigure(parts, measure, unit, wantTarget, tuning.minLabel, tuning.sentenceLabel) ?? (reportsWords === measure ? null : bestFigure(parts, reportsWords, unit, wantTarget, tuning.minLabel, tuning.sentenceLabel));
    };
    const found = new Map(docIds.map((id) => [id, figureOf(retrieval.hits, id)]));
    // A figure in another unit than the one asked, or a target for what was done, is no answer for its report
    // ("调解成功4021件" for 调解成功率; "目标调解成功率保持在98%以上" beside the rate reached).
    const fits = (m: Measured | null | undefined) => Boolean(m && m.figure.target === wantTarget && (!unit || unitAnswers(m.figure.unit, unit)));
    // A report the wide search left without the figure gets one search of its own (all such reports at once).
    const missing = docIds.filter((id) => !fits(found.get(id)));
    let againHits: Hit[] = [];
    if (missing.length) {
      // …by the measure alone: the other places' names are no words of this report's paragraph ("退役军人事务局" for 苎原县医保局's).
      const alone = withoutNames(analysis.search, analysis.places.map((p) => p.name), '');
      againHits = (await retriever.retrieve({ ...retriever.analyze(alone), allowedDocIds: missing }, { topK: PER_REPORT * missing.length })).hits;
      for (const id of missing) {
        const other = figureOf(againHits, id);
        if (fits(other) || !found.get(id)) found.set(id, other);
      }
      // Still without: the sentence that would answer the question asked of that report alone, if it holds one figure
      // in the unit the others (or the question) give ("开展…活动52场" for 普法宣传活动场次, whose label names no 普法).
      const wanted = unit ?? agreeing(measuredOf(found))[0]?.figure.unit;
      for (const id of wanted ? missing.filter((d) => !fits(found.get(d))) : []) {
        const hits = [...retrieval.hits, ...againHits].filter((h) => h.paragraph.docId === id && (wantTarget || !inPlans(h)));
        const e = bestSentences(hits, ctx).find((x) => answers(x, tuning));
        const inUnit = e ? figuresOf(e.quoteSimplified).filter((f) => f.target === wantTarget && unitAnswers(f.unit, wanted!)) : [];
        if (e && inUnit.length === 1) found.set(id, { part: asPart(e), figure: inUnit[0]! });
      }
    }
    // A report still without the figure, or with one in another unit than the others' ("办理行政许可2375件" is not compared
    // with counts of cases found elsewhere only by its unit): the row of its tables that names the measure ("| 罚没款（万元） |
    // 386.5 |"), of the report's own year, in the others' unit.
    const agreed = baseUnit(agreeing(measuredOf(found).filter(fits))[0]?.figure.unit ?? '');
    for (const id of docIds.filter((d) => !fits(found.get(d)) || baseUnit(found.get(d)!.figure.unit) !== agreed)) {
      const own = retriever.document(id)?.year ?? null;
      const row = namedCell(tablesOf([id]).filter((c) => c.year === null || c.year === own).map((c) => ({ ...c, year: null })), rowSearch, unit, tuning.tableLabel);
      if (row && fits(row.f) && (!agreed || baseUnit(row.f.figure.unit) === agreed)) found.set(id, row.f);
    }
    const figures = agreeing(measuredOf(found).filter(fits));
    // A report compared that states there was none of it ("全年未收到行政复议申请") has none, and is shown so.
    const statedNone = (id: string): Part | undefined => {
      if (shape.type !== 'superlative' || figures.some((f) => f.part.hit.paragraph.docId === id)) return undefined;
      const e = bestSentences([...retrieval.hits, ...againHits].filter((h) => h.paragraph.docId === id && !inPlans(h)), ctx)
        .find((x) => answers(x, tuning) && splitClauses(x.quoteSimplified).some((c) => statesNone(c.simplified) && !narrowedAway(c.simplified, analysis.search) && labelMatch(measure, c.simplified) >= tuning.minLabel));
      return e && asPart(e);
    };
    const nones = docIds.flatMap((id) => { const p = statedNone(id); return p ? [p] : []; });
    const without = docIds.filter((id) => !figures.some((f) => f.part.hit.paragraph.docId === id) && !nones.some((p) => p.hit.paragraph.docId === id));
    // A sum or difference must have every figure it names; a comparison says which reports do not state it.
    const complete = shape.type === 'superlative' || !without.length;
    // The question's own word for the winner ("最高" of a rate), else 最多/最少.
    const most = /[最更][高低大小多少]/u.exec(analysis.search)?.[0] ?? (shape.order === 'min' ? '最少' : '最多');
    if (figures.length && figures.length + nones.length >= 2 && complete) {
      const parts = [...figures.map((f) => f.part), ...nones];
      const figureText = (f: Measured, m: (p: Part) => string) => `${label(f.part.hit.document)}${f.figure.text}${m(f.part)}`;
      const noneText = (m: (p: Part) => string) => nones.map((p) => `${label(p.hit.document)}${quoteOf(p).replace(/[。；;]+$/u, '')}${m(p)}`);
      if (shape.type === 'superlative' && shape.order === 'min' && nones.length && !without.length) {
        return done(parts, (m) => `${inScript(most)}：${noneText(m).join('，')}（${figures.map((f) => figureText(f, m)).join('，')}）。`);
      }
      const unstated = without.length ? inScript(`${without.map(docName).join('、')}的报告未写明这一数字。`) : '';
      if (shape.type === 'superlative' && without.length && analysis.places.length >= 2) {
        // A place named whose figure was not found may be the one that wins: what was found is shown, no winner named.
        const shown = (m: (p: Part) => string) => [...figures.map((f) => figureText(f, m)), ...noneText(m)].join('，');
        return done(parts, (m) => inScript(`未找到：${without.map(docName).join('、')}的报告中没有找到这一数字，无法确定哪家${most}。`) + `已找到的：${shown(m)}。`, false);
      }
      if (shape.type === 'superlative') {
        const sorted = [...figures].sort((a, b) => (shape.order === 'min' ? a.figure.value - b.figure.value : b.figure.value - a.figure.value));
        const win = sorted[0]!;
        return done(parts, (m) => `${label(win.part.hit.document)}${inScript(most)}：${win.figure.text}${m(win.part)}（${[...sorted.slice(1).map((f) => figureText(f, m)), ...noneText(m)].join('，')}）。${unstated}`);
      }
      const result = compute(figures, shape.operation ?? 'sum', unit);
      if (result) {
        return done(parts, (m) => `${figures.map((f) => figureText(f, m)).join('，')}：${result.text}。`);
      }
    }
    return notFound();
  }

  /** Two figures and what was worked out of them, each figure with its label (and its year, for a change over years). */
  const pairAnswer = (pair: Measured[], worked: string, withYears: boolean) => {
    // With its year in front, the label's own year ("2022年全镇…", "上年…") is not repeated.
    // A label up to 20 characters is its clause whole ("县行政复议局全年收到行政复议申请", not "议局全年收到…").
    const short = (before: string) => (before.length <= 20 ? before : before.slice(-12));
    const labelOf = (f: Measured) => (withYears ? `${yearOf(f)}年${short(f.figure.before.replace(/\d+\s*年|上一?年度?|去年|同期/gu, ''))}` : short(f.figure.before));
    return done(partsOf(pair), (m) => `${pair.map((f) => `${inScript(labelOf(f))}${f.figure.text}${m(f.part)}`).join('，')}：${worked}。`);
  };
  /** Table cells worked out, each by its row and column ("农村低保保障人数630人"). */
  const rowsAnswer = (rows: YearFigure[], worked: string) =>
    done(partsOf(rows), (m) => `${label(rows[0]!.part.hit.document)}：${rows.map((f) => `${inScript(cellLabel(f))}${f.figure.text}${m(f.part)}`).join('，')}：${worked}。`);
  /** One row of a report's tables for each side, each named by its row's label (its own words there), in one column. */
  const sideRows = (sides: string[]): YearFigure[] => {
    // A table of measures, or of years in the year asked ("立案数与结案数相差多少": two rows of the 2023 column).
    const cells = tablesOf(tableRowDocs()).filter((c) => c.year === null || (askedYear !== null && c.year === askedYear));
    const rows = sides.map((side) => {
      // "还有多少项未整改": the part done is a bare step, in a row that holds it ("已整改隐患（项）").
      const own = cells.filter((c) => c.row.length >= 2 && (side.includes(c.row.slice(0, 2)) || c.row.includes(side)) && ownPairs(side, sides).some((pair) => c.row.includes(pair)));
      // In a table of years, the rows are already those that begin with the side and hold what tells it from the other;
      // in a table of measures, the one row so named.
      return namedCell(own, rowSearch, unit, tuning.tableLabel)?.f ?? (askedYear === null ? undefined : tableFigure(own, side, askedYear, 0) ?? undefined)
        ?? (own.length === 1 && own[0]!.year === null ? own[0] : undefined);
    });
    const found = rows.filter((f): f is YearFigure => f !== undefined);
    // …in one table and one column: two rows' figures of different columns are no sum.
    // …and each side a row of its own.
    return found.length === sides.length && new Set(found.map((f) => f.column)).size === 1 && new Set(found.map((f) => f.part.hit.paragraph.docId)).size === 1
      && new Set(found.map((f) => f.row)).size === found.length ? found : [];
  };
  /** The target and what was done of one year in one row of a table, the row named by the measure asked; else none. */
  const targetBeside = (): YearFigure[] => {
    const cells = tablesOf(analysis.allowedDocIds, 'both');
    // The measure without what it is set against ("新引进项目比目标多了几个", "食品抽检批次的目标值和完成值": the row's name).
    const of = measureOf(analysis.search.replace(AIMS_TAIL, ''), placeWords);
    const achieved = askedYear === null ? null : rowFigure(cells.filter((c) => !c.figure.target), of, askedYear, tuning.tableLabel);
    const target = achieved ? targetOf(cells, achieved) : undefined;
    return achieved && target ? [target, achieved] : [];
  };
  /** The paragraphs read for one report's answer that hold answering evidence. */
  const answeringHits = () => retrieval.hits.slice(0, tuning.evidenceDepth).filter((h) => bestSentences([h], ctx).some((e) => answers(e, tuning)));
  // "维持、纠错、撤回申请的各有多少件": a figure for each thing named, from one report's paragraphs read.
  const each = shape.type === 'numeric' && !multi ? eachSides(analysis.search, placeWords) : [];
  if (each.length) {
    const figures = eachFigures(sentenceParts(answeringHits()), each, wantTarget, unit);
    if (figures.length) {
      return done(partsOf(figures), (m) => `${label(figures[0]!.part.hit.document)}：${figures.map((f) => `${inScript(f.figure.before.slice(-12))}${f.figure.text}${m(f.part)}`).join('，')}。`);
    }
  }

  if (shape.type === 'arithmetic' && villages.length) {
    // "埙东社区和泽园社区一共受理了多少件": each community's row of a table, or nothing (never the whole place's figures).
    const cells = tablesOf(analysis.allowedDocIds);
    const figures = villages.map((v) => namedCell(cells.filter((c) => c.row.includes(placeStem(v))), rowSearch, unit, tuning.tableLabel)?.f);
    const result = figures.every(Boolean) && figures.length >= 2 ? compute(figures as YearFigure[], shape.operation ?? 'sum', unit) : null;
    return result ? rowsAnswer(figures as YearFigure[], result.text) : notFound();
  }
  if (shape.type === 'arithmetic') {
    const read = answeringHits();
    const jointly = shape.operation === 'sum' ? jointlyStated(analysis.search) : null;
    const together = jointly ? bestSentences(read, ctx).find((e) => {
      const at = jointly.exec(e.quoteSimplified);
      const figure = at ? figuresOf(e.quoteSimplified.slice(at.index + at[0].length - 1))[0] : undefined;
      return answers(e, tuning) && figure && (!unit || unitAnswers(figure.unit, unit)) && !/分别/u.test(e.quoteSimplified);
    }) : undefined;
    if (together) {
      const part = asPart(together);
      return done([part], (m) => quoted(part, m));
    }
    // Places joined whose figures are not in reports of their own: one report's two figures would answer another question.
    if (joinsPlaces(analysis.search, placeWords)) return notFound();
    const versusTarget = VERSUS_TARGET.test(analysis.search);
    const sides = versusTarget ? [] : measureSides(analysis.search, placeWords);
    // Against a target, the thing measured is what stands before it ("“双随机”实际抽查比计划多抽了多少户": 双随机实际抽查).
    const measured = versusTarget ? measureOf(analysis.search.replace(VERSUS_TARGET_TAIL, ''), placeWords) : measure;
    // "新引进项目比目标多了几个": a table's row with the year's target beside what was done ("新引进项目（个） | 38 | 45 | 52")
    // answers as it stands.
    const tabled = versusTarget ? targetBeside() : [];
    const fromTabled = tabled.length ? compute(tabled, 'difference', unit) : null;
    if (fromTabled) return rowsAnswer(tabled, fromTabled.text);
    // The year's target is not the next year's plan ("一是拟开展审计项目44个" under 下一步工作打算).
    const pairRead = versusTarget ? read.filter((h) => !(inPlans(h) && h.document.year === askedYear)) : read;
    // "2019年比2018年增加了多少家": a sentence that shows the change from the earlier year ("总数由2018年的96家增加到128家").
    if (shape.operation === 'difference' && years.length === 2 && !versusTarget) {
      const earlier = Math.min(...yearsUsed);
      for (const part of sentenceParts(pairRead.filter((h) => analysis.allowedDocIds.includes(h.paragraph.docId)))) {
        const change = shownChange(part.simplified, measured, unit);
        if (!change || !part.simplified.slice(Math.max(0, change.from.index - 12), change.from.index).includes(`${earlier}年`)) continue;
        if (labelMatch(measured, change.from.before) < tuning.minLabel) continue;
        const shown = [{ part, figure: change.to }, { part, figure: change.from }];
        const result = workOut(shown, 'difference', analysis.search, (m) => (m === shown[1] ? earlier : Math.max(...yearsUsed)));
        if (result) return done([part], (m) => `${quoted(part, m).replace(/。$/u, '')}：${result.text}。`);
      }
    }
    const undone = undoneParts(analysis.search);
    const pair = pairInReport(sentenceParts(pairRead), measured, sides, years.length >= 2 ? yearsUsed : [], wantTarget, { sum: shape.operation === 'sum', versusTarget, unit, together: tuning.sidesTogether, undone });
    // "农村低保对象比城市低保对象多多少人": each side a row of one table ("农村低保 | 6462 | 3931.4"), in the column asked.
    const rows = !pair.length && sides.length >= 2 && years.length < 2 ? sideRows(sides) : [];
    const fromRows = rows.length ? compute(rows, shape.operation ?? 'sum', unit) : null;
    if (fromRows) return rowsAnswer(rows, fromRows.text);
    // The part left undone cannot be more than the whole it is part of: such a pair is two other figures.
    // …nor is a part the report counts as not done ("检出不合格47批次" for "不合格的有多少批次"): it is the answer itself.
    const notAPart = undone && pair.length === 2 && (pair[0]!.figure.value < pair[1]!.figure.value || (sides[1] !== undefined && notSo(sides[1]).test(pair[1]!.figure.before)));
    const result = notAPart ? null : workOut(pair, shape.operation ?? 'sum', analysis.search);
    // The part left undone is no change over the year before: without its two figures, nothing.
    if (!result && undone) {
      // "没罚款的案子有多少件": a report may count what was not done itself ("不予处罚案件143件", "对89家…依法不予处罚").
      // Not one the problems section counts ("仍有3件案件未按期结案"): that is a symptom, not the year's tally.
      const counted = bestSentences(read, ctx).find((e) => answers(e, tuning) && !inProblems(e.hit) && statesUndone(e.quoteSimplified, unit));
      if (!counted) return notFound();
      const part = asPart(counted);
      return done([part], (m) => quoted(part, m));
    }
    if (!result) {
      // A change shown as two values ("1240人次，较2022年的960人次", "由46.3%提高到66.7%"), in the unit asked: worked out.
      for (const e of bestSentences(read, ctx).filter((x) => answers(x, tuning))) {
        // Not against a target: a change shown is against the year before.
        const change = shape.operation === 'difference' && !versusTarget ? shownChange(e.quoteSimplified, measure, unit) : null;
        if (!change) continue;
        const part = asPart(e);
        return done([part], (m) => `${quoted(part, m).replace(/。$/u, '')}：${changeText(change)}。`);
      }
      // The report may state the change itself ("比上年增长21.9%"; against a target, one that names it), or the sum
      // ("…补助资金合计4862.7万元"): quote it rather than compute.
      const answering = bestSentences(read, ctx).filter((e) => answers(e, tuning));
      // A sum asked of one figure for both ("新开张的公司和个体户一共多少户": 新登记市场主体…户，同比增长…) is quoted; a
      // sentence that gives each its own change ("对64件…不予处罚，对29件…减轻处罚，较上年分别增长…") states no sum.
      const single = (e: Evidence) => shape.operation !== 'sum' || !/分别/u.test(e.quoteSimplified);
      const stated = (shape.operation === 'sum' ? answering.find((e) => STATED_TOTAL.test(e.quoteSimplified)) : undefined)
        ?? answering.find((e) => STATED.test(e.quoteSimplified) && single(e) && (!versusTarget || /(计划|目标|预期|任务)/u.test(e.quoteSimplified)));
      if (!stated) return notFound();
      const part = asPart(stated);
      return done([part], (m) => quoted(part, m));
    }
    return pairAnswer(pair, result.text, years.length >= 2);
  }

  if (multi) {
    const { found, missing } = perReport(acrossDocs(analysis, retrieval.hits, retriever));
    if (!found.length) return notFound();
    const parts = found.map(asPart);
    // A report named in the question that does not say is reported as such, not left out silently.
    const unstated = analysis.placeDocIds ? missing.map((id) => inScript(`${docName(id)}：报告中未找到相关内容。`)) : [];
    return done(parts, (m) => [...parts.map((p) => quoted(p, m)), ...unstated].join('\n'));
  }

  // The reports the question points at first (the county's own, not its departments') win unless another says clearly more.
  const preferred = analysis.preferredDocIds;
  const weigh = (e: Evidence) => e.strength * (!preferred || preferred.includes(e.hit.paragraph.docId) ? 1 : tuning.otherReport);
  // A year asked of a report about another year ("2019年" in the 2020 report) is answered only by a sentence that names it.
  // A later year named in a report's plans ("力争2018年…压缩至3个工作日" in the 2017 report) is a target, not what was done.
  const ofYear = (e: Evidence) => analysis.year === null || e.hit.document.year === analysis.year
    || (e.hit.document.year === analysis.year - 1 && shape.aim === 'target') || (e.quoteSimplified.includes(`${analysis.year}年`)
      && !(shape.aim !== 'target' && analysis.year > (e.hit.document.year ?? analysis.year) && (PLANNED.test(e.quoteSimplified) || inPlans(e.hit))));
  // A county's own reports answer for the county; a township's report below it does not, unless no report of the county's own is allowed.
  const own = analysis.ownDocIds;
  const ofPlace = (e: Evidence) => !own || own.includes(e.hit.paragraph.docId);
  // What was done, asked of a sentence that states only plans ("2023年计划完成…9.5亿元" for "2023年实际完成多少"), is not answered by it.
  // …and a target asked ("年度目标是多少场") is not answered by a sentence that states none ("开展…186场").
  const ofAim = (e: Evidence) => shape.type !== 'numeric' || !figuresOf(e.quoteSimplified).length
    || (shape.aim === 'achieved' ? figuresOf(e.quoteSimplified).some((f) => !f.target)
      : shape.aim !== 'target' || figuresOf(e.quoteSimplified).some((f) => f.target) || PLANNED.test(e.quoteSimplified) || inPlans(e.hit));
  // A year asked of that year's own report: its plans section is for the years after ("2025年的目标", "2023年的重大行政决策" in
  // the 2025 and 2023 reports are not their plans for next year).
  // …unless the question names the later year the plans are for ("在2023年报告中提出，2024年…力争提高到多少").
  const laterYears = years.filter((y) => analysis.year !== null && y > analysis.year);
  const ofPlanYear = (e: Evidence) => analysis.year === null || e.hit.document.year !== analysis.year
    || !inPlans(e.hit) || e.quoteSimplified.includes(`${analysis.year}年`)
    || laterYears.some((y) => y === analysis.year! + 1 || e.hit.paragraph.simplified.includes(`${y}年`));
  // "副组长是谁": a sentence holding that post, or none.
  const ofPerson = (e: Evidence) => e.holdsPost;
  // "XX街道砥石社区调解了多少": a village or community named below a report's own place is answered only by a paragraph that names it.
  // "采取了哪些处理措施": what was done is listed among the work, not in the problems or, unless a plan is asked, the plans.
  const ofWork = (e: Evidence) => shape.type !== 'list' || !(inProblems(e.hit) || (!wantTarget && inPlans(e.hit)));
  const ofVillage = (e: Evidence) => namesVillages(e.hit);
  // A change asked is answered by a sentence that states one or shows the two values, not by the year's figure alone.
  // …a change asked in a count ("多了几件") by one stated in that count, not by a rate ("较上年增长13.2%").
  const countAsked = unit !== null && !isRate(unit) && (analysis.search.includes(`多少${unit}`) || analysis.search.includes(`几${unit}`));
  const ofChange = (e: Evidence) => !changeAsked || shownChange(e.quoteSimplified, measure) !== null
    || (countAsked ? STATED.test(e.quoteSimplified) && statesChangeIn(e.quoteSimplified, unit) : STATED.test(e.quoteSimplified) || STATED_CHANGE.test(e.quoteSimplified));
  const candidates = bestSentences(retrieval.hits.slice(0, tuning.evidenceDepth), ctx);
  evidence = candidates.reduce<number | undefined>((m, e) => Math.max(m ?? 0, e.strength), undefined);
  const answering = candidates.filter((e) => answers(e, tuning) && ofYear(e) && ofPlace(e) && ofAim(e) && ofChange(e) && ofPlanYear(e) && ofPerson(e) && ofVillage(e) && ofWork(e)).sort((a, b) => weigh(b) - weigh(a));
  // "2022年打算…" of the 2021 report: its plans for that year, not the year's own target ("年初计划…300人，实际完成342人").
  const forYear = shape.aim === 'target' && analysis.year !== null
    ? answering.filter((e) => e.hit.document.year === analysis.year! - 1 && (e.quoteSimplified.includes(`${analysis.year}年`) || inPlans(e.hit))) : [];
  let best = answering.some((e) => e.hit.document.year === analysis.year) ? answering[0] : forYear[0] ?? answering[0];
  // "受理的纠纷都有哪几类": a sentence that names several things, over a stronger one that names one (a count).
  if (best && shape.type === 'list' && !best.shaped) {
    const listing = answering.find((e) => e.shaped);
    if (listing && weigh(listing) >= tuning.shapedShare * weigh(best)) best = listing;
  }
  if (best && outweighedByOtherKind(best, candidates.filter((e) => ofPlace(e) && ofYear(e)), analysis.search)) best = undefined;
  // "郗水镇有什么特色小吃": the report's preamble ("…在县委、县政府的坚强领导下，…取得新成效") lists nothing asked of it
  // unless it holds the question's rarest word.
  if (best && !best.key && shape.type === 'list' && inPreamble(best.hit)) best = undefined;
  // "罚款金额最大的一起罚了多少钱": the largest single one is stated only by a sentence that names it so, never by a total.
  if (best && shape.type === 'numeric' && SINGLE_MOST.test(analysis.search) && !SINGLE_STATED.test(best.quoteSimplified)) best = undefined;
  // "纠错的7件案件分别涉及哪些部门": what a count the question restates is made of is named only by a sentence that names
  // several things; one that states the count again ("其中纠错7件") names none of them.
  const restated = shape.type === 'list' || shape.type === 'fact' ? RESTATED_COUNT.exec(analysis.search) : null;
  if (best && restated && namesNoneOf(best.quoteSimplified, `${restated[1]}${restated[2]}`)) best = undefined;
  // "查处了多少件直播带货违法案件" of a report that writes 直播带货 only among its problems, and there more strongly: the
  // question's rarest word is the report's own, so a sentence without it, close only in meaning, counts something broader.
  if (best && !best.keyInParagraph && shape.type === 'numeric' && candidates.some((e) => e.key && e.strength > best!.strength
    && e.hit.paragraph.docId === best!.hit.paragraph.docId && (inProblems(e.hit) || inPlans(e.hit)))) best = undefined;
  if (best) evidence = best.strength;
  // A table's figure that names the measure ("人民调解案件（件） | 9860 | 10427" for 2024; the 砥石社区 row's 调解成功（件）)
  // answers over a sentence whose figure names it less well ("人民调解案件调解成功率达到98.4%"). Only the tables of reports
  // the search reached by a row are read; a table holds what was done, never a target.
  // "查处的案件涉及哪些领域", "表里列了哪几项指标": the rows of a table whose head names that kind ("领域 | 立案数（件） | …").
  // "按领域分为哪些类别": the rows are what 按 names.
  const listedRows = shape.type === 'list' ? /按([\u4e00-\u9fff]{2,4}?)(?:分为|划分|分|统计)/u.exec(analysis.search)?.[1]
    ?? /(?:哪些|哪几项|哪几类|哪几个|哪几种|哪几|什么)([\u4e00-\u9fff]{2,4}?)(?:[？?]|$)/u.exec(analysis.search)?.[1] : undefined;
  if (listedRows) {
    const rows = [...new Map(tablesOf(tableRowDocs()).filter((c) => c.rows.length >= 2 && (c.rows.includes(listedRows) || listedRows.includes(c.rows)) && !TOTAL_ROW.test(c.row))
      .map((c) => [`${c.part.hit.paragraph.docId}\u0000${c.row}`, c])).values()];
    const ofOne = rows.filter((c) => c.part.hit.paragraph.docId === rows[0]?.part.hit.paragraph.docId);
    if (ofOne.length >= 2) return done(ofOne.map((c) => c.part), (m) => `${label(ofOne[0]!.part.hit.document)}：${ofOne.map((c) => `${inScript(c.row)}${m(c.part)}`).join('、')}。`);
  }
  // "深化“放管服”改革有哪些措施": the paragraphs under the report's heading of it, each quoted whole.
  // …of the report answering, or of the one report of the place named where no sentence does (a heading is evidence enough).
  const listDoc = best?.hit.paragraph.docId ?? (analysis.placeDocIds?.length === 1 ? analysis.placeDocIds[0] : undefined);
  const headed = shape.type === 'list' && listDoc ? headedParagraphs(documentHits(retriever, listDoc), measure.replace(LIST_WORDS, '')).slice(0, 2) : [];
  if (headed.length) {
    const parts = headed.map((hit) => ({ hit, text: hit.paragraph.text, simplified: hit.paragraph.simplified }));
    return done(parts, (m) => `${label(headed[0]!.document)}：${parts.map((p) => `${quoteOf(p).replace(/[。；;]+$/u, '')}${m(p)}`).join('；')}。`);
  }
  // "开展了哪些主题的普法活动" best answered by a table's head ("活动 | 场次 | 受众（人次）"): what it lists are its rows.
  const items = shape.type === 'list' && best ? tableItems(documentHits(retriever, best.hit.paragraph.docId), best.hit) : [];
  if (best && items.length >= 2) {
    const parts = items.map((r) => ({ hit: r.hit, text: r.hit.paragraph.text, simplified: r.hit.paragraph.simplified }));
    return done(parts, (m) => `${label(best!.hit.document)}：${items.map((r, i) => `${inScript(r.name)}${m(parts[i]!)}`).join('、')}。`);
  }
  // "目标值和完成值各是多少": both cells of a table's row that sets a year's target beside what was done.
  const bothAims = BOTH_AIMS.test(analysis.search);
  if (shape.type === 'numeric' && bothAims) {
    const aimed = targetBeside();
    if (aimed.length) return done(partsOf(aimed), (m) => `${label(aimed[0]!.part.hit.document)}：${aimed[0]!.year}年${aimed.map((f) => `${inScript(cellLabel(f))}${f.figure.text}${m(f.part)}`).join('，')}。`);
  }
  // A rate per person or per month ("每人每月多少钱", "发放标准") is not a table's total.
  // …and a question that asks both is not answered by one of the two cells (the row itself is quoted, below).
  if (shape.type === 'numeric' && !changeAsked && !bothAims && !PER_UNIT.test(analysis.search)) {
    const cells = tablesOf(tableRowDocs());
    const bestFigure = best ? figureFor(best.quoteSimplified, measure, wantTarget) : null;
    const bestMatch = bestFigure?.match ?? 0;
    // A target asked in other words than its column's ("计划多少批次" of a column headed 年度目标): the row names the measure.
    const aimless = measure.replace(/(年初|年度|全年|原定)?(计划|目标|预期|任务)(值|数)?/gu, '');
    const cell = analysis.year === null ? null
      : tableFigure(cells, measure, analysis.year, tuning.tableLabel) ?? (reportsWords === measure ? null : tableFigure(cells, reportsWords, analysis.year, tuning.tableLabel))
        ?? (wantTarget && aimless !== measure && aimless.length >= 2 ? rowFigure(cells, aimless, analysis.year, tuning.tableLabel) : null);
    // A row of a step alone ("受理（件）" in a table on 行政复议) holds no more of the measure than its step: it does not
    // outweigh a sentence that names the measure.
    const cellMatch = cell && (bareStep(cell.row) ? pairMatch(measure, cell.figure.before) : labelMatch(measure, cell.figure.before));
    if (cell && cellMatch !== null && (!unit || unitAnswers(cell.figure.unit, unit)) && cellMatch > bestMatch) return yearCell(cell);
    const ofReportYear = cells.filter((c) => analysis.year === null || c.part.hit.document.year === analysis.year);
    const named = namedCell(ofReportYear, rowSearch, unit, tuning.tableLabel);
    // As well matched, the row and column that hold more of what is asked win ("燃气安全类…罚没款": the 燃气安全 row's, not the total's).
    if (named && (named.match > bestMatch || (named.match === bestMatch && bestFigure
      && pairMatch(measure, named.f.figure.before) > pairMatch(measure, bestFigure.figure.before)))) {
      const f = named.f;
      return done([f.part], (m) => `${label(f.part.hit.document)}：${inScript(cellLabel(f))}${f.figure.text}${m(f.part)}。`);
    }
  }
  // A row of a table by years, chosen as the answer ("行政诉讼败诉（件） | 5 | 3"): the cell of the year asked, else the report's own.
  if (best && shape.type === 'numeric' && !changeAsked && !bothAims && TABLE_ROW.test(best.hit.paragraph.text)) {
    const row = best.hit;
    const year = analysis.year ?? row.document.year;
    const cell = tablesOf([row.paragraph.docId]).find((c) => c.part.hit.paragraph.id === row.paragraph.id && c.year === year);
    if (cell) return yearCell(cell);
  }
  if (!best && changeAsked && years.length >= 1) {
    const computed = fromTable([years[0]!, years[0]! - 1]);
    if (computed) return computed;
  }
  if (!best && changeAsked) {
    // "比上年多了多少件" of two sentences ("立案查处违法案件142件" … "上年立案查处违法案件118件"): their difference, shown.
    const read = answeringHits();
    const year = years[0] ?? read[0]?.document.year;
    const pair = year ? pairInReport(sentenceParts(read), measure, [], [year, year - 1], false, { unit }) : [];
    const result = workOut(pair, 'difference', analysis.search);
    if (result) return pairAnswer(pair, result.text, true);
  }
  // "“一次办好”事项上年是多少项" of "…97项，比上年增加19项": the year before the report's, asked without its number.
  if (shape.type === 'numeric' && analysis.year === null && PRIOR_YEAR_ASKED.test(analysis.search) && !STATED_CHANGE.test(analysis.search)) {
    for (const e of answering) {
      const prior = priorYearFigure(e.quoteSimplified, measure, tuning.minLabel);
      const year = e.hit.document.year;
      const p = asPart(e);
      if (prior && year) return done([p], (m) => `${label(e.hit.document)}${year}年：${inScript(prior.stated)}${m(p)}；${year - 1}年为 ${prior.computed}。`);
    }
  }
  if (!best && analysis.year !== null && shape.type === 'numeric') {
    // The year before the report's, from a figure and its stated change ("2022年" of "87件，较上年增加9件" in the 2023 report).
    const year = analysis.year;
    for (const e of bestSentences(retrieval.hits.slice(0, tuning.evidenceDepth), ctx).filter((x) => answers(x, tuning) && ofPlace(x) && x.hit.document.year === year + 1)) {
      const prior = priorYearFigure(e.quoteSimplified, measure, tuning.minLabel);
      const p = asPart(e);
      if (prior) return done([p], (m) => `${label(e.hit.document)}${year + 1}年：${inScript(prior.stated)}${m(p)}；${year}年为 ${prior.computed}。`);
    }
    // A year the text does not give may stand in a table's column ("2022年" beside "2023年").
    const cell = tableFigure(tablesOf(analysis.allowedDocIds), measure, analysis.year, tuning.tableLabel);
    if (cell && (!unit || !cell.figure.unit || unitAnswers(cell.figure.unit, unit))) return yearCell(cell);
  }
  // "事故死亡人数比2023年下降了吗" of a table by years ("事故死亡人数（人） | 6 | 4"): the two years' cells settle it.
  const turned = shape.type === 'yesno' ? YEAR_TURN.exec(analysis.search) : null;
  if (turned) {
    const year = analysis.year ?? best?.hit.document.year ?? null;
    const before = years.find((y) => year !== null && y < year) ?? (year === null ? null : year - 1);
    const all = tablesOf(analysis.allowedDocIds);
    const of = measureOf(analysis.search.slice(0, turned.index), placeWords);
    const [then, now] = year === null || before === null || of.length < 2 ? [] : [before, year].map((y) => tableFigure(all, of, y, tuning.tableLabel));
    if (then && now && then.row === now.row && then.part.hit.paragraph.docId === now.part.hit.paragraph.docId && then.figure.value !== now.figure.value) {
      const lead = (now.figure.value < then.figure.value) === /(下降|减少|降低|回落|少|低)/u.test(turned[2] ?? '') ? '是的。' : '没有。';
      return done(partsOf([then, now]), (m) => `${inScript(lead)}${label(now.part.hit.document)}：${inScript(cellLabel(now))}${then.year}年${then.figure.text}${m(then.part)}，${now.year}年${now.figure.text}${m(now.part)}。`);
    }
  }
  if (!best) return notFound();
  // "好评率达到目标了吗" of a table's row with the year's target beside what was done: the two cells settle it.
  // The sentence chosen may state what was done alone ("为276家企业提供法律体检"): the report's table row for the measure
  // with its target beside settles it as well.
  if (shape.type === 'yesno' && MET_ASKED.test(analysis.search)) {
    const row = best.hit.paragraph.id;
    const cells = TABLE_ROW.test(best.hit.paragraph.text) ? tablesOf([best.hit.paragraph.docId], 'both').filter((c) => c.part.hit.paragraph.id === row) : [];
    const inRow = cells.find((c) => !c.figure.target && c.year === (analysis.year ?? best!.hit.document.year));
    const [target, achieved] = inRow ? [targetOf(cells, inRow), inRow] : targetBeside();
    if (achieved && target && baseUnit(target.figure.unit) === baseUnit(achieved.figure.unit)) {
      const lead = achieved.figure.value >= target.figure.value ? '是的。' : '没有。';
      return done([achieved.part], (m) => `${inScript(lead)}${label(achieved.part.hit.document)}：${achieved.year}年${inScript(cellLabel(target))}${target.figure.text}，${inScript(achieved.column)}${achieved.figure.text}${m(achieved.part)}。`);
    }
  }
  if (shape.type === 'yesno' && !polarity(best.quoteSimplified, yesNoTerms(ctx), analysis.search)) {
    // A sentence that settles nothing ("依法加强文物保护"), or a plan, which says nothing of what was done: a sentence that
    // settles it ("未发生文物被盗", "仍有5个未配备") answers instead, if nearly as strong (a plan gives way to any).
    const keyWords = yesNoTerms(ctx);
    const planned = (e: Evidence) => (PLANNED.test(e.quoteSimplified) && !saysMetOrMissed(e.quoteSimplified)) || inPlans(e.hit);
    // Whether a target was met: a sentence of its own paragraph that says so ("…参保率96.4%…，但未完成年初目标") first.
    const sibling = inPlans(best.hit) || !MET_ASKED.test(analysis.search) ? undefined : splitSentences(best.hit.paragraph.text).find((x) => x.simplified !== best!.quoteSimplified
      && keyWords.some((t) => x.simplified.includes(t)) && polarity(x.simplified, keyWords, analysis.search));
    const settled = sibling ? undefined : candidates.filter((e) => e !== best && answers(e, tuning) && ofYear(e) && ofPlace(e) && !planned(e) && polarity(e.quoteSimplified, keyWords, analysis.search))
      .sort((a, b) => weigh(b) - weigh(a))[0];
    if (sibling) best = { ...best, quote: sibling.text.replace(/[；;，,]$/u, ''), quoteSimplified: sibling.simplified.replace(/[；;，,]$/u, '') };
    else if (settled && (planned(best) || weigh(settled) >= tuning.shapedShare * weigh(best))) best = settled;
    // A table's row settles nothing and tells less than a sentence of the same facts ("行政诉讼一审案件43件，败诉3件").
    const prose = TABLE_ROW.test(best.hit.paragraph.text)
      ? answering.find((e) => !TABLE_ROW.test(e.hit.paragraph.text) && weigh(e) >= tuning.shapedShare * weigh(best!)) : undefined;
    if (prose) best = prose;
  }
  const part = asPart(best);
  // A change asked of a sentence that shows the two values without stating the change ("由68个工作日压缩至32个工作日"): worked out.
  const change = shape.type === 'numeric' && (changeAsked || CHANGE_BY_VERB.test(analysis.search)) && !statesChangeIn(best.quoteSimplified, unit) ? shownChange(best.quoteSimplified, measure, unit) : null;
  if (change) return done([part], (m) => `${quoted(part, m).replace(/。$/u, '')}：${changeText(change)}。`);
  // "抽检合格的有多少批次" of "抽检2460批次，检出不合格47批次": the whole less the part that is not so, worked out.
  const split = shape.type === 'numeric' && !changeAsked ? wholeAndNot(best.quoteSimplified, analysis.search, unit) : null;
  const rest = split ? compute(split.map((figure) => ({ part, figure })), 'difference', unit) : null;
  if (rest) return done([part], (m) => `${quoted(part, m).replace(/。$/u, '')}：${rest.text}。`);
  // "新设经营主体按类型分别是多少": the total and the sentence after it that breaks it down ("其中企业2318户、个体工商户…").
  // "查处的案件分为哪几类": a total so broken down answers a list of kinds too. The breakdown may follow the total's
  // sentence after parts joined by semicolons ("…1187件…；结案1132件…。其中食品安全案件362件，…").
  if ((shape.type === 'numeric' && BREAKDOWN.test(analysis.search)) || (shape.type === 'list' && listedKind(analysis.search) !== null && hasFigure(best.quoteSimplified))) {
    const sentences = splitSentences(best.hit.paragraph.text);
    const at = sentences.findIndex((x) => x.simplified.replace(/[。；;，,]$/u, '').endsWith(best!.quoteSimplified.replace(/[。；;，,]$/u, '')));
    let after = at + 1;
    while (at >= 0 && after < sentences.length && /[；;]\s*$/u.test(sentences[after - 1]!.simplified) && !/^其中/u.test(sentences[after]!.simplified)) after++;
    const next = at >= 0 ? sentences[after] : undefined;
    if (next && /^其中/u.test(next.simplified) && figuresOf(next.simplified).length >= 2) {
      const items: Part = { hit: best.hit, text: next.text.replace(/[；;。]+$/u, ''), simplified: next.simplified.replace(/[；;。]+$/u, '') };
      return done([part, items], (m) => `${quoted(part, m).replace(/。$/u, '；')}${quoteOf(items)}${m(items)}。`);
    }
  }
  if (shape.type === 'list') {
    // "采取了哪四项措施": the best sentence may only announce the items that follow it.
    const items = announcedItems(best.hit, documentHits(retriever, best.hit.paragraph.docId));
    if (items.length >= 2) return done([part, ...items], (m) => `${quoted(part, m).replace(/。$/u, '：')}${items.map((p) => `${quoteOf(p).replace(/[。；;]+$/u, '')}${m(p)}`).join('；')}。`);
  }
  if (shape.type === 'yesno') {
    // A plan for the years ahead, or a resolve ("确保全年不发生…"), settles nothing of what was done, unless the sentence
    // states what was done beside it ("力争创建示范村2个，年底实际建成1个").
    const resolveOnly = /(确保|力争|争取)/u.test(best.quoteSimplified) && !figuresOf(best.quoteSimplified).some((f) => !f.target);
    const verdict = inPlans(best.hit) || resolveOnly ? null : polarity(best.quoteSimplified, yesNoTerms(ctx), analysis.search);
    // Another sentence of the report that says the opposite ("未发生赴省进京集体上访" beside "处置到区集体上访2批次"):
    // the evidence does not settle it, so both are quoted without a yes or no.
    const opposite = verdict === null ? undefined : candidates.find((e) => e !== best && e.hit.paragraph.docId === best!.hit.paragraph.docId
      && answers(e, tuning) && e.key && weigh(e) >= tuning.oppositeShare * weigh(best!) && ofYear(e) && !inPlans(e.hit) && !PLANNED.test(e.quoteSimplified)
      && polarity(e.quoteSimplified, yesNoTerms(ctx), analysis.search) === (verdict === 'no' ? 'yes' : 'no'));
    if (opposite) {
      const other = asPart(opposite);
      return done([part, other], (m) => `${quoted(part, m)}${quoted(other, m)}`);
    }
    // "完成原计划了吗" of "开展…活动34场" beside "原计划开展…活动30场": the two sentences of the paragraph settle it together.
    const settledWith = (x: { simplified: string }) => polarity(`${best!.quoteSimplified}${x.simplified}`, yesNoTerms(ctx), analysis.search);
    const plan = verdict === null && MET_ASKED.test(analysis.search) ? splitSentences(best.hit.paragraph.text)
      .map((x) => ({ x, together: x.simplified !== best!.quoteSimplified && PLANNED.test(x.simplified) ? settledWith(x) : null })).find((p) => p.together !== null) : undefined;
    if (plan) {
      const planPart: Part = { hit: best.hit, text: plan.x.text, simplified: plan.x.simplified };
      const both = plan.together === 'yes' ? '是的。' : '没有。';
      return done([part, planPart], (m) => `${inScript(both)}${quoted(part, m)}${quoteOf(planPart).replace(/[。；;，,]*$/u, '')}${m(planPart)}。`);
    }
    const lead = verdict === 'no' ? '没有。' : verdict === 'yes' ? '是的。' : '';
    /** The first piece (sentence or clause) of the report's work, among the paragraphs read, that holds what is looked for. */
    const fromWork = (pieces: (text: string) => Sentence[], holds: (simplified: string) => boolean, except?: string): Part | undefined =>
      retrieval.hits.slice(0, tuning.evidenceDepth).filter((h) => h.paragraph.docId === best!.hit.paragraph.docId && h.paragraph.id !== except && !inPlans(h) && !inProblems(h))
        .flatMap((hit) => pieces(hit.paragraph.text).filter((x) => holds(x.simplified)).map((x): Part => ({ hit, text: x.text, simplified: x.simplified })))[0];
    // "出庭应诉率达到省定80%的目标了吗", settled by "距离省定80%的目标仍有差距": the rate reached, where another clause of
    // the report states it ("出庭应诉率达到70.7%"), goes with the verdict, so the asker sees how far it fell short.
    const rate = verdict ? /([\u4e00-\u9fff]{2}率)/u.exec(analysis.search.replace(/(19|20)\d{2}年/gu, ''))?.[1] : undefined;
    const asked = rate ? thresholdAsked(analysis.search) : null;
    const reachedIn = (text: string) => figuresOf(text).some((f) => f.unit === '%' && !f.target && f.value !== asked!.value && f.before.includes(rate!));
    const reached = asked?.unit === '%' && !reachedIn(best.quoteSimplified) ? fromWork(splitClauses, reachedIn) : undefined;
    // …and "创建任务全部完成了吗", settled by a sentence without figures ("四是法治示范村创建任务未能全部完成", among the
    // problems): the sentence of the report's work that sets what was done beside the plan ("年初计划创建5个，实际建成3个").
    const words = yesNoTerms(ctx);
    const plannedAndDone = (text: string) => {
      const figures = figuresOf(text);
      return PLANNED.test(text) && figures.some((f) => !f.target) && figures.some((f) => f.target) && words.some((w) => text.includes(w));
    };
    const planBeside = !reached && verdict && MET_ASKED.test(analysis.search) && !figuresOf(best.quoteSimplified).length
      ? fromWork(splitSentences, plannedAndDone, best.hit.paragraph.id) : undefined;
    const beside = reached ?? planBeside;
    if (beside) return done([part, beside], (m) => `${inScript(lead)}${quoted(part, m)}${quoteOf(beside).replace(/[。；;，,]*$/u, '')}${m(beside)}。`);
    return done([part], (m) => `${inScript(lead)}${quoted(part, m)}`);
  }
  return done([part], (m) => quoted(part, m));
}

