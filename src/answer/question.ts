/**
 * What kind of answer a question wants, read from its wording, and the terms
 * that evidence must contain (the question without its scaffolding: places,
 * years, question words).
 */
import type { QueryAnalysis } from '../retrieve/query.js';
import type { TermStats } from '../retrieve/retriever.js';
import { expansionGroups, withoutJoinedPhrases } from '../retrieve/thesaurus.js';
import { charPairs } from './figures.js';
import { withoutNames } from './sentences.js';

export type QuestionType = 'numeric' | 'list' | 'yesno' | 'who' | 'section' | 'fact' | 'meta' | 'superlative' | 'arithmetic';
export type SectionKind = 'problems' | 'plans' | 'work';
/**
 * What a report-fact question asks of the report itself. 'published': when a web page says it was put up; 'issued': when it
 * came out, that date where a page gives it, else the date signed; 'source': where the page says it comes from;
 * 'publishedSource': both; 'host': the body that runs the site the page is on.
 */
export type MetaKind = 'host' | 'filing' | 'issuer' | 'addressee' | 'signed' | 'date' | 'published' | 'issued' | 'source' | 'publishedSource' | 'year' | 'province' | 'city' | 'county' | 'above';
/** Whether a figure asked for is a target (计划/目标/力争) or what was done. */
export type Aim = 'target' | 'achieved' | null;

export interface QuestionShape {
  type: QuestionType;
  section?: SectionKind;
  meta?: MetaKind;
  aim: Aim;
  /** For a superlative: the highest (最多) or the lowest (最少) wins. */
  order?: 'max' | 'min';
  /** For arithmetic: add the figures, or take their difference. */
  operation?: 'sum' | 'difference';
}

