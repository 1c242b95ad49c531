/**
 * Words that every hotline record uses whatever happened (来电人反映…, 请尽快处理, 相关部门): they say
 * nothing about which event a complaint is about, so the event matcher ignores them.
 */
export const HOTLINE_STOPWORDS = new Set(
  (
    '来电 来电人 人称 人 反映 市民 称 请 请求 要求 希望 尽快 处理 相关 有关 部门 问题 诉求 今天 昨天 昨晚 今晚 现在 已经 一直 没有 什么 时候 ' +
    '小区 我们 我 你 他 她 家 家里 的 了 是 在 都 也 还 就 又 很 有 和 与 说 给 被 把 到 从 对 这 那 个 一 不 没 请问 能 能不能 ' +
    '要 会 去 来 上 下 中 里 后 前 多 好 大 小 等 让 但 但是 而且 并 或 及 其 所 所住 住 住在 位于 附近 旁边 门口 一下 一个 这个 那个 ' +
    '业主 居民 住户 群众 老百姓 情况 说明 原因 督促 协调 解决 反映过 多次 投诉 举报 无果 谢谢 给予 予以 进行 造成 严重 影响 ' +
    '街道 区 市 栋 号 楼 期 东 西 南 北 侧 段 月 日 天 小时 分钟 点 上午 下午 晚上 早上 中午 凌晨 半夜 每天 连续 好几 几天 一天 两天 ' +
    '呢 吗 吧 啊 呀 着 过 得 地 之 以 为 因为 所以 如果 可以 需要 应该 怎么 怎么办 为什么 哪个 谁 自己 大家 请给 给个 说法'
  ).split(' '),
);

/**
 * English function words and complaint boilerplate, and the masks of redacted narratives (XX/XXXX):
 * every English complaint has them, so they tie unrelated ones together (the background table is
 * Chinese, so without this list they would weigh as rare words).
 */
export const ENGLISH_STOPWORDS = new Set(
  (
    'a an the and or but if then than so as at by for from in into of on onto to with without about above after again against all am are ' +
    'be been being before below between both can could did do does doing down during each few further had has have having he her here hers ' +
    'him his how i is it its itself just me more most my myself no nor not now off once only other our ours out over own same she should ' +
    'some such that their theirs them there these they this those through too under until up very was we were what when where which while ' +
    'who whom why will would you your yours yourself also any because been get got going im ive dont didnt cant wont still even back ' +
    'please caller calls called call says said say reports reported report reporting asks asked want wants like one two day days today ' +
    'yesterday morning night time times since many much us people told tell hotline complaint complaints issue issues problem help ' +
    'x xx xxx xxxx xxxxx'
  ).split(' '),
);
