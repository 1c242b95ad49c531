// Personal names: a Chinese surname with one or two given characters in a name context
// (我叫…, …先生, 联系人：…), names known from the record, and English titles or "my name is".
import type { Finding } from './anonymise.types.js';

/** Common single-character surnames (about 190, covering well over 90 % of people). */
const SINGLE =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝';
const COMPOUND = ['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '夏侯', '令狐', '宇文', '司徒', '西门', '南宫', '端木', '独孤'];
const SURNAME = `(?:${COMPOUND.join('|')}|[${SINGLE}])`;

/** Characters that end a given name (function words, verbs and nouns that follow names). */
const STOP = '的了在是和与及跟向对给把被从于说讲告问电手联身家住今昨前后去来到已也都就还又再很有没不这那此其等们先女师经老同阿主科处局书院医律警工总反投举打要让请副正接因为所而但或办表称报找叫姓名号码址市区县路街镇村室栋楼层单元门一二三四五六七八九十';
const GIVEN = `(?:(?![${STOP}])\\p{Script=Han})`;

/** Two-character words that start with a surname character but are not names. */
const COMMON = new Set(
  '项目 物业 公司 部门 客户 安全 方面 周边 常务 万一 于是 石油 黄金 江边 公安 平安 管理 政府 市场 高级 高层 高速 王府 张贴 刘海 陈述 杨柳 黄色 周末 周围 高新 林业 程序 苏州 谢谢 唐突 韩国 冯河 邓小 曹操 彭湃 曾经 田地 董事 袁隆 潘家 蒋介 余额 杜绝 叶子 程度 魏晋 吕梁 丁字 任何 沈阳 姚明 卢沟 钟表 陆续 汪洋 范围 金额 石头 贾家 夏天 夏季 方法 方便 方式 白天 白色 孟子 秦朝 江湖 江苏 江西 薛家 段落 雷电 侯车 龙头 史上 陶瓷 黎明 贺卡 顾客 毛病 万元 钱财 严重 武汉 戴帽 孔子 向上 汤水 常见 常常 温度 康复 施工 文件 文明 文化 牛奶 安排 安装 齐全 易于 乔迁 庞大 庄园 章程 岳麓 关于 关注 关系 兰州 焦点 左右 柳州 甘肃 包括 宁可 尚未 符合 舒适 梅雨 童年 凌晨 毕业 单位 季度 成都 成本 成功 苗木 谷物 盛行 曲线 路口 路段 路面 游客 辛苦 管道 柴油 蒙古 华人 房屋 房子 房产 屈服 解决 解释 时间 时候 司机 古代 吉林 车辆 车位 车库 连续 麦当 党员 宫殿 费用 冷气 卫生 米饭 全部 全市 全区 应该 边上 师傅 和谐 商户 商家 商场 沙发 荣誉 明天 明显 池塘 查询 查看 迟到 简单 景区 席位 柏油 宗教 桂林 佟家 臧否 池州 申请 欧洲 于此 向阳 金融 林地 高温 高度 高峰 付款 付费 何时 郑州 谭家 熊猫 邱家 尹家 闫家 康乐 施行 邢台 倪家 聂家 鲁迅 殷切 詹天 耿直 俞家 祝贺 包装 纪律 柯家 霍乱 涂料 骆驼 蓝色 喻家 祁连 蒲公 滕州 饶恕 牟利 艾滋 尤其 阳光 阳台 穆斯 农民 农村 卓越 缪斯 项链 芦苇 褚家 娄底 窦家 戚家 岑溪 景点 党委 党组 卜算 晏家 米家 瞿家 全国 佟丽 邬家 卞家 姬家 仇恨 栾川 隋朝 刁难 巫山 寇准 桑拿 郎中 甄别 丛林 仲裁 虞城 敖包 巩固 明确 明年 佘山 麻烦 苑区 邝家 王国 李子 张家 刘家 陈家 杨家 黄家 赵家 吴家 周边 徐州 孙子 马上 马路 朱家 胡同 郭家 何况 高中 林区 罗马 梁家 谢家 宋朝 唐朝 许多 许可 韩家 冯家 曹家 彭家 曾家 肖家 田间 董家 袁家 潘家 于家 蔡家 余下 杜家 叶家 苏家 魏家 吕家 丁家 任家 沈家 姚家 卢家 姜家 崔家 钟家 谭家 陆地 汪家 范家 金属 石家 廖家 夏家 韦家 付出 方向 白家 邹家 孟家 熊家 秦家 邱家 江南 尹家 段家 雷家 侯家 龙岗 史家 陶家 黎家 贺家 顾问 毛家 郝家 龚家 邵家 万家 钱家 严格 覃家 武警 戴家 莫非 孔家 向着 汤家 常住 温家 康家 施家 文字 牛家 樊家 葛家 邢家 安置 齐家 易家 乔家 伍家 庞家 颜色 倪家 庄家 聂家 章家 鲁家 岳家 翟家 殷家 詹家 申家 欧家 耿家 关键 兰家 焦家 俞家 左边 柳家 甘家 祝家 包家 宁家 尚家 符家 舒家 阮家 柯家 纪委 梅家 童家 凌家 毕竟 单元 季家 裴家 霍家 涂家 成立 苗家 谷家 盛家 曲家 翁家 冉家 骆家 蓝家 路灯 游泳 辛家 靳家 管家 柴家 蒙家 鲍家 华家 喻家 祁家 蒲家 房东 滕家 屈家 饶家 解家 牟家 艾家 尤家 阳家 时代 穆家 农业 司法 卓家 古家 吉家 缪家 简直 车主 项家 连接 芦家 麦家 褚家 娄家 窦家 戚家 岑家 景家 党家 宫家 费家 卜家 冷家 晏家 席家 卫家 米家 柏家 宗家 瞿家 桂家 全面 佟家 应当 臧家 闵家 苟家 邬家 边家 卞家 姬家 师家 和家 仇家 栾家 隋家 商业 刁家 沙家 荣家 巫家 寇家 桑家 郎家 甄家 丛家 仲家 虞家 敖家 巩家 明家 佘家 池家 查家 麻家 苑家 迟家 邝家'.split(' '),
);

const TITLE = '(?:先生|女士|小姐|师傅|总经理|经理|老师|同学|阿姨|大爷|大妈|主任|科长|处长|局长|所长|队长|医生|律师|警官|书记|院长|校长|站长|组长|老板)';
const CONTEXT_BEFORE = '(?:我叫|我是|本人|名叫|叫做|姓名[：:\\s]*|联系人[：:\\s]*|投诉人[：:\\s]*|申请人[：:\\s]*|户主[：:\\s]*|业主[：:\\s]*|委托人[：:\\s]*|患者[：:\\s]*|母亲|父亲|爱人|丈夫|妻子|儿子|女儿|老伴|邻居|同事|朋友)';

/** Words whose last character is a surname character: 担任班主任 is not 任班. */
const ENDS_IN_SURNAME = new Set('分管 主管 城管 监管 党支 旁边 周边 身边 冲向 面向 走向 方向 过程 全程 工程 课程 日程 麻烦 游客 顾客 乘客 旅客 担任 新任 主任 责任 信任 现任 前任 上任 离任 历史 文史 党史 国史 卫生 专家 大家 国家 人家 商家 厂家 老王 阿姨 小区 地方 对方 双方 官方 警方 校方 甲方 乙方 医院 学院 法院 社会 开发 方向 方面 前面 村支 支部 经理 教师 律师 厨师 工程 全部 干部 村民 居民 市民 农民 公民'.split(' '));

function isCommon(name: string): boolean {
  return name.length === 2 && COMMON.has(name);
}

/** Not a common word, not the end of one, not a place (江苏徐州). */
function plausible(text: string, start: number, name: string): boolean {
  if ((COMMON.has(name.slice(0, 2)) || ENDS_IN_SURNAME.has(name.slice(0, 2))) && name[1] !== '家') return false;
  if (ENDS_IN_SURNAME.has(text.slice(start - 1, start + 1))) return false;
  return !/^[州市省县区镇村路街]/.test(text.slice(start + name.length));
}

function push(out: Finding[], start: number, name: string): void {
  if (name.length < 1 || isCommon(name)) return;
  out.push({ kind: 'name', start, end: start + name.length });
}

export function findChineseNames(text: string): Finding[] {
  const out: Finding[] = [];
  // "我叫张伟", "联系人：欧阳娜娜": the context decides, the name is a surname plus one or two characters.
  const ctx = new RegExp(`${CONTEXT_BEFORE}(${SURNAME}${GIVEN}{1,2})`, 'gu');
  for (const m of text.matchAll(ctx)) {
    if (!plausible(text, m.index! + m[0].length - m[1]!.length, m[1]!)) continue;
    // "我是/本人" take a name only when the name ends there (我是张伟，), not 我是文盲 or 我是王井家搬迁户.
    if (/^(我是|本人)/.test(m[0]) && /\p{Script=Han}/u.test(text[m.index! + m[0].length] ?? '')) continue;
    push(out, m.index! + m[0].length - m[1]!.length, m[1]!);
  }
  // "张伟先生", "王女士", "物业李经理": the surname (and given name) right before a title.
  const titled = new RegExp(`(${SURNAME})(${GIVEN}{0,2})(?=${TITLE})`, 'gu');
  for (const m of text.matchAll(titled)) {
    // Prefer the longest reading that is not a common word (物业李 → 李, 冲向唐 → 唐, 游客唐 → 唐).
    for (let k = 0; k < m[0].length; k++) {
      const name = m[0].slice(k);
      const start = m.index! + k;
      if (!new RegExp(`^${SURNAME}`, 'u').test(name) || !plausible(text, start, name)) continue;
      push(out, start, name);
      break;
    }
  }
  // "社区的莫宇，电话150…": a name right before a phone word.
  const beforePhone = new RegExp(`(${SURNAME}${GIVEN}{1,2})(?=[，,：:\\s]?(?:联系电话|联系方式|电话|手机))`, 'gu');
  for (const m of text.matchAll(beforePhone)) if (plausible(text, m.index!, m[1]!)) push(out, m.index!, m[1]!);
  // "姓王", "一位姓刘的": the surname alone.
  for (const m of text.matchAll(new RegExp(`(?<=(?<!百)姓)(${SURNAME})(?![名氏])`, 'gu'))) push(out, m.index!, m[1]!);
  return out;
}

const EN_TITLE = /\b(?:Mr|Mrs|Ms|Miss|Dr|Mx)\.?\s+((?:[A-Z][a-z'’-]+)(?:\s+[A-Z][a-z'’-]+)?)/g;
const EN_CONTEXT = /\b(?:[Mm]y name is|[Nn]ame:|[Cc]ontact(?: person)?:|[Ss]igned,?|named|I am|I'm)\s+([A-Z][a-z'’-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z'’-]+)?)/g;
const NOT_NAMES = new Set(['The', 'This', 'That', 'I', 'A', 'An', 'In', 'On', 'Not', 'Writing', 'Very', 'Still', 'Being', 'Also', 'So', 'Now', 'Currently', 'Filing', 'Disputing', 'Unable', 'Sure', 'Sorry']);

const ORG_WORDS = new Set(['Collection', 'Collections', 'Services', 'Service', 'Bank', 'Credit', 'Financial', 'Mortgage', 'Capital', 'Recovery', 'Inc', 'LLC', 'Company', 'Group', 'Agency', 'Union', 'Federal', 'National', 'Funding', 'Solutions', 'Management']);

export function findEnglishNames(text: string): Finding[] {
  const out: Finding[] = [];
  for (const re of [EN_TITLE, EN_CONTEXT]) {
    for (const m of text.matchAll(re)) {
      const name = m[1]!;
      if (NOT_NAMES.has(name.split(/\s+/)[0]!)) continue;
      // "a company named Franklin Collection Service": an organisation, not a person.
      const after = text.slice(m.index! + m[0].length, m.index! + m[0].length + 40);
      if (name.split(/\s+/).some((w) => ORG_WORDS.has(w)) || /^\s+(?:[A-Z][a-z]+\s+)?(?:Service|Services|Inc|LLC|Bank|Company|Corp|Group|Agency|Associates)\b/.test(after)) continue;
      const start = m.index! + m[0].length - name.length;
      out.push({ kind: 'name', start, end: start + name.length });
    }
  }
  return out;
}

/** Every occurrence of names already known (from the record, or found in context elsewhere in the text). */
export function findKnownNames(text: string, names: readonly string[]): Finding[] {
  const out: Finding[] = [];
  for (const n of new Set(names)) {
    const name = n.trim();
    if (name.length < 2) continue;
    for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + name.length)) out.push({ kind: 'name', start: i, end: i + name.length });
    // An English name's surname on its own after a title is caught by findEnglishNames.
  }
  return out;
}