const SECTION_PROBLEMS = /(存在(哪些|什么|的)?(主要)?(问题|不足|困难|短板)|(工作|建设)中?(还)?有(哪些|什么)(问题|不足|困难|短板)|(还有|还存在|面临)(哪些|什么)(问题|不足|困难|短板)|问题(和|与|及)不足|不足之处|有哪些不足|哪些不足|什么不足|哪些短板|什么短板|短板|突出问题|主要问题|薄弱环节|薄弱(的)?(地方|之处|方面)|(哪些|什么)(地方|方面)(做得)?(还)?(不够|不足|不好)|差距|(还)?有(啥|哪些|什么)?毛病|(工作|建设)的不足|有啥(问题|不足|短板)|有(什么|哪些)(问题|不足|困难|短板)[？?]?$|问题有(哪些|什么)|(不足|短板|困难)(之处)?(有|是)(哪些|什么|啥)|(查摆|查找|发现|列出|提到|梳理|指出)出?了?(哪些|什么)(问题|不足|短板))/u;
/** "法治政府建设主要举措有哪几个方面", "2021年做了哪些工作": the report's main work, by its headings. */
const SECTION_WORK = /(主要(举措|做法|工作|措施)(有|是|包括)?(哪些|哪几|什么)|(做了|开展了|干了|抓了)哪些(工作|事)|(采取|推出)了?哪些(举措|措施|做法))/u;
// "准备重点做哪些事", "有什么安排": what comes next, in officials' words too; not 安排 done ("安排哪些人员轮流值班").
const SECTION_PLANS = /(下一步|下步|下一年度?|工作的重点|工作计划|计划|打算|安排(?!哪|谁|什么人|多少|几)|思路|工作要点|工作重点|重点工作|今后|明年|来年|准备(重点)?(做|抓|干)|重点(做|抓|干)哪些)/u;
// "哪几项" asks which, not how many.
const NUMERIC = /(多少|多久|(?<!哪)几[个名次件项人天条份家所批位场起宗户处万亿回趟遍轮期]|(?<!哪)几$|比例|比率|占比|百分之|多大|多长|[率量数额]是?(多少|几|为何|怎样))/u;
const WHO = /((律师|领导|负责人|同志)(叫什么|姓名|的名字)|谁|由谁|哪个单位|哪个部门|哪个科室|哪家|哪一家|哪位|哪几位|哪两位|哪名|什么单位|什么机构|什么部门|来自哪|哪个机构|哪个律|什么律)/u;
/** The words that ask a yes or no before what is asked ("是否", "有没有"). */
const YESNO_ASKS = '是否|有没有|有无|是不是|能否|可否';
const YESNO = new RegExp(`(${YESNO_ASKS}|有未|[吗嘛][？?]?$|(?<![有还])没有?[？?]?$)`, 'u');
/** What follows the words that ask it. */
const YESNO_ASKED = new RegExp(`(?:${YESNO_ASKS})([\u4e00-\u9fff]{2,16})`, 'u');
const LIST = /(哪些|哪几|分别是|分别为|分别有|包括什么|包括哪|什么内容|哪几项|哪几个|哪两|哪三|哪四|哪五|有什么|都有)/u;
const META_DATE = /(落款|成文|什么时候|啥时候|何时|哪天|哪一天|日期|几月几日)/u;
const META_PUBLISHED = /(网上|网站|上网|挂网|网页)[^，。？?]{0,6}?(发布|公开|公布|刊登)|发布(时间|日期)/u;
/** "网页注明的来源是哪个单位": where a web page says the report comes from. */
const META_SOURCE = /来源(单位|部门|机关)?(是|为)?(哪|什么|谁)|来源单位/u;
/** "门户网站的主办单位是谁", "网站由哪个单位主办": the body that runs the site. */
const META_HOST = /主办单位|主办方|(网站|网页|门户)[^，。？?]{0,8}(谁|哪个单位|哪个部门|哪家单位|什么单位)(主办|办的|运营|维护)|由(谁|哪个单位|哪个部门|哪家单位)主办/u;
/** "网站的ICP备案号是多少": the site's filing number, in its footer. */
const META_FILING = /(ICP|icp)(备案)?(号|编号)?|(网站|网页|门户)[^，。？?]{0,8}备案(号|编号)|备案号/u;
/** "什么时候发布的": when it came out, not when it was signed (印发, 落款). */
const META_ISSUED = /(?<![印签颁])发布/u;
const META_REPORT = /(报告|总结|这份|本报告|该报告|落款)/u;
const META_ISSUER = /(哪个单位|哪个部门|哪个机关|谁|什么单位|什么机关|哪家单位)(的?名义)?(发布|印发|出具|制发|签发|撰写|写的|报送|发的|出的|上报|提交|署名)|(哪个单位|哪个部门|哪个机关|什么单位|什么机关|哪家单位)[^？?。]{0,8}落款|(发布|印发|出具|制发|签发|报送|上报|落款|署名)(单位|机关|主体)|以(哪个|什么)(单位|部门|机关)(的)?名义/u;
// "是哪个地级市下面的", "归哪个县管": a level may be qualified (地级/县级), and 归 says belonging too.
const META_PLACE = /(属于|隶属于?|位于|在|是|归|由|、)(哪个|哪一个|什么)(?:地级|县级|设区的)?(省|自治区|市|州|盟|区|县|旗)|(哪个|哪一个)(?:地级|县级|设区的)?(省|市|区|县|旗)的/u;
/** Whom the report is addressed to ("报送给哪个单位", "向哪个机关报告"). */
const META_ADDRESSEE = /(报送|报给|上报|呈报|呈送|提交|递交|报告|汇报|写给)(给|至|到)?了?(哪个|哪一个|哪些|什么|哪家|哪一?级)(?:上级|上一级)?(省|市|区|县|镇|乡)?(单位|机关|部门|机构|政府)|(报送|报给|上报|呈报|呈送|提交|递交|汇报|写给)(给|至|到)?了?(哪个|哪一个|什么|哪一?级)(?:上级|上一级)|向(哪个|哪一个|哪些|什么|哪家|哪一?级)(?:上级|上一级)?(省|市|区|县|镇|乡)?(单位|机关|部门|机构|政府)(报告|报送|汇报|提交|上报|呈报)|(报送|报告|呈报|主送)(对象|单位|机关)是|(报送|报给|上报|呈报|呈送|提交|递交|写给)(给|至|到)?谁|向谁(报告|报送|汇报|提交|上报|呈报)/u;
/** Who signed it and when, asked together ("是哪个单位在哪天落款的"). */
const META_SIGNER = /(哪个单位|哪家单位|什么单位|哪个部门|谁)/u;
const META_YEAR = /(哪一年|哪年|什么年份|哪个年度)(的)?(工作|报告|情况|总结)?|(讲|说|报告|总结)的是哪一?年/u;
// "哪个帮劳动者追回的工资多": a plain 多/少 closing a which-question compares too (never the 少 of 多少).
const SUPERLATIVE = /(最多|最高|最少|最低|最大|最小|最长|最短|最快|最早|排名|排第一|第一位|更多|更高|更少|更低|较多|较少|哪(?:个|一个|家|里)[^，。？?]{0,24}(?<!多)(?:多|高|少|低)[？?]?$)/u;
const SUM = /(合计|总共|一共|共计|总计|加起来|之和|总数|加在一起|[两二三四五六七八九十]年(里)?共)/u;
/** "不合格", "不达标", "不成功": a check not passed, a part left undone; not when it is one of several listed ("合格、基本合格、不合格"). */
export const NOT_PASSED = '(?<!、)不(?=合格|达标|符合|通过|成功)';
const DIFFERENCE = new RegExp(String.raw`((?:超出|超过)了?[\u4e00-\u9fff]{1,8}?(?:多少|几)|相差|相抵|减去|减掉|扣除|扣掉|差距|差多少|差了|(?<![占对评])比(?![例率重]).{1,24}?(多|少|(?<![提不降])高|(?<![提不降])低)[\u4e00-\u9fff]{0,6}?(多少|几)|比.{1,24}?(增加|减少|增长|下降|提高|降低)|还有多少|(以外|之外)的[\u4e00-\u9fff]{0,6}?(多少|几)|(没有|没(?!收)|未(?!成年|来)|尚未|不是|不属于|${NOT_PASSED})[\u4e00-\u9fff]{1,10}?的[\u4e00-\u9fff]{0,6}?(多少|几)|(还有|尚有|仍有)[\u4e00-\u9fff]{0,8}?(没有|没(?!收)|未|尚未)|(多少|几)[\u4e00-\u9fff]{0,8}?(?<!是)(没有|没(?!收)|未(?!成年|来)|尚未|${NOT_PASSED}))`, 'u');
/** The year before the report's asked on its own ("上年是多少项"), not as what a change is against ("比上年多了多少"). */
export const PRIOR_YEAR_ASKED = /(?<![比较同与和跟对])(上年|上一年|上年度)(?!同期相比|相比)/u;
/** A change against the year before, in a question ("同比下降了多少", "比上年增长") or in a report's sentence ("同比下降"). */
export const STATED_CHANGE = /(同比|比上年|比去年|比上一年|较上年|较去年)/u;
// "下一步要把…压缩到多少": a figure asked of the next step or next year is a target.
const TARGET = /(目标|计划|力争|拟|打算|预计|争取|希望|要达到|要保持|提高到|提升到|扩充到|控制在|保持在|达到多少以上|将要|准备|下一步|下步|明年|来年)/u;
/** What was done: "实际", "已经", or a verb in the past ("新设了多少个", "办了几件"). */
const ACHIEVED = /(实际|完成了|做了|已经|已|实现了|达到了|目前|现有|当前|现在|[\u4e00-\u9fff]了(多少|几))/u;

