/**
 * Kinds of hotline events (诉求事项) and the words callers use for them. Callers describe one
 * outage as 停水, 没水, 没有水 or 一滴水都没有; the matcher adds the kind (`#停水`) as one more term,
 * so different wordings of one problem share a strong term. General 12345 vocabulary, not a list
 * of phrases from the evaluation set; a kind is found by substring in the normalised text.
 */
export const EVENT_KINDS: Record<string, readonly string[]> = {
  停水: ['停水', '没水', '没有水', '无水', '断水', '来水', '供水', '一滴水', '送水', '水停了', '水就停', '水又停', '水也停', '水突然停', '一滴都没', '停了水', '不出水', '断了水', '爆管', '水管爆', '水管破裂', '水压低', '水压太低'],
  停电: ['停电', '没电', '断电', '跳闸', '供电', '配电', '没有电', '电停了', '电就停', '电又停', '停了电', '断了电', '变压器'],
  停气: ['停气', '没有燃气', '没有天然气', '供气', '气中断', '气突然中断', '打不着火', '点不着火', '没气', '没有气', '没燃气', '燃气没了', '天然气没了', '天然气停', '燃气停', '停了气', '天然气没有', '燃气没有'],
  燃气泄漏: ['泄漏', '泄露', '漏气', '燃气味', '煤气味', '天然气味'],
  水质: ['发黄', '黄水', '浑浊', '水质', '铁锈', '水很浑'],
  电梯: ['电梯', '困人', '被困', '被关', '轿厢'],
  施工噪音: ['施工', '打桩', '噪音', '噪声', '扰民', '挖掘机', '电钻'],
  油烟: ['油烟', '烟道', '排风'],
  异味: ['异味', '气味', '臭味', '刺鼻', '废气', '化学味'],
  污水: ['污水', '下水道', '冒水', '外溢', '排水', '疏通', '化粪池', '粪水', '返水', '管道堵塞'],
  垃圾: ['垃圾', '清运', '环卫'],
  路面塌陷: ['塌陷', '塌了', '大坑', '下沉', '路面开裂'],
  信号灯: ['红绿灯', '信号灯', '交通灯'],
  路灯: ['路灯', '照明', '漆黑', '黑漆漆', '黑灯瞎火'],
  欠薪: ['工资', '欠薪', '讨薪', '工钱', '拖欠'],
  预付退费: ['退费', '退钱', '退款', '退还', '预付', '会员卡', '学费', '保教费', '押金'],
  经营者失联: ['跑路', '失联', '关门', '停办', '倒闭', '人去楼空', '闭店', '卷款', '停业'],
  公交停运: ['停运', '等不到', '没有车', '复运', '公交'],
  供暖: ['暖气', '供暖', '室温', '热力'],
  占道经营: ['摆摊', '摊贩', '占道', '小摊'],
  消防通道: ['消防通道', '消防车道'],
  收费: ['收费', '停车费', '乱收费', '涨价', '扣费', '校服', '教辅'],
  逾期交房: ['交房', '逾期', '延期', '烂尾', '停工', '交付'],
  断网: ['宽带', '断网', '网络', '光纤', '光缆'],
  倒树: ['倒伏', '倒树', '刮倒', '大树'],
  井盖: ['井盖', '窨井'],
  水体污染: ['死鱼', '河水', '排污'],
  渣土: ['渣土', '撒漏', '抛洒', '带泥'],
  乱停放: ['共享单车', '乱停', '盲道'],
  菜市场: ['菜市场', '菜场', '买菜'],
  疫苗接种: ['疫苗', '接种'],
  医保社保: ['医保', '社保', '缴费'],
  食物中毒: ['食物中毒', '拉肚子', '腹泻', '呕吐', '上吐下泻', '吃坏', '肚子疼', '腹痛', '肠胃'],
  噪音扰民: ['噪音', '噪声', '扰民', '太吵', '吵得', '吵到', '吵醒', '音响', '广场舞', '睡不着'],
  就医排队: ['挂号', '挂不上号', '挂不了号', '排长队', '排队'],
  系统故障: ['系统故障', '系统瘫痪', '系统坏了', '系统出问题', '系统繁忙', '打不开'],
  轨道交通: ['地铁', '列车', '延误'],
};

/**
 * The same kinds in English words (matched on whole words of the segmented text, which is lower
 * case and space-separated): 311-style vocabulary, not phrases of any labelled set.
 */
