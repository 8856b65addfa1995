/**
 * Everyday words for what the reports say in administrative terms: an official
 * asks "有没有被告上法庭", a report writes "未发生行政诉讼案件". Each entry
 * maps a colloquial phrase to the report's term; the question is searched and
 * judged with the report's terms added.
 */
const ENTRIES: [RegExp, string][] = [
  [/(被人?告上法庭|告上法庭|被起诉|被人?告|打官司|吃官司|上法庭|法庭)/gu, ' 行政诉讼 '],
  [/(被申请复议|被复议|申请复议)/gu, ' 行政复议 '],
  [/(上访|信访件)/gu, ' 信访 '],
  [/(打架|吵架|闹矛盾)/gu, ' 矛盾纠纷 '],
  [/(律师顾问|法律顾问律师)/gu, ' 法律顾问 '],
  [/(网上办|网上办理|线上办理|网办)/gu, ' 全程网办 一网通办 '],
  [/(普法宣传|法律宣传|宣传法律)/gu, ' 法治宣传 普法 '],
  [/(罚了|罚款|处罚)/gu, ' 行政处罚 罚款 '],
  [/(执法证|持证人员)/gu, ' 持证 执法人员 '],
  [/(出庭率)/gu, ' 出庭应诉 出庭率 '],
  [/(荣誉|奖项|表彰|获奖)/gu, ' 获评 称号 荣誉 '],
];

/** The question (in search form) with the report's terms in place of the colloquial ones. */
export function expandQuery(search: string): string {
  let out = search;
  for (const [re, term] of ENTRIES) out = out.replace(re, term);
  return out.replace(/\s+/gu, ' ').trim();
}