export function questionType(search: string, acrossReports = false): QuestionShape {
  const aim: Aim = ACHIEVED.test(search) ? 'achieved' : TARGET.test(search) ? 'target' : null;
  if (META_HOST.test(search)) return { type: 'meta', meta: 'host', aim };
  if (META_FILING.test(search)) return { type: 'meta', meta: 'filing', aim };
  if (META_ADDRESSEE.test(search)) return { type: 'meta', meta: 'addressee', aim };
  // "是谁出具、哪天落款的": the body and the date signed together.
  if (META_ISSUER.test(search) && META_REPORT.test(search)) return { type: 'meta', meta: META_DATE.test(search) ? 'signed' : 'issuer', aim };
  if (META_SOURCE.test(search) && META_REPORT.test(search)) return { type: 'meta', meta: META_PUBLISHED.test(search) || META_DATE.test(search) ? 'publishedSource' : 'source', aim };
  if (META_PUBLISHED.test(search) && META_REPORT.test(search) && !NUMERIC.test(search)) return { type: 'meta', meta: 'published', aim };
  if (META_DATE.test(search) && (META_REPORT.test(search) || /落款/u.test(search)) && !NUMERIC.test(search)) return { type: 'meta', meta: META_SIGNER.test(search) ? 'signed' : META_ISSUED.test(search) && !/(落款|成文)/u.test(search) ? 'issued' : 'date', aim };
  if (META_YEAR.test(search) && META_REPORT.test(search)) return { type: 'meta', meta: 'year', aim };
  // "属于哪个市哪个区": after the first, every "哪个<level>" asks for a level too.
  const first = META_PLACE.exec(search);
  // "位于哪个省市", "属于哪个省、市、区": levels run together ask for each.
  const after = first ? search.slice(first.index + first[0].length) : '';
  const joined = first?.[3] === '省' ? [...(/^(?:[、和及]?[市州盟区县旗])+/u.exec(after)?.[0] ?? '').replace(/[、和及]/gu, '')] : [];
  const levels = first ? [first[3] ?? first[5] ?? '', ...joined, ...[...after.matchAll(/(哪个|哪一个)(?:地级|县级|设区的)?(省|自治区|市|州|盟|区|县|旗)/gu)].map((m) => m[2] ?? '')] : [];
  // "哪个县的公职律师人数更多" compares places; it does not ask which county a report is of.
  if (levels.length && !/(多少|几)/u.test(search) && !SUPERLATIVE.test(search)) {
    // "属于哪个省、哪个市": more than one level asks for the whole chain.
    const level = levels.length > 1 ? '' : levels[0] ?? '';
    const meta: MetaKind = /省|自治区/u.test(level) ? 'province' : /市|州|盟/u.test(level) ? 'city' : /区|县|旗/u.test(level) ? 'county' : 'above';
    return { type: 'meta', meta, aim };
  }
  if (SECTION_PROBLEMS.test(search) && !NUMERIC.test(search)) return { type: 'section', section: 'problems', aim };
  if (SECTION_PLANS.test(search) && /(哪些|什么|内容|有何|如何|怎样|怎么|打算|安排|思路)/u.test(search) && !NUMERIC.test(search)) return { type: 'section', section: 'plans', aim };
  // "在优化营商环境方面采取了哪些措施": the work of one matter, a list, not the whole section.
  // …nor "在园区开展普法采取了哪些做法": the matter is what is done there.
  if (SECTION_WORK.test(search) && !NUMERIC.test(search) && !/在[^，。？?]{2,}(方面|开展[^，。？?]{2,})|围绕/u.test(search)) return { type: 'section', section: 'work', aim };
  // A total the report states itself ("一共设了几个") is a plain figure; a sum needs two things to add.
  // …not the two halves of one everyday phrase the reports write as one thing ("写信、上门反映问题": 来信来访).
  const two = acrossReports || /(和|与|及|、|跟|以及|加上)/u.test(withoutJoinedPhrases(search).replace(/(一共|合计|总共|共计|总计).*$/u, '')) || (search.match(/(19|20)\d{2}\s*年/gu)?.length ?? 0) >= 2;
  if (SUM.test(search) && NUMERIC.test(search) && two) return { type: 'arithmetic', operation: 'sum', aim };
  const years = search.match(/(19|20)\d{2}\s*年/gu)?.length ?? 0;
  if (DIFFERENCE.test(search) && NUMERIC.test(search) && !(STATED_CHANGE.test(search) && years < 2 && !acrossReports)) return { type: 'arithmetic', operation: 'difference', aim };
  if (SUPERLATIVE.test(search) && (acrossReports || /哪个|哪一个|哪家|哪一家|谁/u.test(search))) {
    return { type: 'superlative', order: /(最少|最低|最小|最短|更少|更低|较少|(?<!多)(少|低)[？?]?$)/u.test(search) ? 'min' : 'max', aim };
  }
  // "事项占比达到80%了吗": a share named with a figure to reach is a yes or no, not a figure asked.
  if (YESNO.test(search) && !/(多少|几)/u.test(search) && conditionFigure(search)) return { type: 'yesno', aim };
  if (NUMERIC.test(search)) return { type: 'numeric', aim };
  if (WHO.test(search)) return { type: 'who', aim };
  if (YESNO.test(search)) return { type: 'yesno', aim };
  // "作出的两项重大行政决策是什么": things counted, asked what they are.
  if (LIST.test(search) || /[两二三四五六七八九十\d]+(项|个|类|种|条|大|方面)[\u4e00-\u9fff]{1,12}?(是什么|是哪些|分别是|是啥)/u.test(search)) return { type: 'list', aim };
  return { type: 'fact', aim };
}