export const EVENT_KINDS_EN: Record<string, readonly string[]> = {
  停水: ['no water', 'water main', 'water outage', 'water shut', 'water service', 'water off', 'bottled water', 'without water', 'broken pipe', 'burst pipe', 'pipe burst', 'main break', 'water pressure'],
  停电: ['power outage', 'no power', 'blackout', 'no electricity', 'power out', 'lost power', 'without power', 'power cut', 'power is out'],
  停气: ['gas shut', 'gas off', 'no gas', 'gas service'],
  燃气泄漏: ['gas leak', 'gas smell', 'smell of gas', 'gas odor', 'leak'],
  水质: ['brown water', 'discolored water', 'boil water', 'dirty water'],
  电梯: ['elevator', 'elevators', 'lift', 'stuck', 'trapped'],
  施工噪音: ['construction', 'jackhammer', 'jackhammers', 'jackhammering', 'drilling', 'after hours'],
  噪音扰民: ['noise', 'loud', 'music', 'party'],
  污水: ['sewage', 'sewer', 'backup', 'flooded', 'flooding'],
  垃圾: ['garbage', 'trash', 'litter', 'dumping'],
  路面塌陷: ['sinkhole', 'cave in', 'collapsed', 'pothole'],
  信号灯: ['traffic light', 'traffic lights', 'traffic signal', 'traffic signals', 'signal', 'stoplight'],
  路灯: ['streetlight', 'streetlights', 'street light', 'street lights', 'lights out', 'dark', 'street lamp', 'street lamps'],
  欠薪: ['wages', 'unpaid', 'paycheck', 'back pay'],
  预付退费: ['refund', 'prepaid', 'membership', 'gift card', 'gift cards', 'store card', 'deposit'],
  经营者失联: ['closed', 'shut down', 'out of business', 'shut its doors', 'went out', 'unreachable'],
  公交停运: ['bus', 'buses', 'route', 'transit'],
  供暖: ['heat', 'heating', 'radiator', 'radiators', 'boiler', 'hot water'],
  食物中毒: ['food poisoning', 'vomiting', 'diarrhea', 'stomach', 'sick after'],
  断网: ['internet', 'broadband', 'outage'],
};

/** Every word that names a kind: they say what happened, not which occurrence of it. */
export const KIND_WORDS: ReadonlySet<string> = new Set([...Object.values(EVENT_KINDS), ...Object.values(EVENT_KINDS_EN)].flat().flatMap((w) => w.split(' ')));

const KINDS_EN = Object.entries(EVENT_KINDS_EN).map(([k, ws]) => [k, ws.map((w) => ` ${w} `)] as const);

/** The event kinds of English words (`words`: the segmented text, space-separated). */
export function eventKindsEnglish(words: string): string[] {
  if (!/[a-z]{3}/.test(words)) return [];
  const t = ` ${words} `;
  return KINDS_EN.filter(([, ws]) => ws.some((w) => t.includes(w))).map(([k]) => `#${k}`);
}

const KINDS = Object.entries(EVENT_KINDS);

/**
 * Kinds that one event can show as: a burst main is 停水 to one caller and 黄水 to the next; a
 * vanished shop is 跑路 and 退款. Two complaints whose kinds fall in no common family are about two
 * events, wherever they are. A kind not listed is its own family.
 */
const FAMILIES: ReadonlyArray<readonly string[]> = [
  ['停水', '水质', '污水'],
  ['停电', '电梯'],
  ['停气', '燃气泄漏', '异味'],
  ['施工噪音', '噪音扰民', '渣土'],
  ['异味', '垃圾', '污水', '水体污染', '油烟'],
  ['预付退费', '经营者失联', '收费'],
  ['欠薪', '经营者失联', '逾期交房'],
  ['公交停运', '轨道交通'],
  ['就医排队', '系统故障', '医保社保', '收费'],
  ['路面塌陷', '井盖', '污水', '停水'],
  ['断网', '系统故障'],
  ['供暖', '停电'],
];
const FAMILY_OF = new Map<string, Set<number>>();
FAMILIES.forEach((ks, i) => ks.forEach((k) => FAMILY_OF.set(`#${k}`, (FAMILY_OF.get(`#${k}`) ?? new Set()).add(i))));

/** Whether two non-empty lists of kind terms (`#停水`) can describe one event: a kind or a family in common. */
export function kindsAgree(a: readonly string[], b: readonly string[]): boolean {
  for (const x of a) {
    if (b.includes(x)) return true;
    const fx = FAMILY_OF.get(x);
    if (fx && b.some((y) => [...(FAMILY_OF.get(y) ?? [])].some((i) => fx.has(i)))) return true;
  }
  return false;
}

/** The event kinds a normalised text mentions, as `#kind` terms. */
export function eventKinds(text: string): string[] {
  return KINDS.filter(([, words]) => words.some((w) => text.includes(w))).map(([k]) => `#${k}`);
}

/**
 * A consultation (咨询): the subject asks something — how to apply, whether a rule holds, what a
 * standard is — rather than reporting what happened. Two people asking about one policy or one
 * kind of thing (加装电梯怎么申请) are no event, so a consultation joins an event only at a shared
 * concrete place (event-matcher.ts).
 */
const QUESTION = /[？?]|如何|怎么|怎样|能否|可否|是否|请问|咨询|哪些|哪里|何时|多少|吗$/u;

export function isConsultation(subject: string): boolean {
  return QUESTION.test(subject.trim());
}
