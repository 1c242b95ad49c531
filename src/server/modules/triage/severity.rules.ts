/**
 * The default severity rule set: thresholds at the scale of a government hotline (12345), and the
 * words the rules look for. Data only — the logic is in severity.ts. An organisation replaces it with
 * its own versioned copy through PUT /triage/rules.
 */
import type { SeverityRuleSet } from './severity.types.js';

export const DEFAULT_RULES: SeverityRuleSet = {
  version: '2026.1',
  moneyScale: 1,
  // Deaths and injuries: the national production-safety accident grading (生产安全事故报告和调查处理条例).
  deaths: [30, 10, 3],
  injuries: [100, 50, 10],
  // Everything else at complaint scale: a ¥500,000 loss of ten households to a vanished renovation
  // firm is 较大 (Ⅲ), not 一般 (the national ¥10,000,000 for Ⅲ is for accidents).
  lossYuan: [10_000_000, 1_000_000, 100_000],
  peopleAffected: [1500, 300, 30],
  households: [500, 100, 10],
  // Times the complainant says they have reported the problem (第三次反映, 打了五次电话).
  repeatVisits: [30, 10, 3],
  // Days without water, heating, power or gas.
  outageDays: [30, 7, 3],
  personalSafetyMinLevel: 3,
  outage: [
    {
      id: 'water',
      label: { zh: '停水', en: 'no water' },
      terms: ['停水', '断水', '没水', '没有水', '无水', '不来水', '没自来水', '没有自来水', '供水中断', '水停了', 'no water', 'water outage', 'water cut', 'without water'],
    },
    {
      id: 'heating',
      label: { zh: '停暖', en: 'no heating' },
      terms: ['停暖', '没暖气', '没有暖气', '暖气不热', '暖气不通', '不供暖', '未供暖', '供暖中断', '停止供暖', 'no heating', 'no heat', 'heating outage', 'without heating'],
    },
    {
      id: 'power',
      label: { zh: '停电', en: 'no power' },
      terms: ['停电', '断电', '没电', '没有电', '供电中断', '电停了', 'power outage', 'power cut', 'blackout', 'no electricity', 'no power', 'without power'],
    },
    {
      id: 'gas',
      label: { zh: '停气', en: 'no gas' },
      terms: ['停气', '燃气停供', '天然气停供', '没有燃气', '没有天然气', 'no gas supply', 'gas supply cut'],
    },
  ],
  vulnerableGroup: {
    steps: 1,
    maxLevel: 2,
    // Raised only when the group is harmed or loses an essential service (water, heating, power, gas).
    onlyWithHarm: true,
    // People, not institutions: "XX中学附近的酒店" names a landmark, not students.
    terms: [
      '婴儿', '婴幼儿', '新生儿', '幼儿', '儿童', '孩子', '小孩', '小朋友', '学生', '未成年', '孕妇', '产妇', '卧床', '瘫痪', '残疾', '老人', '老年人', '高龄', '患者', '病人', '透析',
      'baby', 'babies', 'infant', 'infants', 'newborn', 'newborns', 'child', 'children', 'kids', 'student', 'students', 'pupils', 'minor', 'minors',
      'pregnant', 'bedridden', 'disabled', 'wheelchair', 'elderly', 'seniors', 'patient', 'patients', 'dialysis',
    ],
    // A term followed by one of these is part of a place or product name (儿童医院, 老年大学, children's hospital).
    landmarks: [
      '医院', '中学', '小学', '学校', '大学', '公园', '乐园', '广场', '中心', '园', '街', '路', '站', '附近', '旁边', '对面', '门口', '用品', '玩具', '服装', '食品',
      "'s hospital", ' hospital', "'s museum", ' center', ' centre', ' park', ' street', ' road', ' station', ' clothing', ' toys',
    ],
  },
  mediaAttention: {
    steps: 1,
    maxLevel: 2,
    terms: ['媒体', '记者', '曝光', '热搜', '微博', '抖音', '舆论', '新闻', '电视台', '发到网上', '网上曝光', 'media', 'journalist', 'reporter', 'press', 'viral', 'news', 'trending', 'twitter', 'tiktok'],
  },
  repeat: { steps: 1, maxLevel: 3 },
  massCluster: { steps: 1, maxLevel: 2, terms: ['集体投诉', '联名', '集体上访', '群体', '聚集', 'class action', 'petition', 'protest'] },
  harmTerms: [
    '受伤', '伤', '中毒', '呕吐', '腹泻', '不适', '症状', '发烧', '发热', '住院', '送医', '就医', '昏迷', '骨折', '烧伤', '烫伤', '感染', '病倒',
    'injured', 'injury', 'injuries', 'hurt', 'ill', 'sick', 'poisoned', 'poisoning', 'vomiting', 'vomited', 'diarrhea', 'diarrhoea',
    'hospital', 'hospitalized', 'hospitalised', 'burned', 'burns', 'unconscious', 'wounded',
  ],
  keywords: [
    { id: 'food_safety', label: { zh: '食品安全', en: 'food safety' }, terms: ['食物中毒', '食品中毒', '集体腹泻', '呕吐腹泻', '变质', 'food poisoning', 'food-borne', 'foodborne', 'spoiled food'], minLevel: 3, personalSafety: true },
    { id: 'poisoning', label: { zh: '中毒', en: 'poisoning' }, terms: ['中毒', '有毒', 'poisoning', 'poisoned', 'toxic'], minLevel: 3, personalSafety: true },
    { id: 'injury', label: { zh: '人身伤亡', en: 'injury or death' }, terms: ['受伤', '伤亡', '骨折', '流血', '死亡', '身亡', '昏迷', '烧伤', '烫伤', 'injury', 'injured', 'injuries', 'bleeding', 'died', 'death', 'dead', 'unconscious', 'fracture'], minLevel: 3, personalSafety: true },
    { id: 'fire', label: { zh: '火灾爆炸', en: 'fire or explosion' }, terms: ['火灾', '起火', '着火', '失火', '冒烟', '爆炸', 'fire', 'on fire', 'explosion', 'exploded', 'smoke'], minLevel: 3, personalSafety: true },
    { id: 'collapse', label: { zh: '坍塌', en: 'structural collapse' }, terms: ['坍塌', '倒塌', '塌方', '垮塌', '塌陷', '脱落', 'collapse', 'collapsed', 'caved in', 'falling debris'], minLevel: 3, personalSafety: true },
    { id: 'electric', label: { zh: '漏电触电', en: 'electrical hazard' }, terms: ['漏电', '触电', '电线裸露', 'electric shock', 'electrocuted', 'exposed wire', 'exposed wires', 'live wire'], minLevel: 3, personalSafety: true },
    { id: 'gas', label: { zh: '燃气泄漏', en: 'gas leak' }, terms: ['煤气泄漏', '燃气泄漏', '天然气泄漏', '漏气', '煤气味', '燃气味', '天然气味', '液化气味', '刺鼻气味', '一氧化碳', 'gas leak', 'gas leaking', 'smell of gas', 'smells of gas', 'gas smell', 'carbon monoxide'], minLevel: 3, personalSafety: true },
    { id: 'trapped', label: { zh: '被困溺水', en: 'people trapped or drowning' }, terms: ['被困', '困人', '溺水', '落水', 'trapped', 'drowning', 'stuck in the elevator', 'stuck in the lift'], minLevel: 3, personalSafety: true },
    { id: 'violence', label: { zh: '暴力自伤', en: 'violence or self-harm' }, terms: ['打人', '殴打', '持刀', '砍人', '自杀', '跳楼', '轻生', 'assault', 'assaulted', 'attacked', 'stabbed', 'knife', 'suicide', 'kill myself'], minLevel: 3, personalSafety: true },
    { id: 'odour', label: { zh: '异味', en: 'odour' }, terms: ['气味', '异味', '臭味', 'odor', 'odour', 'stench'], minLevel: 4, personalSafety: false },
  ],
};