/** How many reports a question says it compares ("两份报告", "这三家单位", "三地"), or null. */
export function reportsCounted(search: string): number | null {
  const m = /([两二三四五六七八九十])(?:份报告|份|家单位|家|个单位|个地方|地)/u.exec(search);
  return m?.[1] ? (m[1] === '两' ? 2 : '〇一二三四五六七八九十'.indexOf(m[1])) : null;
}

/**
 * "怎么在网上办理居住证", "新生儿怎么办理医保参保登记": how a resident gets a service done. The reports tell what a
 * government did that year, never the steps of a procedure, so asked of no place, year or report it is about something else.
 */
export const HOW_TO = /(怎么|怎样|如何|咋)(在网上|网上|线上|去)?(办理|申请|补办|查询|缴纳|开具|预约|领取|更换|挂失|报销|登记|注册|认证|续保|转移|办)/u;

/** "压缩了多少个工作日", "下降了多少个百分点": the size of a change, whatever it is measured against. */
export const CHANGE_BY_VERB = /(压缩|压减|缩短|缩减|精简|减少|降低|下降|提高|提升|增加|增长|扩大|上升|多|少)了?(多少|几)/u;

/** A difference asked against what was set ("比计划多抽了多少户", "比原计划多拆了多少", "超出年度目标多少家"). */
// …or what is still short of it ("距离年度目标还差多少户", "距2025年底的目标还差多少名", "离年初目标还差多少个百分点").
export const VERSUS_TARGET = /(比|较|超出|超过|超|距离?|(?<!距)离)了?(年度|原定|原|年初|全年|(?:19|20)\d{2}年底?的?)?(计划|目标|预期|任务)/u;
/** The frame of a change against the year before, as questions and reports write it. */
const COMPARED_WITH = /(与|和|同|跟)?(上年|去年|上一年|前一年|上年度)(同期)?相比|同比|环比|(比|较|对比)(上年|去年|上一年|前一年|上年度)(同期)?/gu;

/** Words that frame a question rather than say what it is about. */
const SCAFFOLD = [
  // "组长由谁担任": the post is asked, and a report writes its holder with 任, 兼任 or 担任 alike (before 由谁 and 谁 are taken out).
  '由谁担任', '由谁兼任', '谁担任', '谁兼任',
  // "局长叫什么名字": a person is asked, as by 是谁; reports write the name, never 名字.
  '叫什么名字', '名字叫什么', '叫什么', '姓名',
  '请问', '一下', '多少', '几', '哪些', '哪几', '什么', '是否', '有没有', '有无', '是不是', '怎么样', '怎么', '如何', '怎样',
  '分别', '哪家', '哪个', '哪一', '由谁', '谁', '吗', '呢', '报告中', '报告里', '报告', '那么', '这些', '那些', '那', '还有', '情况',
  '的', '了', '是', '有', '都', '在', '和', '及', '与', '或者', '被', '中', '年', '共', '全年', '这个', '那个', '其',
  '达到', '达', '为', '来', '要', '对', '等', '内容', '主要', '方面',
  // Whether a target or a result is asked is the aim's business (extract.ts), not a word to find.
  '打算', '计划', '力争', '目标', '争取', '预计', '准备', '希望', '实际', '把', '扩充到', '提高到', '提升到', '增加到', '增长到', '控制在', '保持在',
  '压到', '降到', '降至', '降低到', '减少到', '压缩到', '缩短到', '以内', '以上', '以下',
  '一共', '合计', '总共', '共计', '总计', '加上', '相差', '最多', '最少', '最高', '最低', '更多', '更少', '哪个', '哪一个', '去年', '今年',
  '哪位', '哪两位', '哪几位', '哪名', '哪类', '哪几类', '哪一类', '哪一年', '哪年', '哪天', '何时', '什么时候', '为什么', '为何', '是谁',
  // "案件数量是多少", "罚没款总额": a count or a sum is asked; reports write the figure after the thing, never 数量.
  '数量', '总数', '总额', '数目',
  // "目前有多少名": when is the aim's business (a stock, what was done); reports date a figure by its year, not by 目前.
  '目前', '当前', '现在', '如今', '眼下',
  // "最后处理完了几件": what was finished is the count's business; reports write 办结, never 最后.
  '最后', '最终',
  // "反映情况的事情处理了多少件": a thing, whatever it is; the words before it say which.
  '事情', '事儿',
  // "局里自己有几个公职律师", "跟镇里签了": the body asked about, as its own people say it; the report is that body's.
  '自己', '局里', '镇里', '县里', '区里', '乡里', '市里',
  // "乱涨价、卖劣质口罩之类的案子": the things named stand for a kind; 之类 is no word of it.
  '之类', '一类',
  // "居民和物业之间闹矛盾", "防疫的时候", "通过调解摆平", "一起去法院": a relation, a time, a means or company as one says
  // it; reports name the thing ("物业服务纠纷", "疫情防控", "调解成功", "旁听庭审").
  '之间', '的时候', '时候', '通过', '一起',
];

/** How a question asks for a time, with how fast and what being done means to the asker. */
const TIME_ASKED = /(最快|最慢|最短|最长|最多|最少)?(要|需要|得)?(多久|多长时间|多少天|几天|多少个工作日|几个工作日)(就?能|可以|才能)?(办好|办下来|办完|办成|搞定|拿到)?/gu;

/** Where the private-use characters that stand for kept words while SCAFFOLD is taken out begin. */
const KEPT = 0xe000;

