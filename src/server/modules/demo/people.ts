/**
 * Fake but plausible complainants and places. Nothing here is a real person: names are drawn from
 * common surnames and given-name characters, phone numbers use real mobile prefixes with random
 * subscriber digits (US ones use the fictional 555-01xx range), e-mail domains are public webmail
 * providers, and ID numbers have a valid GB 11643 check digit on a made-up birth and sequence.
 */

/** A small, fast, seedable PRNG (mulberry32). */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(48 + this.int(10));
    return s;
  }
}

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'];
const DOUBLE_SURNAMES = ['欧阳', '司马', '上官', '诸葛', '东方'];
const GIVEN = [...'伟芳娜敏静秀英丽强磊军洋勇艳杰娟涛明超霞平刚桂兰华玉萍红鹏辉建国文斌宇浩凯晨欣怡子涵梓轩雨桐诗琪思远嘉俊志鑫颖婷佳琳春梅海燕晓东雪峰秋菊振华立新'];
const PINYIN_HANDLES = ['zhangwei', 'wangfang', 'liuyang', 'chenjing', 'lina', 'yangmin', 'zhaolei', 'huangyan', 'zhoujie', 'wuhao', 'xulei', 'sunli', 'maxin', 'zhuting', 'hujun', 'guoqiang', 'heping', 'gaoyu', 'linlin', 'luoxue', 'sunny', 'happy', 'xiaoyu', 'tiantian', 'dabai', 'lucky'];
const CN_MAIL = ['qq.com', '163.com', '126.com', 'sina.com', 'foxmail.com', 'outlook.com', 'aliyun.com'];
const CN_MOBILE_PREFIX = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '156', '157', '158', '159', '166', '176', '177', '180', '181', '183', '185', '186', '187', '188', '189', '191', '198', '199'];
const ID_REGIONS = ['430102', '430103', '430104', '430105', '430111', '430121', '110105', '310104', '440305', '510107', '420106'];
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

const EN_FIRST = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Karen', 'Carlos', 'Maria', 'Wei', 'Mei', 'Aisha', 'Omar', 'Priya', 'Daniel', 'Sarah', 'Kevin', 'Laura', 'Jamal'];
const EN_LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Lee', 'Chen', 'Nguyen', 'Patel', 'Kim', 'Thompson', 'Moore', 'Jackson', 'White', 'Harris'];
const EN_MAIL = ['gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com', 'icloud.com', 'aol.com'];
const US_AREA = ['212', '718', '917', '347', '646', '929', '202', '305', '312', '415'];

const DISTRICTS = ['A1区', 'A2区', 'A3区', 'A4区', 'A5区', 'A6区', 'A7区', 'A9区'];
const STREETS = ['人民路', '解放西路', '五一大道', '芙蓉中路', '书院路', '建设北路', '湘江中路', '韶山南路', '劳动东路', '麓山路', '中山路', '桂花路', '星沙大道', '万家丽路', '车站北路', '岳麓大道'];
const ESTATES = ['景蓉华苑', '金色家园', '幸福里小区', '锦绣华城', '阳光新城', '翠湖花园', '中南小区', '望城人家', '丽都公寓', '滨江一号', '桂花坪社区', '梅岭苑', '新华都市', '湘府名邸', '东方红小区'];
const CAMPUS = ['经济学院', '师范大学', '职业技术学院', '第一中学', '实验小学', '理工大学'];
const SHOPS = ['万达广场', '步行街商业区', '高铁站商圈', '五一广场', '大学城美食街', '开发区商业中心'];

export interface Person {
  name: string;
  phone?: string;
  email?: string;
  idNumber?: string;
  address?: string;
}

function idNumber(r: Rng): string {
  const y = 1950 + r.int(55);
  const m = 1 + r.int(12);
  const d = 1 + r.int(28);
  const body = `${r.pick(ID_REGIONS)}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${r.digits(3)}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (body.charCodeAt(i) - 48) * ID_WEIGHTS[i];
  return body + ID_CHECK[sum % 11];
}

export function chinesePerson(r: Rng): Person {
  const surname = r.chance(0.01) ? r.pick(DOUBLE_SURNAMES) : r.pick(SURNAMES);
  const name = surname + r.pick(GIVEN) + (r.chance(0.7) ? r.pick(GIVEN) : '');
  const p: Person = { name };
  if (r.chance(0.9)) p.phone = r.pick(CN_MOBILE_PREFIX) + r.digits(8);
  if (r.chance(0.4)) {
    const domain = r.pick(CN_MAIL);
    p.email = domain === 'qq.com' ? `${1 + r.int(9)}${r.digits(5 + r.int(5))}@qq.com` : `${r.pick(PINYIN_HANDLES)}${r.int(10000)}@${domain}`;
  }
  if (r.chance(0.05)) p.idNumber = idNumber(r);
  if (r.chance(0.3)) p.address = chinesePlace(r, true);
  return p;
}

export function englishPerson(r: Rng): Person {
  const first = r.pick(EN_FIRST);
  const last = r.pick(EN_LAST);
  const p: Person = { name: `${first} ${last}` };
  if (r.chance(0.8)) p.phone = `+1 (${r.pick(US_AREA)}) 555-01${r.digits(2)}`;
  if (r.chance(0.6)) p.email = `${first.toLowerCase()}.${last.toLowerCase()}${r.int(100)}@${r.pick(EN_MAIL)}`;
  return p;
}

/** A place in the anonymised "A市" of the government-message data set. */
export function chinesePlace(r: Rng, home = false): string {
  const district = r.pick(DISTRICTS);
  const k = home ? 0 : r.int(4);
  if (k === 1) return `A市${district}${r.pick(CAMPUS)}`;
  if (k === 2) return `A市${district}${r.pick(SHOPS)}`;
  return `A市${district}${r.pick(STREETS)}${1 + r.int(399)}号${r.pick(ESTATES)}${home ? `${1 + r.int(30)}栋${1 + r.int(3)}单元${100 * (1 + r.int(30)) + 1 + r.int(4)}室` : ''}`;
}
