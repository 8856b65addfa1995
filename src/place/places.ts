/**
 * Places and issuing bodies: the one module that knows China's administrative
 * levels (省/自治区/直辖市 → 市/州/盟 → 区/县/县级市/旗 → 街道/镇/乡/苏木 →
 * 社区/村) and the bodies that issue reports (人民政府, 办事处, 局/委/办/中心,
 * 管委会). Describing a report reads its issuer through it, question analysis
 * reads the places a question names through it, and the answer labels reports
 * with it. Text given here is simplified (search form or toSimplified).
 */

export type Level = 'province' | 'city' | 'county' | 'zone' | 'township' | 'village';

export interface Place {
  name: string;
  level: Level;
}

export interface Issuer {
  /** The issuing body in full ("XX县司法局", "XX镇人民政府"), or the place alone when no body is written. */
  issuer: string;
  /** The place the report is about: the issuer's own place ("XX县" for the county's 司法局). */
  locality: Place;
  /** The places above the locality, outermost first. */
  above: Place[];
  /** The body after the place ("司法局", "人民政府"), if written. */
  body: string | null;
}

const MUNICIPALITIES = /^(北京|天津|上海|重庆)市$/u;

/** Place suffixes, longest first where one ends another. */
const SUFFIX = '自治区|特别行政区|省|自治州|地区|盟|州|经济技术开发区|经济开发区|高新技术产业开发区|高新区|开发区|工业园区|新区|自治县|自治旗|林区|区|县|旗|市|街道|街|苏木|民族乡|镇|乡|社区|嘎查|村';
const SUFFIX_RE = new RegExp(`^(${SUFFIX})`, 'u');
/** What a place name ends with, at each level. */
const LEVEL_OF: [RegExp, Level][] = [
  // First: "砥石社区" ends in 区 as well.
  [/(社区|嘎查|村)$/u, 'village'],
  [/(自治区|特别行政区|省)$/u, 'province'],
  [/(自治州|地区|盟|州)$/u, 'city'],
  [/(开发区|高新区|工业园区|新区)$/u, 'zone'],
  [/(自治县|自治旗|林区|区|县|旗)$/u, 'county'],
  [/(街道|街|苏木|乡|镇)$/u, 'township'],
];