/** A content word of the question: matched by itself or, for a word the corpus never uses, by its bigrams. */
export interface Term {
  word: string;
  weight: number;
  /** Tokens any of which matches the word whole. */
  tokens: string[];
  /** Bigram tokens that match it in part (only for words the corpus does not use). */
  parts: string[];
  /** For the report's terms put in for one everyday phrase, made one term: the weight of the rarest of them alone. */
  rarity?: number;
}

/** How rare a term is, for the question's rarest word: a term of alternatives weighs more than any of its words, and is no rarer. */
export const rarity = (t: Term) => t.rarity ?? t.weight;

/** The question's content words (place words, longest first, taken out) with their weights: rarer words weigh more, words the corpus never uses most. */
export function contentTerms(analysis: QueryAnalysis, placeWords: string[], lexical: TermStats, alternatives = 1): Term[] {
  let text = withoutNames(analysis.expanded.replace(/(19|20)\d{2}\s*年/gu, ' '), placeWords);
  text = text.replace(/(街道|街镇|乡镇|镇街)/gu, ' ');
  // "在2023年法治政府建设报告中提出，…": which report says it, not a word of what is asked.
  text = text.replace(/(法治政府建设|法治建设|依法行政)?(工作)?(情况)?(报告|总结)(中|里)?(提出|提到|写到|讲到|说到|明确)(了|的)?/gu, ' ');
  // "比上年多了多少": the frame of a stated change; reports write it many ways (较上年, 同比, 与去年相比), the figure follows it.
  text = text.replace(COMPARED_WITH, ' ');
  // "亲自上庭的比例": a share of the thing before it is asked, which reports write as its 率 ("出庭应诉率"), not a word to find.
  text = text.replace(/的(比例|比率|占比|百分比)|比例|比率|百分比/gu, ' ');
  // …and of a difference from a target ("比原计划多拆了多少": 比原 is no word of the thing).
  text = text.replace(new RegExp(VERSUS_TARGET.source, 'gu'), ' ');
  // "最快多久能办好", "最多要几天": a time asked, which reports write as the time itself ("压缩至3个工作日以内").
  text = text.replace(TIME_ASKED, ' ');
  // "死了几个人": the counting unit goes with the question word ("几个"), not with what is counted ("个人").
  text = text.replace(new RegExp(`(多少|几)(${QUESTION_UNIT})`, 'gu'), ' ');
  // The report's words the thesaurus put in are kept whole, each a word of its own: SCAFFOLD's 来 is no part of "来访".
  const inserted = [...new Set(expansionGroups(analysis.search).flat())].filter((w) => lexical.tokens(w).filter((t) => t.startsWith('w:')).length === 1);
  text = text.replace(/\S+/gu, (w) => (inserted.includes(w) ? String.fromCharCode(KEPT + inserted.indexOf(w)) : w));
  text = withoutNames(text, SCAFFOLD).replace(/[\ue000-\uf8ff]/gu, (c) => ` ${inserted[c.charCodeAt(0) - KEPT] ?? ''} `);
  const terms = new Map<string, Term>();
  for (const token of lexical.tokens(text)) {
    if (!token.startsWith('w:')) continue;
    const word = token.slice(2);
    if (word.length < 2 && !/\d/u.test(word)) continue;
    const weight = lexical.idf(token);
    const seen = lexical.documentFrequency(token) > 0;
    const parts = seen || word.length < 3 ? [] : [...word].slice(0, -1).map((ch, i) => `b:${ch}${word[i + 1]}`);
    terms.set(word, { word, weight, tokens: [token, `b:${word}`], parts });
  }
  return mergeAlternatives(terms, expansionGroups(analysis.search), lexical, alternatives);
}

/** The share of the terms' weight in words no report writes. */
export function unwrittenWeight(terms: Term[], lexical: TermStats): number {
  const total = terms.reduce((sum, t) => sum + t.weight, 0);
  const unwritten = terms.filter((t) => t.tokens.every((token) => lexical.documentFrequency(token) === 0)).reduce((sum, t) => sum + t.weight, 0);
  return total ? unwritten / total : 0;
}

/**
 * The report's terms put in for one colloquial phrase are one term, found when any of them is ("打工的人" →
 * 农民工, 务工人员 or 劳动者): a report writes one, and the others must not count as missing. Lists that share a
 * word are one (the 农民工 of "打工的人" and of "工钱"). The term weighs as its weightiest word and this share of the others'
 * (tuning.ts `alternatives`).
 */
function mergeAlternatives(terms: Map<string, Term>, groups: string[][], lexical: TermStats, share: number): Term[] {
  const owner = new Map<string, number>();
  const sets: Set<string>[] = [];
  for (const group of groups) {
    // An alternative of several words ("企业开办") needs them all: it is no alternative of one.
    const words = new Set(group.map((alt) => lexical.tokens(alt).filter((t) => t.startsWith('w:'))).filter((ws) => ws.length === 1).map((ws) => ws[0]!.slice(2)).filter((w) => terms.has(w)));
    if (words.size < 2) continue;
    const joined = [...new Set([...words].map((w) => owner.get(w)).filter((i): i is number => i !== undefined))];
    const into = joined[0] ?? sets.push(new Set()) - 1;
    for (const i of joined.slice(1)) {
      for (const w of sets[i]!) sets[into]!.add(w);
      sets[i]!.clear();
    }
    for (const w of words) sets[into]!.add(w);
    for (const w of sets[into]!) owner.set(w, into);
  }
  const merged = sets.filter((s) => s.size >= 2).map((s) => {
    const members = [...s].map((w) => terms.get(w)!).sort((a, b) => b.weight - a.weight);
    return { word: members[0]!.word, weight: members.reduce((n, m, i) => n + (i === 0 ? m.weight : share * m.weight), 0), tokens: members.flatMap((m) => m.tokens), parts: [], rarity: members[0]!.weight };
  });
  return [...[...terms.values()].filter((t) => !owner.has(t.word) || sets[owner.get(t.word)!]!.size < 2), ...merged];
}

