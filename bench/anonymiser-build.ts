// Builds fixtures/anonymiser/eval.jsonl: real complaint texts (TipDM 2020 citizen messages and CFPB
// narratives) with planted names, phones, ID numbers and addresses, each planted span recorded as gold,
// plus the personal data already in the real texts, labelled by hand in fixtures/anonymiser/existing.json.
//   npx tsx bench/anonymiser-build.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { parseCsvRecords } from '../src/server/modules/triage/csv.js';
import type { RedactionKind } from '../src/server/modules/cases/anonymise.types.js';

const DATA = 'fixtures/datasets';
let seed = 20261205;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('');

interface Gold { kind: RedactionKind; start: number; end: number; planted: boolean }
type Part = string | { kind: RedactionKind; text: string };

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡杜叶程苏魏吕丁沈姚卢姜崔钟谭陆汪范廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃戴莫孔向汤'.split('');
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛超秀霞平刚桂英华玉萍红建国志明文辉力永健世广海波宁春晓晨梦琳佳宇浩然子轩雨欣思远嘉怡婷俊峰鹏飞'.split('');
const cnName = () => pick(SURNAMES) + pick(GIVEN) + (rnd() < 0.6 ? pick(GIVEN) : '');
const CITIES = [['湖南省', '长沙市', ['岳麓区', '芙蓉区', '天心区', '开福区', '雨花区']], ['', '北京市', ['朝阳区', '海淀区', '丰台区']], ['广东省', '深圳市', ['南山区', '福田区', '宝安区']], ['', 'A市', ['A3区', 'A5区', 'A7区']], ['江苏省', '南京市', ['鼓楼区', '玄武区']]] as const;
const ROADS = ['麓山南路', '桐梓坡路', '芙蓉中路', '人民东路', '建设大道', '解放西路', '韶山北路', '劳动路', '五一大道', '中山街', '杜鹃路', '雷锋大道'];
const ESTATES = ['金星小区', '阳光花园', '湘江世纪城', '枫林绿洲', '万科魅力之城', '书香家园', '融城公寓', '恒大名都', '东方新村', '碧桂园'];
function cnAddress(): string {
  const [prov, city, districts] = pick(CITIES);
  const n = () => String(1 + Math.floor(rnd() * 40));
  const room = () => String(1 + Math.floor(rnd() * 25)) + '0' + String(1 + Math.floor(rnd() * 4));
  switch (Math.floor(rnd() * 5)) {
    case 0: return `${prov}${city}${pick(districts)}${pick(ROADS)}${n()}号`;
    case 1: return `${city}${pick(districts)}${pick(ROADS)}${n()}号${pick(ESTATES)}${n()}栋${1 + Math.floor(rnd() * 4)}单元${room()}室`;
    case 2: return `${pick(ESTATES)}${n()}栋${1 + Math.floor(rnd() * 4)}单元${room()}室`;
    case 3: return `${pick(districts)}${pick(ESTATES)}${n()}-${1 + Math.floor(rnd() * 4)}-${room()}`;
    default: return `${pick(ROADS)}${n()}号院${n()}号楼${room()}室`;
  }
}
function cnMobile(): string {
  const m = pick(['13', '15', '18', '17', '19']) + digits(9);
  return pick([m, `${m.slice(0, 3)} ${m.slice(3, 7)} ${m.slice(7)}`, `${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}`, `+86 ${m}`, `+86-${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}`]);
}
function cnLandline(): string {
  const area = pick(['010', '021', '0731', '0755', '025']);
  const num = pick(['2', '5', '8']) + digits(area.length === 3 ? 7 : 7);
  return pick([`${area}-${num}`, `(${area})${num}`, `${area} ${num.slice(0, 4)} ${num.slice(4)}`]);
}
function idNumber(): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  if (rnd() < 0.12) return pick(['430104', '110105', '440305']) + String(50 + Math.floor(rnd() * 40)) + String(1 + Math.floor(rnd() * 12)).padStart(2, '0') + String(1 + Math.floor(rnd() * 28)).padStart(2, '0') + digits(3);
  const body = pick(['430104', '430103', '110105', '440305', '320106', '430111']) + String(1950 + Math.floor(rnd() * 55)) + String(1 + Math.floor(rnd() * 12)).padStart(2, '0') + String(1 + Math.floor(rnd() * 28)).padStart(2, '0') + digits(3);
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(body[i]) * w[i]!;
  return body + '10X98765432'[s % 11];
}

function cnPlant(complainant: string | undefined): Part[] {
  const name = cnName();
  const who: Part[] = pick([
    ['我叫', { kind: 'name', text: name }, '，'],
    ['本人', { kind: 'name', text: name }, '，'],
    ['联系人：', { kind: 'name', text: name }, '，'],
    [{ kind: 'name', text: name.slice(0, 1) }, pick(['先生', '女士']), '的'],
    [{ kind: 'name', text: name }, '女士，'],
    ['物业的', { kind: 'name', text: name.slice(0, 1) }, '经理说过会处理，'],
    ['我爱人', { kind: 'name', text: name }, '也反映过，'],
  ] as Part[][]);
  const parts: Part[] = complainant ? [{ kind: 'name', text: complainant }, '反映：'] : [...who];
  parts.push(pick(['联系电话', '手机：', '请回电', '电话', '联系方式：']), { kind: 'phone', text: rnd() < 0.3 ? cnLandline() : cnMobile() }, '，');
  if (rnd() < 0.75) parts.push(pick(['身份证号', '身份证：', '证件号码']), { kind: 'id_number', text: idNumber() }, '，');
  parts.push(pick(['住在', '家住', '地址：', '我家在']), { kind: 'address', text: cnAddress() }, '。');
  if (rnd() < 0.3) parts.push(pick(['另外请联系我母亲', '我的邻居', '社区的']), { kind: 'name', text: cnName() }, pick(['，', '阿姨说过。']), pick(['电话', '手机']), { kind: 'phone', text: cnMobile() }, '。');
  return parts;
}

