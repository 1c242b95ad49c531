/**
 * Hand-written Chinese function-word lists for sentiment features: negators, which flip the word
 * they govern (不好吃 → negated 好吃), and degree adverbs, which strengthen it (非常 满意). They carry
 * no domain knowledge, which is why they help a model trained on one domain read another. Pure.
 */

/** Words that negate the next content word (jieba usually cuts them off as their own word). */
export const NEGATORS: ReadonlySet<string> = new Set([
  '不', '没', '没有', '别', '未', '无', '非', '莫', '勿', '不是', '不会', '不能', '不要', '不用', '不太', '不够', '不算',
  '不怎么', '没什么', '毫无', '从不', '从没', '从来不', '从来没有', '并不', '并没有', '并非', '绝不', '决不', '再也不', '再也不会', '一点也不', '一点都不', '丝毫不', '不再', '难以', '无法',
]);

/** Degree adverbs: the next content word counts more (strong) or is emitted in its usual form (weak). */
export const STRONG_DEGREE: ReadonlySet<string> = new Set([
  '很', '非常', '太', '特别', '超', '超级', '十分', '极', '极其', '极了', '相当', '真', '真的', '实在', '好', '挺', '蛮', '格外', '尤其', '最', '更', '更加', '巨', '贼', '死', '超级无敌', '完全', '彻底', '简直', '严重', '过于', '太过',
]);

export const WEAK_DEGREE: ReadonlySet<string> = new Set(['有点', '有些', '稍微', '略', '略微', '比较', '还', '还算', '一般', '较', '稍', '些许']);

/** English negators (the corrections model; AFINN handles its own). */
export const EN_NEGATORS: ReadonlySet<string> = new Set(['not', 'no', 'never', "don't", "doesn't", "didn't", "isn't", "wasn't", "aren't", "won't", "can't", 'cannot', "couldn't", "shouldn't", 'nothing', 'nobody', 'hardly']);

/** Contrast words: what follows them usually carries the writer's verdict (但是…). */
export const CONTRAST: ReadonlySet<string> = new Set(['但', '但是', '可是', '不过', '然而', '只是', '就是', 'but', 'however', 'though']);

/**
 * Function words that say nothing about sentiment but whose frequency differs between corpora (long
 * complaints use more 了 and 都 than short praise): dropped, so a model does not learn length or style.
 */
export const STOPWORDS: ReadonlySet<string> = new Set([
  '的', '了', '是', '都', '就', '也', '在', '和', '与', '及', '把', '被', '给', '让', '对', '从', '到', '向', '为', '为了', '而', '又', '才', '再', '还是', '或', '或者', '着', '过', '地', '得', '之',
  '我', '你', '您', '他', '她', '它', '我们', '你们', '他们', '她们', '它们', '自己', '大家', '这', '那', '这个', '那个', '这些', '那些', '这样', '那样', '这么', '那么', '这里', '那里', '哪', '哪里', '什么', '怎么', '怎样', '为什么',
  '啊', '吧', '呢', '吗', '嘛', '呀', '哦', '哈', '啦', '哇', '嗯', '么', '个', '一', '一个', '一下', '一些', '一次', '上', '下', '里', '中', '后', '前', '时', '时候', '以后', '之后', '已经', '现在', '然后', '因为', '所以', '如果', '虽然', '可以', '能', '会', '要', '想', '说', '看', '用', '来', '去', '有', '等',
]);

/**
 * A small hand-written list of domain-general evaluative words. Each occurrence also emits a shared
 * polarity feature (`L:+` / `L:-`, swapped under negation) whose weight the model learns from any
 * corpus and which carries over to texts about things the corpus never mentions.
 */
export const POSITIVE_WORDS: ReadonlySet<string> = new Set([
  '好', '不错', '满意', '喜欢', '推荐', '值得', '漂亮', '舒服', '舒适', '方便', '快', '很快', '及时', '实惠', '划算', '便宜', '新鲜', '好吃', '美味', '好看', '精美', '精致', '清晰',
  '流畅', '稳定', '耐用', '结实', '柔软', '干净', '整洁', '热情', '周到', '贴心', '耐心', '专业', '完美', '优秀', '出色', '棒', '赞', '给力', '超值', '物美价廉', '惊喜', '开心', '高兴',
  '愉快', '感谢', '谢谢', '认可', '支持', '正品', '放心', '省心', '合适', '好用', '实用', '喜爱', '经典', '精彩', '感动', '温馨', '优惠', '准时', '快捷', '迅速', '细心', '到位', '舒心',
  '靠谱', '好评', '回购', '信赖', '香', '可口', '入味', '大方', '时尚', '优质', '好喝', '满分', '值', '爱', '强', '牛', '酷', '帅', '美', '顺利', '安全', '健康', '清楚', '有用', '有趣',
  '丰富', '充足', '宽敞', '安静', '舒适度', '细腻', '光滑', '清爽', '好闻', '合身', '鲜美', '可爱', '优美', '成功', '幸福', '喜欢吃', '推荐给', '物超所值', '性价比', '满足', '震撼',
]);

export const NEGATIVE_WORDS: ReadonlySet<string> = new Set([
  '差', '差劲', '失望', '难吃', '难看', '难用', '垃圾', '糟糕', '后悔', '坑', '骗', '欺骗', '假货', '退货', '退款', '投诉', '慢', '太慢', '脏', '臭', '异味', '破', '破损',
  '坏', '坏了', '毛病', '故障', '死机', '发热', '噪音', '贵', '不值', '漏', '错', '错误', '敷衍', '恶心', '生气', '愤怒', '郁闷', '无语', '无奈', '麻烦', '吵', '旧', '简陋', '粗糙',
  '劣质', '山寨', '不满', '差评', '一般', '失败', '浪费', '上当', '可惜', '遗憾', '烂', '霉', '变质', '过期', '咸', '油腻', '腥', '忽悠', '气人', '坑爹', '太差', '最差', '不行', '不好',
  '不满意', '别买', '不推荐', '问题', '缺点', '不足', '卡', '难受', '痛苦', '讨厌', '可怕', '危险', '丢', '丢失', '延误', '拖', '晚', '迟', '超时', '冷掉', '少', '缺', '没用',
  '骗人', '忽悠人', '黑心', '恶劣', '傲慢', '不理', '推脱', '扯皮', '薄', '小气', '廉价', '掉色', '起球', '开线', '褪色', '异物', '虫', '苍蝇', '拉肚子', '恶心人',
]);