/** What coverage needs of a text's tokens: whether one is there. */
export type TokenLookup = Pick<ReadonlySet<string>, 'has'>;

/** The share of the question's term weight found in a text's tokens. */
export function coverage(terms: Term[], tokens: TokenLookup): number {
  const total = terms.reduce((s, t) => s + t.weight, 0);
  if (total === 0) return 0;
  let found = 0;
  for (const t of terms) {
    if (t.tokens.some((x) => tokens.has(x))) found += t.weight;
    else if (t.parts.length) found += (t.weight * t.parts.filter((x) => tokens.has(x)).length) / t.parts.length;
  }
  return found / total;
}

/** The thing a numeric question measures: the words just before 多少/几/是多少 ("财政收入" in "财政收入是多少"). */
export function measuredPhrase(search: string): string | null {
  // "受理的行政复议案件比上年多了多少件": the thing measured stands before the year it is compared with.
  const changed = /([\u4e00-\u9fff]{2,10}?)(?:比|较)(?:上年|去年|上一年|前一年|同期)|([\u4e00-\u9fff]{2,10}?)同比/u.exec(search);
  const thing = (changed?.[1] ?? changed?.[2])?.replace(/^(年度?|的|了|共|有|是)+/u, '').replace(/(了|的|共|有|是)+$/u, '');
  if (thing && thing.length >= 2) return thing;
  const parts = countedParts(search);
  return parts ? `${parts.before}${parts.after}` || null : null;
}

/** What stands before the question word ("法律顾问审查") and the thing counted after it and its unit ("合同协议"), if any. */
function countedParts(search: string): { before: string; after: string } | null {
  const m = /([\u4e00-\u9fff]{2,8}?)(?:是|为|有|达到?了?|共|一共|总共)?(?:多少|几)/u.exec(search);
  if (!m?.[1]) return null;
  const before = m[1].replace(/^(的|了|共|有|是)+/u, '').replace(/(了|的|共|有|是|达到|达)+$/u, '');
  // "调解了多少件矛盾纠纷": the thing counted may follow the question word and its unit.
  const after = new RegExp(`^(?:${QUESTION_UNIT})?([\u4e00-\u9fff]{2,8})`, 'u').exec(search.slice(m.index + m[0].length))?.[1]?.replace(/(呢|吗|啊)$/u, '') ?? '';
  return { before, after: after.length >= 2 ? after : '' };
}

/** The thing counted where the question names it after the question word ("法律顾问审查了多少份合同协议": 合同协议, not who reviews them). */
export function countedThing(search: string): string | null {
  const after = countedParts(search)?.after;
  return after || measuredPhrase(search);
}

const QUESTION_UNIT = '个百分点|个|名|次|件|项|人次|人|天|条|份|家次|家|所|批|位|场次|场|起|宗|户次|户|处|万元|元|亿元|期|篇|台|辆|对|趟|回|遍|万平方米|平方米|平方|亩|公里|吨';

/** What a yes or no asks was done or is so ("有没有举行过听证" → 举行听证), without its aspect ("过", "了", "已经"). */
export function yesnoAsked(search: string): string | null {
  const asked = YESNO_ASKED.exec(search)?.[1]?.replace(/(已经|曾经|(?<![通经超越度路错不])过|了(?!解)|曾)/gu, '');
  return asked && asked.length >= 2 ? asked : null;
}

/** Money asked by its own name ("到位资金", "顾问费"), not as an amount or money at large ("金额", "多少钱"). */
export const NAMED_MONEY = /(资金|费用?|款|工资|欠薪|薪酬|报酬|补助金?|补贴|收入|支出|税款?)(合计|总额|总计|共计)?$/u;
/** The thing counted is an amount of money (its last word, a total after it or not). */
const MONEY_THING = /(罚款|罚没款?|金额|资金|经费|工资|欠薪|薪酬|报酬|补助金?|补贴|赔偿金?|赔偿款|损失|税款|(?<!免)费用?|收入|支出)(合计|总额|总计|共计)?$/u;

/** A figure asked per person, household or period, or as a standard. */
export const PER_UNIT = /每(?:人|户|月|年|个|家|名|次)|标准/u;

/** The unit a figure question counts in ("多少件" → 件), to prefer figures in that unit. */
export function questionUnit(search: string): string | null {
  const unit = askedUnit(search);
  // "官司输了几场": 场 is the word for a lawsuit, which reports count in 件.
  if (unit === '场' && /(官司|诉讼)/u.test(search)) return '件';
  // "有几个吃公家饭的律师", "几个人能执法": 个 of people, whom reports count in 名 and 人.
  if (unit === '个' && /(多少|几)个(人(?!民)|[^，。？?]{0,12}?(人|人员|律师|干部|员|者|群众|村民|职工|工人|同志)[？?]?$)/u.test(search)) return '人';
  // "帮多少农民工要回了工钱": people counted without a measure word, not what is theirs ("多少农民工工资", "多少群众来信").
  if (unit === null && new RegExp(`(多少|几)(${PERSONS})(?!的|[\u4e00-\u9fff]{0,2}(${THEIRS}))`, 'u').test(search)) return '人';
  // "罚款合计多少", "兑现扶持资金多少": a sum of money asked without its unit is asked in money.
  if (unit === null && MONEY_THING.test(measuredPhrase(search) ?? '')) return '元';
  return unit;
}

/** People as officials count them. */
const PERSONS = '农民工|务工人员|工人|职工|劳动者|群众|村民|居民|干部|律师|党员|学生|老人|儿童|执法人员|人员';
/** What people have or do that is counted instead of them. */
const THEIRS = '工资|工钱|欠薪|报酬|来信|来访|信访|诉求|投诉|举报|反映|意见|建议|申请|问题|办件|事项|件|案|纠纷|满意|资金|钱|费|补贴|补助';

