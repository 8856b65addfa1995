/**
 * Everyday words for what the reports say in administrative terms: an official
 * asks "有没有被告上法庭", a report writes "未发生行政诉讼案件". Each entry
 * maps a colloquial phrase to the report's term; the question is searched and
 * judged with the report's terms in their place. Where reports use the
 * everyday word too ("零上访", "网上办理"), it stays among the terms.
 */
const ENTRIES: [RegExp, string][] = [
  [/(被人?告上法庭|告上法庭|被起诉|被人?告|打官司|吃官司|上法庭|法庭)/gu, ' 行政诉讼 '],
  [/(被申请复议|被复议|申请复议)/gu, ' 行政复议 '],
  [/(上访|信访件)/gu, ' 信访 上访 '],
  [/(打架|吵架|闹矛盾)/gu, ' 矛盾纠纷 '],
  [/(律师顾问|法律顾问律师)/gu, ' 法律顾问 '],
  [/(网上办理|网上办|线上办理|网办)/gu, ' 全程网办 一网通办 网上办理 '],
  [/(普法宣传|法律宣传|宣传法律)/gu, ' 法治宣传 普法 '],
  [/(罚了|罚款|处罚)/gu, ' 行政处罚 罚款 '],
  [/(执法证|持证人员)/gu, ' 持证 执法人员 执法证 '],
  [/(出庭率)/gu, ' 出庭应诉 出庭率 '],
  [/(荣誉|奖项|表彰|获奖)/gu, ' 获评 称号 荣誉 '],
  [/(律所)/gu, ' 律师事务所 '],
  [/(工钱|欠薪|欠的工资|拖欠的工资|被拖欠)/gu, ' 农民工工资 劳动报酬 欠薪 '],
  [/(讨回|要回|追讨|讨要)/gu, ' 追回 '],
  [/(违章搭建|违章建筑|违建|乱搭乱建)/gu, ' 违法建设 '],
  [/(拆掉|拆了|拆除了)/gu, ' 拆除 '],
  [/(免费.{0,6}律师|免费打官司|法律帮助)/gu, ' 法律援助 '],
  [/(挽回.{0,4}钱|挽回.{0,2}损失)/gu, ' 挽回经济损失 '],
  [/(不罚|免罚|放过|不予罚款|没有罚款|没罚款)/gu, ' 不予处罚 首违不罚 '],
  [/(少罚|轻罚)/gu, ' 减轻处罚 从轻处罚 '],
  [/(写.{0,4}文书|代写)/gu, ' 代写法律文书 '],
  [/(看病|义诊)/gu, ' 义诊 '],
  [/(说和|劝和|和解)/gu, ' 调解 '],
  [/(病人和医院|医院和病人|医患)/gu, ' 医疗纠纷 医患纠纷 '],
  [/(检查站|卡点)/gu, ' 卡口 '],
  [/(开荒|毁草|毁坏草)/gu, ' 非法开垦草原 '],
  [/(商量会|商量|议事会)/gu, ' 议事协商 '],
  [/(赶集)/gu, ' 赶集日 '],
  [/(跑几趟|跑几次|跑腿)/gu, ' 跑动次数 '],
  [/(学校)/gu, ' 学校 中小学 '],
  [/(法律体检|法律上的.{0,4}检查|法律风险)/gu, ' 法治体检 '],
  [/(周末不休息|周末开门|周末也办|周末办)/gu, ' 周末不打烊 '],
  [/(官司)/gu, ' 行政诉讼 '],
  // Whole phrases only: a bare 输 is also the 输 of 运输局, a bare 赢 the 赢 of 赢得.
  [/(赢了|打赢|赢过|赢的)/gu, ' 胜诉 '],
  [/(输了|打输|输过|输掉|输的)/gu, ' 败诉 '],
  [/(老百姓|群众|居民)/gu, ' 群众 '],
  [/(办了多少件事|办事)/gu, ' 办件 办理 '],
];

/** The question (in search form) with the report's terms in place of the colloquial ones. */
export function expandQuery(search: string): string {
  let out = search;
  for (const [re, term] of ENTRIES) out = out.replace(re, term);
  return out.replace(/\s+/gu, ' ').trim();
}
