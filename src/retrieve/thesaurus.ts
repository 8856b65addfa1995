/**
 * Everyday words for what the reports say in administrative terms: an official
 * asks "有没有被告上法庭", a report writes "未发生行政诉讼案件". Each entry
 * maps a colloquial phrase to the report's term; the question is searched and
 * judged with the report's terms in their place. Where reports use the
 * everyday word too ("零上访", "网上办理"), it stays among the terms.
 */
const ENTRIES: [RegExp, string][] = [
  // Before 打官司 is read as a lawsuit against the government: free counsel is legal aid.
  [/(请不起律师|免费.{0,8}?(打官司|派律师|代理|法律服务)|法律帮助)/gu, ' 法律援助 '],
  [/(开一家企业|开一家公司|开个公司|开公司|开办企业|办企业)/gu, ' 企业开办 '],
  [/(发大水|涨大水|闹洪水|洪水|下暴雨|下大雨)/gu, ' 防汛 强降雨 洪涝 '],
  [/(搬走|搬离|撤出|撤离|转移出去)/gu, ' 转移 '],
  [/(找到工作|找到了工作|找工作)/gu, ' 就业 '],
  [/(买东西吃了亏|买东西的人|顾客)/gu, ' 消费者 '],
  [/(信用上的污点|信用污点|失信记录|不良信用记录)/gu, ' 信用修复 '],
  [/(地租出去|把地租|流转出去的地)/gu, ' 土地流转 '],
  [/(少交税|减税|减免税费|省下.{0,4}税费)/gu, ' 减税降费 '],
  [/(清出去|清理出去|清掉|踢出去)/gu, ' 清退 '],
  [/(交给了?公安|移交公安|交给警察)/gu, ' 移送公安机关 移送 '],
  [/(法律上的毛病|法律体检)/gu, ' 法治体检 '],
  [/(热线)/gu, ' 12345 热线 '],
  [/(单子)/gu, ' 工单 '],
  [/(被人?告上法庭|告上法庭|被起诉|被人?告|打官司|吃官司|上法庭|法庭)/gu, ' 行政诉讼 '],
  [/(被申请复议|被复议|申请复议)/gu, ' 行政复议 '],
  [/(上访|信访件)/gu, ' 信访 上访 '],
  [/(打架|吵架|闹矛盾)/gu, ' 矛盾纠纷 '],
  [/(律师顾问|法律顾问律师)/gu, ' 法律顾问 '],
  [/(网上办理|网上办|线上办理|网办)/gu, ' 全程网办 一网通办 网上办理 '],
  [/(普法宣传|法律宣传|宣传法律)/gu, ' 法治宣传 普法 '],
  [/(罚了|罚款|处罚|罚单)/gu, ' 行政处罚 罚款 罚没款 '],
  [/(执法证|持证人员)/gu, ' 持证 执法人员 执法证 执法证件 '],
  [/(出庭率)/gu, ' 出庭应诉 出庭率 '],
  [/(荣誉|奖项|表彰|获奖)/gu, ' 获评 称号 荣誉 '],
  [/(律所)/gu, ' 律师事务所 '],
  [/(工钱|欠薪|欠的工资|拖欠的工资|被拖欠|被欠的钱)/gu, ' 农民工工资 劳动报酬 欠薪 '],
  [/(讨回|要回|追讨|讨要|拿回)/gu, ' 追回 '],
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
  // Everyday words of officials for the terms reports use.
  [/(外出打工的?人?|在外打工的?人?|打工的人|打工者|打工的|打工)/gu, ' 农民工 务工人员 劳动者 '],
  [/(新开张|开张|新开|开店|开公司|注册公司|新注册|个体户)/gu, ' 新登记 市场主体 经营主体 新增 '],
  [/(商户|商家|店主|店铺)/gu, ' 经营主体 市场主体 商户 '],
  [/(公务员|公职人员)/gu, ' 国家工作人员 公职人员 '],
  [/(老师)/gu, ' 教师 '],
  [/(孩子们|孩子|小孩)/gu, ' 学生 未成年人 青少年 '],
  [/(违章房子?|违章)/gu, ' 违法建设 违法建筑 违法 '],
  [/(房子)/gu, ' 房屋 建筑 '],
  [/(案子)/gu, ' 案件 '],
  [/(审案子?|听审|听案子|旁听审判|看庭审)/gu, ' 旁听庭审 庭审 '],
  [/(劝好|调停|摆平)/gu, ' 调解成功 调解 '],
  [/(答疑|解惑|问法律)/gu, ' 法律咨询 咨询 '],
  [/(电话)/gu, ' 来电 热线 电话 '],
  [/(晒出|晒了)/gu, ' 主动公开 公开 '],
  [/(办事大厅|大厅)/gu, ' 便民服务中心 政务服务中心 窗口 '],
  [/(小错|小毛病|轻微违规)/gu, ' 轻微违法 '],
  [/(头一回|第一次|初次)/gu, ' 首次 首违 '],
  [/(毛病)/gu, ' 隐患 问题 '],
  [/(煤气|天然气)/gu, ' 燃气 '],
  [/(饭馆|饭店|餐馆)/gu, ' 餐饮 '],
  [/(大点的企业|大企业|大点的)/gu, ' 规上企业 规模以上 '],
  [/(老小区)/gu, ' 老旧小区 '],
  [/(喝了?酒还?开车|喝酒驾车|酒驾)/gu, ' 酒后驾驶 酒驾 '],
  [/(买东西吃亏|顾客)/gu, ' 消费者 '],
  [/(政府买东西|买东西)/gu, ' 政府采购 采购 '],
  [/(偷偷打鱼|非法捕鱼|电鱼|打鱼)/gu, ' 非法捕捞 捕捞 '],
  [/(村里的规矩|规矩)/gu, ' 村规民约 '],
  [/(查账|账目)/gu, ' 财务 审计 账目 '],
  [/(砍掉|压减)/gu, ' 取消 精简 核减 审减 '],
  [/(省下|节省)/gu, ' 节约 '],
  [/(卖掉)/gu, ' 处置 '],
  [/(公家的?)/gu, ' 国有 '],
  [/(送检|抽样)/gu, ' 抽检 抽样检测 '],
  [/(过关)/gu, ' 合格 '],
  [/(打防疫针|防疫针|打疫苗)/gu, ' 免疫 防疫 '],
  [/(拿到|领到)/gu, ' 取得 '],
  [/(懂法的)/gu, ' 法律明白人 '],
  [/(样板|模范)/gu, ' 示范 '],
  [/(省里)/gu, ' 省级 '],
  [/(县里)/gu, ' 县级 '],
  [/(市里)/gu, ' 市级 '],
  [/(死了)/gu, ' 死亡 '],
  [/(奖金)/gu, ' 奖励 奖金 '],
  [/(关停|关掉)/gu, ' 关闭 取缔 关停 '],
  [/(辅导班|补习班|补课班)/gu, ' 校外培训机构 '],
  [/(没证没照)/gu, ' 无证无照 '],
  [/(房产证|房本)/gu, ' 不动产 不动产权证书 '],
  [/(卫星图片|卫星)/gu, ' 卫片 卫星 '],
  [/(上门)/gu, ' 走访 上门 '],
  [/(办了多少件事|办事(?!处))/gu, ' 办件 办理 '],
];

/** The question with the report's terms in place of the colloquial ones, and the terms put in for each phrase. */
function expand(search: string): { text: string; groups: string[][] } {
  let out = search;
  const groups: string[][] = [];
  for (const [re, term] of ENTRIES) {
    const next = out.replace(re, term);
    if (next !== out) groups.push(term.trim().split(/\s+/u));
    out = next;
  }
  return { text: out.replace(/\s+/gu, ' ').trim(), groups };
}

/** The question (in search form) with the report's terms in place of the colloquial ones. */
export function expandQuery(search: string): string {
  return expand(search).text;
}

/**
 * The report's terms put in for each colloquial phrase of the question, one list per phrase ("工钱" → 农民工工资,
 * 劳动报酬, 欠薪): alternatives, any one of which a report may write.
 */
export function expansionGroups(search: string): string[][] {
  return expand(search).groups;
}