function askedUnit(search: string): string | null {
  // "多少万人次": the unit with its magnitude (unitAnswers reads 万人次 as 人次).
  // "这几份报告中", "在…的几个乡镇里，哪个最高": a 几 that names the reports or places compared asks no unit.
  return new RegExp(`(?:多少|(?<![这那])几(?![^？?]*哪[个家一位]))((?:万|亿)?(?:${QUESTION_UNIT}))`, 'u').exec(search)?.[1] ?? /(场次|人次|户次|家次|件数|人数|次数|天数|份数|个数|项数|家数|户数|场数)/u.exec(search)?.[1]?.replace(/数$/u, '')
    // "罚了多少钱", "追回了多少被违规花掉的医保钱", "金额是多少", "经费中用于普法的有多少" (a part of money), "罚没款金额最高": money.
    // "最快多久能办好": a time.
    ?? (/(多久|多长时间)/u.test(search) ? '天' : null)
    ?? (/(多少[\u4e00-\u9fff]{1,10}(?<!价)钱|多少(钱|资金|罚款|罚没款|经费|金额|补助|补贴|补偿|赔偿|工资|工钱|欠薪|税款|奖金|奖励金|押金|保证金|经济损失|损失)(?!案|的案)|多少[\u4e00-\u9fff]{0,4}(?<![收消])费(?!用?[的]?案)|钱[\u4e00-\u9fff]{0,5}多少|罚了多少|罚款多少|(金额|资金|经费|补助|补贴|报销|奖金|押金|保证金|产值|收入|经济损失)((是|为|有|一共|共)?多少|[中里][^，。？?]*多少)|多大金额|(罚没款|金额|资金|经费)[^，。？?]{0,6}?[最更](高|多|大|少|低|小))/u.test(search) ? '元' : null)
    // "调解成功率是多少", "哪个最高" of a rate: a rate is in per cent.
    ?? (/(率|比例|占比)(具体|究竟|到底|一共)?(是|为|达到|有)?(多少|几|多高|多大|最高|最低|最大|最小|更高|更低|哪|怎样|如何)/u.test(search) ? '%' : null)
    // "拆除的面积最大": an area, not the count of places ("87处").
    ?? (/面积(是|为|有|一共|共|加起来)?(多少|多大|最大|最小|更大|更小)/u.test(search) ? '平方米' : null);
}

// 中 of a whole, not of a word ("集中", "中心", "中小学"); 里 too ("法律援助案件里刑事案件有多少件"; not 公里, 这里, 哪里,
// nor the body or place itself as its people say it: "局里自己有几个律师", "县里有多少").
export const IN = '(?:(?<!集)中(?![心小学国央华级期标医间途秋])|(?<![公这那哪千万局镇县区乡市家])(里)(?!程))';

/**
 * The part of a whole a question asks the count of, as the pairs of characters that name it and not the whole
 * ("受理的劳动争议中涉及工伤的有几件" → 工伤, "离婚登记中协议离婚的有多少对" → "协议 议离"): the whole's own figure does not
 * answer it. Null for a part left undone ("中有多少件没有调解成功", a subtraction) and for an activity's outcome
 * ("整治中推倒了几处").
 */
export function partAsked(search: string): string | null {
  const m = new RegExp(`([\u4e00-\u9fff]{0,8})${IN}[，,]?(?:的)?([\u4e00-\u9fff]{2,10}?)(?:的(?:有|占|是|为)?|有|占|是|为)(?:多少|几)`, 'u').exec(search)
    ?? new RegExp(`([\u4e00-\u9fff]{0,8})${IN}[，,]?(?:还)?有(?:多少|几)(?:${QUESTION_UNIT})?(?:是|为|被)?([\u4e00-\u9fff]{2,10}?)(?:的|[？?]|$)`, 'u').exec(search);
  // "申请中，年底还有多少件未审结": when it is counted ("年底还") names no part.
  const part = m?.[3]?.replace(/^(涉及|用于|属于|因为|由于|是|为|被|有|因)+/u, '').replace(/(的|了|过)+$/u, '')
    .replace(/^(截至|截止|到)?(年底|年末|目前|当前|现在|如今|当年|年内)/u, '').replace(/还$/u, '');
  if (!m || !part || part.length < 2 || /(没|未|不|尚)/u.test(part)) return null;
  // After the everyday 里 only a short thing named is a part ("工伤案子"); a clause ("又反悔撤回的") says it in other words.
  if (m[2] && part.length > 4) return null;
  // What the whole names too ("离婚登记中协议离婚的": 离婚) does not tell the part from it.
  const whole = m[1] ?? '';
  // Pairs across a join or a 的 ("业和" of 企业和个体工商户, "证的" of 持证的执法人员) name nothing a report writes.
  const own = charPairs(part).filter((pair) => !whole.includes(pair) && !/[和与及、的各]/u.test(pair));
  return own.length ? own.join(' ') : null;
}

/**
 * The text names the part asked (more than half its own pairs of characters, as partAsked gives them: "执法人员" is
 * half of 女性执法人员, not that part), or no part is asked.
 */
export function namesPart(part: string | null, text: string): boolean {
  if (!part) return true;
  const pairs = part.split(' ');
  return pairs.filter((pair) => text.includes(pair)).length * 2 > pairs.length;
}