/** Characters that end a phrase before a place name ("2020年址山镇", "在古美路街道", "全区"). */
const NOT_NAME = /[年在的是和与及对为将于由向从了我本该全各今共个每哪\d\s,，、。:：;；“”"《》()（）]/u;

/** Words that end like a place but are not one, or are the report's own area ("全区", "本街道"): whole words, or such a word after a qualifier. */
const NOT_PLACE = /^(?:[全本各该我其这那此每老主新旧城郊山小大深偏辖片景园到去赴进入]?(?:农业农村|城区|市区|山区|郊区|辖区|园区|街区|景区|片区|社区|小区|老旧小区|居民小区|住宅小区|商品房小区|地区|城市|都市|超市|乡镇街道|街道乡镇|乡镇|街镇|镇街|城乡|村镇|城镇|集镇|市镇|乡村|农村|村村|县区|区县|县市|市县|省市|县乡|下乡|家乡|老乡|故乡|大街|步行街|商业街|老街|行政村|自然村|开发区|新区|园区|自治区|自治州|自治县|自治旗|街道|镇|乡|村|区|县|市|省|街))$/u;

/** An issuing body written after a place. */
const BODY = /^(?:人民政府办公室|人民政府|政府|街道办事处|办事处|管理委员会|管委会|党工委|[\u4e00-\u9fff]{1,14}?(?:分局|局|委员会|委|办公室|办|中心|所|队))$/u;

/**
 * China's provinces: the short name reports and questions write ("安徽翮江…", "江西的"), the full name, and the
 * character their sites' filing numbers start with ("赣ICP备13004271号"), all simplified.
 */
const PROVINCE_TABLE: readonly (readonly [short: string, full: string, filing: string])[] = [
  ['北京', '北京市', '京'], ['天津', '天津市', '津'], ['上海', '上海市', '沪'], ['重庆', '重庆市', '渝'], ['河北', '河北省', '冀'],
  ['山西', '山西省', '晋'], ['内蒙古', '内蒙古自治区', '蒙'], ['辽宁', '辽宁省', '辽'], ['吉林', '吉林省', '吉'], ['黑龙江', '黑龙江省', '黑'],
  ['江苏', '江苏省', '苏'], ['浙江', '浙江省', '浙'], ['安徽', '安徽省', '皖'], ['福建', '福建省', '闽'], ['江西', '江西省', '赣'],
  ['山东', '山东省', '鲁'], ['河南', '河南省', '豫'], ['湖北', '湖北省', '鄂'], ['湖南', '湖南省', '湘'], ['广东', '广东省', '粤'],
  ['广西', '广西壮族自治区', '桂'], ['海南', '海南省', '琼'], ['四川', '四川省', '川'], ['贵州', '贵州省', '贵'], ['云南', '云南省', '云'],
  ['西藏', '西藏自治区', '藏'], ['陕西', '陕西省', '陕'], ['甘肃', '甘肃省', '甘'], ['青海', '青海省', '青'], ['宁夏', '宁夏回族自治区', '宁'],
  ['新疆', '新疆维吾尔自治区', '新'], ['香港', '香港特别行政区', ''], ['澳门', '澳门特别行政区', ''], ['台湾', '台湾省', ''],
];

/** The provinces' short names. */
export const PROVINCES = PROVINCE_TABLE.map(([short]) => short);

/** The province a site's filing number names by its first character ("赣ICP备13004271号" → 江西省); the number in simplified script. */
export function filingProvince(filing: string): string | null {
  const first = filing.trim()[0];
  return PROVINCE_TABLE.find(([, , char]) => char && char === first)?.[1] ?? null;
}

/** A province's name without its level ("安徽省" → 安徽, "广西壮族自治区" → 广西), as reports write it before a place. */
export function provinceStem(name: string): string {
  return PROVINCE_TABLE.find(([, full]) => full === name)?.[0] ?? name;
}

/** The province a text ends with, written without its level and after no other word ("安徽" before "翮江高新区…"). */
export function bareProvinceAtEnd(text: string): string | null {
  for (const [short, full] of PROVINCE_TABLE) {
    if (text.endsWith(short) && !/[\u4e00-\u9fff]/u.test(text.slice(0, -short.length).slice(-1))) return full;
  }
  return null;
}

/** The place suffix a text opens with ("区" in "区2022年…"), or null. */
export function suffixAtStart(text: string): string | null {
  return SUFFIX_RE.exec(text)?.[1] ?? null;
}

export function levelOf(name: string, previous: Place[] = []): Level {
  if (/市$/u.test(name)) {
    if (MUNICIPALITIES.test(name)) return 'province';
    // A 市 under another 市 (or under a 州) is a county-level city.
    return previous.some((p) => p.level === 'city' || (p.level === 'province' && MUNICIPALITIES.test(p.name))) ? 'county' : 'city';
  }
  for (const [re, level] of LEVEL_OF) if (re.test(name)) return level;
  return 'township';
}

/** The place suffix a name ends with, or null. */
export function placeSuffix(name: string): string | null {
  for (let i = Math.max(0, name.length - 9); i < name.length; i++) {
    const m = SUFFIX_RE.exec(name.slice(i));
    if (m?.[1] && i + m[1].length === name.length) return m[1];
  }
  return null;
}

/** A place name without its suffix ("月亮岛街道" → "月亮岛"); the name itself when the stem would be under two characters. */
export function placeStem(name: string): string {
  const suffix = placeSuffix(name);
  const stem = suffix ? name.slice(0, -suffix.length) : name;
  return stem.length >= 2 ? stem : name;
}

/**
 * Reads a run of places from the start of a text, then the body that issues
 * ("长沙市望城区全胜镇人民政府" → 长沙市 › 望城区 › 全胜镇, 人民政府). Each place
 * is the shortest name (two characters or more) before a suffix; reading
 * stops at a body, or where no place follows.
 */
export function readPlaces(text: string): { places: Place[]; body: string | null; rest: string } {
  const places: Place[] = [];
  let rest = text;
  for (;;) {
    const body = bodyAtStart(rest);
    // "江北区人民政府郭家沱街道办事处": a government named on the way to the body below it.
    if (body && /^(人民政府|政府)$/u.test(body) && places.length && readPlaces(rest.slice(body.length)).places.length) {
      rest = rest.slice(body.length);
      continue;
    }
    if (body) return { places, body, rest: rest.slice(body.length) };
    let found: string | null = null;
    for (let len = 2; len <= 12 && len < rest.length; len++) {
      const stem = rest.slice(0, len);
      if (NOT_NAME.test(stem[stem.length - 1] ?? '') || !/^[\u4e00-\u9fff]+$/u.test(stem)) break;
      const m = SUFFIX_RE.exec(rest.slice(len));
      if (m?.[1]) {
        found = stem + m[1];
        break;
      }
    }
    // "区城市管理行政执法局": a title's 区 is "the district's", and no name starts with 区, 县 or 省 (镇江, 乡城 do).
    if (!found || NOT_PLACE.test(found) || /^[区县省]/u.test(found)) return { places, body: null, rest };
    places.push({ name: found, level: levelOf(found, places) });
    rest = rest.slice(found.length);
  }
}

function bodyAtStart(text: string): string | null {
  // The body runs to the end of the issuer's name: up to a year, a date, or the report's own words.
  const head = /^[\u4e00-\u9fff]{2,16}?(?=(?:19|20)\d{2}|关于|年度|法治|依法|工作|$|[\s,，、。（(])/u.exec(text)?.[0] ?? '';
  for (let end = head.length; end >= 2; end--) {
    const cand = head.slice(0, end);
    if (BODY.test(cand) && !NOT_NAME.test(cand[0] ?? '') && !startsWithPlace(cand)) return cand;
  }
  return null;
}

const ADMIN_SUFFIX = /^(自治区|省|市|自治州|州|盟|区|县|旗|街道|镇|乡|苏木)/u;

/** Whether a text opens with an administrative place followed by more text ("望城区人民政府" does, "人民政府", "农业农村局" do not). */
function startsWithPlace(text: string): boolean {
  for (let len = 2; len <= 10 && len < text.length; len++) {
    const stem = text.slice(0, len);
    if (NOT_NAME.test(stem)) return false;
    const m = ADMIN_SUFFIX.exec(text.slice(len));
    if (m?.[1] && len + m[1].length < text.length && !NOT_PLACE.test(stem + m[1])) return true;
  }
  return false;
}

/** Reads the issuer from a heading-like text (a title, a signature line, "现将…报告如下"), or null. */
export function readIssuer(text: string): Issuer | null {
  const start = text.replace(/^(?:中共)?(?:关于)?(?:(?:19|20)\d{2}\s*年度?)?/u, '').replace(NATIONAL, '');
  const { places, body } = readPlaces(start);
  const locality = places[places.length - 1];
  if (!locality || locality.level === 'village') return null;
  return { issuer: body ? `${locality.name}${body}` : locality.name, locality, above: places.slice(0, -1), body };
}

/** "国家税务总局瑾湖市璘阳区税务局": a bureau under vertical management is named after its national head office, no place. */
const NATIONAL = /^国家[\u4e00-\u9fff]{1,8}?总局/u;

/** Verbs an official writes before a government ("审查县政府合同", "召开区政府常务会议"). */
const VERB_BEFORE_BODY = /^(审查|审核|召开|参加|出席|报请|提请|协助|配合|代表|起草|制定|出台|印发|指导|组织|推动|落实|监督|督促|协调|争取)[县区市镇乡]$/u;
const GENERIC_AFTER = /^(乡镇|乡村|乡贤|镇街|镇村|镇级|村民|村级|村委|村居|村务|村庄|区域|区级|县级|县域|县管|市场|市监|市民|市级|市域|市容|省级|旗级|街巷|街面)$/u;
const MENTION = new RegExp(`([^\\s\\d年在的是和与及对为将于由向从了我本该全各今共个每哪给把被让,，、。:：;；“”"《》()（）?？!！]{2,8}?)(${SUFFIX})`, 'gu');

/**
 * Every place-like name in a text, a name's characters stopping at a phrase
 * boundary ("2023年全区" has none, "在古美路街道" has 古美路街道); names written
 * one after another ("北京市海淀区") are one mention. `placeTaken` stands for a known place taken out of the text: a
 * name right after it is written right after a place.
 */
export function placeMentions(text: string, placeTaken?: string): { name: string; index: number }[] {
  const out: { name: string; index: number }[] = [];
  for (const m of text.matchAll(MENTION)) {
    const national = NATIONAL.exec(m[0])?.[0] ?? '';
    const name = m[0].slice(national.length);
    const index = m.index + national.length;
    if (name.length < 2) continue;
    // "村里社区": 村里 is "in the village", no name.
    // "两份街道乡镇报告": a count of reports or places names none; "下到村里讲法律": going there names none.
    if (NOT_PLACE.test(name) || /^(哪|什么|这|那|各|本|该|全|每|其|此|多少|几|些|个|位|[村镇乡县区市省街]里|[两二三四五六七八九十\d]+[份个家所]|[下回来走]?到)/u.test(name)) continue;
    const last = out[out.length - 1];
    const adjacent = last !== undefined && last.index + last.name.length === index;
    const follows = adjacent || (placeTaken !== undefined && text[index - 1] === placeTaken);
    // "新改建农村公路", "老旧城区": a phrase ending in a word for a kind of area is no place's name, unless, right after a
    // place's, it is a short name and its 镇 or 区 ("飞鼬县鼬城镇": 鼬城 and its 镇; "松禾县新改建农村公路" is still none).
    // A name of one character and 城区 or 山区 is a district's ("庾城区", "鳍山区"; 老城区, 主城区 and 大山区 are none, above).
    if (/(农村|乡村|城乡|城镇|村镇|集镇|山区|郊区|辖区|片区|景区|城区|市区)$/u.test(name) && !(follows && /^.{1,3}(城镇|城区|山区)$/u.test(name))
      && !/^[\u4e00-\u9fff][城山]区$/u.test(name)) continue;
    // "开展“法律进村”活动": a name in quotation marks is an activity's or a campaign's, not a place's.
    if (/[“「『‘"]/u.test(text[index - 1] ?? '')) continue;
    // "帮园区企业", "进园区": one character before 园区 is what is done there, no park's name.
    if (/^[\u4e00-\u9fff]园区$/u.test(name)) continue;
    // "民主法治示范村" is an honour; "有没有村", "所有社区" ask about places, naming none.
    if (/示范/u.test(name) || /^(所有|有没有|没有|是否有|有)/u.test(name)) continue;
    // "哪些街镇", "这个街道": a word after a question or pointing word names no place.
    if (/[哪这那各本该全每其此几些个]/u.test(text[index - 1] ?? '')) continue;
    // "计划组织乡镇", "村民", "市场": the suffix starts a common word, not a place's end.
    const suffix = m[2] ?? '';
    if (GENERIC_AFTER.test(suffix.slice(-1) + (text[index + name.length] ?? ''))) continue;
    // "审查县政府合同": a verb before 县政府 or 区委 is what the place's body does, the place named before it.
    if (VERB_BEFORE_BODY.test(name) && /^(政府|委|人大|政协)/u.test(text.slice(index + name.length))) continue;
    // "在册社区矫正对象": 社区矫正, 社区戒毒 and 社区康复 are kinds of work, no community's name.
    if (name.endsWith('社区') && /^(矫正|戒毒|康复)/u.test(text.slice(index + name.length))) continue;
    if (last && adjacent) last.name += name;
    else out.push({ name, index });
  }
  return out;
}

/** Shorter names officials use for bodies and zones: "市场监管局" for 市场监督管理局, "经开区" for 经济技术开发区. */
const ALIASES: [RegExp, string[]][] = [
  [/市场监督管理局$/u, ['市场监管局', '市监局', '市场监管部门']],
  [/卫生健康委员会$/u, ['卫健委', '卫生健康委', '卫健局']],
  [/卫生健康局$/u, ['卫健局', '卫健委']],
  [/人力资源和社会保障局$/u, ['人社局', '人力社保局']],
  [/城市管理(?:和|与)?综合(?:行政)?执法局$/u, ['城管执法局', '城管局', '综合行政执法局', '综合执法局', '城市管理局']],
  [/城市管理(?:行政)?执法局$/u, ['城管执法局', '城管局']],
  [/城市管理局$/u, ['城管局']],
  [/综合行政执法局$/u, ['综合执法局', '执法局']],
  [/生态环境(分)?局$/u, ['环保局', '生态环境局']],
  [/应急管理局$/u, ['应急局']],
  // Bodies the 2018 reform merged or renamed go by their successors' names too ("XX区应急管理局2017年" for its 安监局).
  [/安全生产监督管理局$/u, ['安监局', '安全监管局', '应急管理局', '应急局']],
  [/环境保护局$/u, ['环保局', '生态环境局']],
  [/(工商行政管理|食品药品监督管理|质量技术监督)局$/u, ['市场监督管理局', '市场监管局']],
  [/卫生和计划生育(委员会|局)$/u, ['卫计委', '卫计局', '卫生健康委员会', '卫健委', '卫健局']],
  [/国土资源局$/u, ['国土局', '自然资源局']],
  [/发展和改革(委员会|局)$/u, ['发改委', '发改局']],
  [/住房和城乡建设局$/u, ['住建局']],
  [/自然资源和规划局$/u, ['自然资源局', '自规局']],
  [/交通运输局$/u, ['交通局']],
  [/教育(和|与)?体育局$/u, ['教体局', '教育局']],
  [/文化(和|广电|广播电视和?)?旅游(体育)?局$/u, ['文旅局']],
  [/文化广电旅游体育局$/u, ['文广旅体局', '文旅局']],
  [/医疗保障局$/u, ['医保局']],
  [/退役军人事务局$/u, ['退役军人局']],
  [/农业农村局$/u, ['农业局', '农业农村局']],
  [/林业和草原局$/u, ['林草局', '林业局']],
  [/科学技术局$/u, ['科技局']],
  [/工业和信息化局$/u, ['工信局']],
  [/行政审批服务局$/u, ['行政审批局', '审批局']],
  [/政务服务和数据管理局$/u, ['政务服务局', '数据局', '政数局']],
  [/民族宗教事务局$/u, ['民宗局']],
  [/机关事务管理局$/u, ['机关事务局']],
  [/国有资产监督管理委员会$/u, ['国资委']],
  [/人民政府办公室$/u, ['政府办']],
  [/管理委员会$/u, ['管委会']],
  [/街道办事处$/u, ['街道办']],
  [/人民政府$/u, ['政府']],
];
const ZONE_ALIASES: [RegExp, string[]][] = [
  [/经济技术开发区$/u, ['经开区', '开发区']],
  [/经济开发区$/u, ['经开区', '开发区']],
  [/高新技术产业开发区$/u, ['高新区', '开发区']],
  [/高新技术开发区$/u, ['高新区', '开发区']],
];

/** The other names a place is called by ("澜州经济技术开发区" → 澜州经开区, 澜州开发区; "澜屿瑶族自治县" → 澜屿县, 澜屿). */
export function placeAliases(name: string): string[] {
  const out = ZONE_ALIASES.filter(([re]) => re.test(name)).flatMap(([re, shorts]) => shorts.map((short) => name.replace(re, short)));
  const autonomous = /^(.{2,6}?)(?:[\u4e00-\u9fff]{1,4}族)+自治(县|州|旗)$/u.exec(name);
  if (autonomous?.[1] && autonomous[2]) out.push(`${autonomous[1]}${autonomous[2]}`, autonomous[1]);
  return out;
}

/** The other names an issuer is called by: its body shortened, its place shortened, both. */
export function issuerAliases(issuer: string, locality: string): string[] {
  // "琮州市公安局瑶湾分局": a branch of a city's bureau goes by its own name ("瑶湾分局"), whatever its locality.
  const branch = /局([\u4e00-\u9fff]{2,4}分局)$/u.exec(issuer)?.[1];
  if (!issuer.startsWith(locality) || issuer === locality) return branch && branch !== issuer ? [branch] : [];
  const body = issuer.slice(locality.length);
  // "舾水市场监管局" for 舾水区市场监督管理局: officials drop the place's suffix before its body's name too.
  const stem = placeStem(locality);
  const places = [locality, ...placeAliases(locality), ...(stem !== locality && stem.length >= 2 ? [stem] : [])];
  const bodies = [body, ...ALIASES.filter(([re]) => re.test(body)).flatMap(([re, shorts]) => shorts.map((s) => body.replace(re, s)))];
  const out = new Set<string>();
  for (const p of places) for (const b of bodies) out.add(p + b);
  if (branch) out.add(branch);
  out.delete(issuer);
  return [...out];
}

/** A body that governs its place (人民政府, 办事处, 管委会) rather than one of its departments. */
export function isGovernment(issuer: string, locality: string): boolean {
  return issuer === locality || /(人民政府|政府|办事处|管理委员会|管委会)$/u.test(issuer);
}

/** A report's label in answers: a department's name in full ("XX县司法局"), else the place ("XX街道"). */
export function reportLabel(doc: { issuer?: string; locality: string }): string {
  return doc.issuer && !isGovernment(doc.issuer, doc.locality) ? doc.issuer : doc.locality;
}