const FIRST = ['John', 'Mary', 'Robert', 'Linda', 'James', 'Patricia', 'Michael', 'Jennifer', 'David', 'Maria', 'Carlos', 'Aisha', 'Wei', 'Kevin', 'Sarah'];
const LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Nguyen', 'Lopez', 'Walker', 'Chen', 'Patel', 'Okafor'];
const STREETS = ['Main Street', 'Oak Avenue', 'Maple Drive', 'Elm St', 'Sunset Blvd', 'Park Place', 'Lakeview Road', 'Washington Ave'];
function enPlant(): Part[] {
  const first = pick(FIRST), last = pick(LAST);
  const phone = pick([`(${200 + Math.floor(rnd() * 700)}) 555-${digits(4)}`, `${200 + Math.floor(rnd() * 700)}-555-${digits(4)}`, `+1 ${200 + Math.floor(rnd() * 700)} 555 ${digits(4)}`]);
  const addr = `${1 + Math.floor(rnd() * 9000)} ${pick(STREETS)}${rnd() < 0.5 ? `, Apt ${1 + Math.floor(rnd() * 20)}${pick(['A', 'B', ''])}` : ''}`;
  const parts: Part[] = pick([
    ['My name is ', { kind: 'name', text: `${first} ${last}` }, '. '],
    ['I spoke with a representative named ', { kind: 'name', text: first }, '. '],
    [pick(['Mr. ', 'Ms. ']), { kind: 'name', text: last }, ' at the branch told me to wait. '],
  ] as Part[][]);
  parts.push('You can reach me at ', { kind: 'phone', text: phone }, '. ');
  if (rnd() < 0.5) parts.push('My SSN is ', { kind: 'id_number', text: `${100 + Math.floor(rnd() * 500)}-${10 + Math.floor(rnd() * 89)}-${1000 + Math.floor(rnd() * 8999)}` }, '. ');
  parts.push('I live at ', { kind: 'address', text: addr }, '. ');
  return parts;
}

function plant(text: string, at: number, parts: Part[], existing: Gold[]): { text: string; gold: Gold[] } {
  let ins = '';
  const gold: Gold[] = [];
  for (const p of parts) {
    if (typeof p === 'string') ins += p;
    else { gold.push({ kind: p.kind, start: at + ins.length, end: at + ins.length + p.text.length, planted: true }); ins += p.text; }
  }
  const shifted = existing.map((g) => (g.start >= at ? { ...g, start: g.start + ins.length, end: g.end + ins.length } : g));
  return { text: text.slice(0, at) + ins + text.slice(at), gold: [...shifted, ...gold].sort((a, b) => a.start - b.start) };
}

/** A sentence boundary near a random point (after 。！？ or ". "), or the end. */
function boundary(text: string, zh: boolean): number {
  const marks = [...text.matchAll(zh ? /[。！？]/g : /\.\s/g)].map((m) => m.index! + 1 + (zh ? 0 : 1));
  return marks.length > 1 ? pick(marks.slice(0, -1)) : text.length;
}

const existing = JSON.parse(readFileSync('fixtures/anonymiser/existing.json', 'utf8')) as Record<string, { kind: RedactionKind; find: string; text: string }[]>;
function handLabels(id: string, text: string): Gold[] {
  return (existing[id] ?? []).map((e) => {
    const at = text.indexOf(e.find);
    const start = at < 0 ? -1 : at + e.find.indexOf(e.text);
    if (at < 0 || e.find.indexOf(e.text) < 0) throw new Error(`${id}: labelled text ${e.find} not found`);
    return { kind: e.kind, start, end: start + e.text.length, planted: false };
  });
}

export function sourceTexts(): { id: string; lang: 'zh' | 'en'; text: string }[] {
  const gov = parseCsvRecords(readFileSync(`${DATA}/gov_messages_taidi2020/messages_labeled.csv`, 'utf8')).records
    .map((r) => ({ id: `taidi-${r['留言编号']}`, lang: 'zh' as const, text: (r['留言详情'] ?? '').trim() }))
    .filter((r) => r.text.length >= 60 && r.text.length <= 400).filter((_, i) => i % 4 === 0).slice(0, 70);
  const cfpb = parseCsvRecords(readFileSync(`${DATA}/cfpb_consumer_complaints/complaints_sample_2015-2020.csv`, 'utf8')).records
    .map((r) => ({ id: `cfpb-${r['Complaint ID']}`, lang: 'en' as const, text: (r['Consumer complaint narrative'] ?? '').trim() }))
    .filter((r) => r.text.length >= 200 && r.text.length <= 900).filter((_, i) => i % 7 === 0).slice(0, 30);
  return [...gov, ...cfpb];
}

if (process.argv[1]?.endsWith('anonymiser-build.ts')) {
  const lines: string[] = [];
  for (const [i, s] of sourceTexts().entries()) {
    const complainant = s.lang === 'zh' && i % 5 === 4 ? cnName() : undefined;
    const parts = s.lang === 'zh' ? cnPlant(complainant) : enPlant();
    const { text, gold } = plant(s.text, boundary(s.text, s.lang === 'zh'), parts, handLabels(s.id, s.text));
    lines.push(JSON.stringify({ id: s.id, lang: s.lang, ...(complainant ? { complainant } : {}), text, gold }));
  }
  writeFileSync('fixtures/anonymiser/eval.jsonl', lines.join('\n') + '\n');
  console.log(`wrote ${lines.length} texts`);
}