/** Words between a term and the figure a question sets it against ("成功率达到了95%", "败诉率控制在5%以内"). */
const CONDITION_VERB = '完成了|完成|达成了|达成|是不是|是否为|是否|达到了|达到|达|实现了|实现|到了|到|为|是|超过了|超过|过了|突破|高于|不低于|低于|不高于|不超过|控制在|保持在|降至|降到|降低到|提高到|提升到|提高至|提升至|在';
/** A question's figure is a ceiling ("控制在5%以内", "低于3%"), not a floor to reach. */
const CEILING = /^(低于|不高于|不超过|控制在|降至|降到|降低到)$/u;

/** A figure the question itself states as a condition ("成功率达到了100%") and the term it qualifies. */
export function conditionFigure(asked: string): { term: string; name: string; figure: string; verb: string; after: string } | null {
  // "出庭应诉率是否达到了年初定的100%目标": the words that say whose bound it is name no measure; the term is before them.
  const search = asked.replace(/(年初|年度|当初|原先|原来)?(确定|定下|设定|提出|制定|预定|原定|定)了?的(?=\s*\d)/gu, '');
  const m = new RegExp(`([\u4e00-\u9fff]{1,6}?)(${CONDITION_VERB})?(\\d+(?:\\.\\d+)?\\s*[%％]|\\d+(?:\\.\\d+)?\\s*[件人次项个名天])(以上|以内|以下|之内)?`, 'u').exec(search);
  if (!m?.[1] || !m[3]) return null;
  // "出庭应诉率有没有达到100%": the words that ask whether are no part of the term. Its last two characters: what
  // comes before a verb ("2021年确认的57项") is no part of it either.
  const words = m[1].replace(new RegExp(`(${CONDITION_VERB}|了|的|有没有|是否|是不是|能否|有无|可否|已经|已|都|均)+$`, 'u'), '');
  const term = words.slice(-2);
  // Up to four characters tell a rate from another ending alike ("应诉率" is not "败诉率").
  return term ? { term, name: words.slice(-4), figure: m[3].replace(/\s+/gu, '').replace('％', '%'), verb: m[2] ?? '', after: m[4] ?? '' } : null;
}

/** "调解成功率达到95%了吗", "败诉率控制在5%以内了吗": the bound a yes/no question sets a stated figure against. */
export interface Threshold {
  term: string;
  /** The term with up to two characters more before it, which a figure's own words may name. */
  name: string;
  value: number;
  unit: string;
  /** The figure must stay at or under it (else reach it). */
  ceiling: boolean;
  /** "超过", "高于", "低于": the bound itself does not pass. */
  strict: boolean;
}

export function thresholdAsked(search: string): Threshold | null {
  const c = conditionFigure(search);
  if (!c) return null;
  const unit = c.figure.replace(/^[\d.]+/u, '');
  const ceiling = CEILING.test(c.verb) || /^(以内|以下|之内)$/u.test(c.after);
  return { term: c.term, name: c.name, value: Number(c.figure.slice(0, c.figure.length - unit.length)), unit, ceiling, strict: /^(超过了?|突破|高于|低于)$/u.test(c.verb) };
}

/**
 * The post or part a who-question asks a person for ("领导小组的副组长是谁" → 副组长, "第一责任人是谁" →
 * 第一责任人, "由哪位律师牵头" → 牵头); null when it asks for a body ("哪家律所") or names no post.
 */
export function askedRole(search: string): string | null {
  // Not 担任 or 兼任: "组长由谁担任" asks the post before it (below).
  const by = /由(?:谁|哪位|哪名|哪个人)[\u4e00-\u9fff]{0,3}?(牵头|负责|主持|带队|主抓)/u.exec(search);
  if (by?.[1]) return by[1];
  // "由谁任组长", "谁担任首席法律顾问"
  const post = /(?:由谁|谁)(?:来)?(?:任|担任|兼任)([\u4e00-\u9fff]{2,6}?)(?:[？?]|$)/u.exec(search);
  if (post?.[1]) return post[1];
  // "那起行政诉讼是谁出庭应诉的": what the person did is asked, as by 由谁牵头.
  const did = /是谁([\u4e00-\u9fff]{2,6}?)的[？?]?$/u.exec(search);
  if (did?.[1]) return did[1];
  // "分管法治工作的是谁", "分管法治政府建设工作的市领导是谁": a person named by what the person does; reports write that
  // verb beside the name, with what is done in their own words ("常务副市长郗文韬作为分管领导", "副主任童庆丰分管法治工作").
  // "是哪位领导分管法治建设": the same, asked before the verb.
  const before = /(?:哪位|哪名|哪一位)(?:领导|同志|负责人)?(分管|主管|牵头|主抓)/u.exec(search);
  if (before?.[1]) return before[1];
  const leads = /(分管|主管|牵头|主抓|负责)[\u4e00-\u9fff]{0,14}?的(?:[\u4e00-\u9fff]{0,2}?(?:领导|负责人|同志|干部))?(?:是谁|是哪[一两二三几]?[位名个]|叫什么)/u.exec(search);
  if (leads?.[1]) return leads[1];
  // "法律顾问是哪两位律师": the post, whoever holds it.
  const m = /([\u4e00-\u9fff]{2,8})(?:是谁|由谁担任|由谁兼任|是哪[一两二三几]?[位名个](?:律师|同志|人|领导)?|叫什么名字|叫什么)/u.exec(search);
  // "书记和主任分别是谁": the last post named, without 分别/各自.
  const parts = m?.[1]?.replace(/(分别|各自|都|又|还)+$/u, '').split(/[的和与及、]/u) ?? [];
  const role = parts.pop() ?? '';
  // "履行…第一责任人职责的县领导是谁": a leader described by what is done names no post; whoever the sentence names is asked.
  if (parts.length && /^[县区市镇乡局委]?(领导|负责人|同志|干部)$/u.test(role)) return null;
  return role.length >= 2 ? role.slice(-6) : null;
}

