import { parseCsv } from '../triage/csv.js';

/**
 * The TipDM 2020 government-message category tree (label_taxonomy.csv: 15 / 103 / 517 categories),
 * as the demo organisation's bilingual category tree. Top and second levels carry English names
 * translated by hand; codes are positional ("05" top level, "0503" its third child).
 */

export const TOP_LEVEL_EN: Record<string, string> = {
  城乡建设: 'Urban and Rural Construction',
  环境保护: 'Environmental Protection',
  交通运输: 'Transport',
  经济管理: 'Economic Management',
  商贸旅游: 'Commerce and Tourism',
  卫生计生: 'Health and Family Planning',
  劳动和社会保障: 'Labour and Social Security',
  教育文体: 'Education, Culture and Sports',
  政法: 'Law and Public Security',
  党务政务: 'Party and Government Affairs',
  纪检监察: 'Discipline Inspection and Supervision',
  农村农业: 'Agriculture and Rural Affairs',
  国土资源: 'Land and Natural Resources',
  民政: 'Civil Affairs',
  科技与信息产业: 'Science, Technology and IT',
};

export const SECOND_LEVEL_EN: Record<string, string> = {
  其他: 'Other',
  // 交通运输
  交通运输: 'Transport services',
  出租车管理: 'Taxi regulation',
  客货运输: 'Passenger and freight transport',
  建设管理: 'Transport infrastructure construction',
  邮政管理: 'Postal services',
  // 党务政务
  党的建设: 'Party building',
  国防外交: 'Defence and foreign affairs',
  宣传舆论: 'Publicity and public opinion',
  政治体制: 'Political system',
  民族宗教: 'Ethnic and religious affairs',
  港澳台侨: 'Hong Kong, Macao, Taiwan and overseas Chinese',
  群众团体: 'Mass organisations',
  // 农村农业
  农副产品流通: 'Farm produce distribution',
  农垦农场: 'State farms and land reclamation',
  农资农技: 'Farm supplies and technology',
  动物防疫: 'Animal disease control',
  土地承包经营: 'Rural land contracting',
  惠农补贴: 'Farm subsidies',
  扶贫开发: 'Poverty alleviation',
  村务管理: 'Village affairs',
  林业管理: 'Forestry',
  水利水电: 'Water conservancy and hydropower',
  水库移民: 'Reservoir resettlement',
  草原草场: 'Grasslands',
  野生资源管理: 'Wildlife resources',
  // 劳动和社会保障
  劳动保护: 'Labour protection',
  劳动关系: 'Labour relations',
  城镇居民社会保险: 'Urban residents’ social insurance',
  城镇职工社会保险: 'Urban employees’ social insurance',
  就业培训: 'Employment and training',
  工资福利: 'Wages and benefits',
  社保基金管理: 'Social security funds',
  退休政策及待遇: 'Retirement policy and pensions',
  // 卫生计生
  人口计生: 'Population and family planning',
  公共卫生: 'Public health',
  医患纠纷: 'Doctor–patient disputes',
  医政监管: 'Medical administration',
  食品药品监管: 'Food and drug safety',
  // 商贸旅游
  商业贸易: 'Commerce and trade',
  市场监管: 'Market regulation',
  旅游管理: 'Tourism',
  质监检验检疫: 'Quality inspection and quarantine',
  // 国土资源
  土地征收: 'Land expropriation',
  土地资源管理: 'Land resources',
  海洋气象地震: 'Oceans, weather and earthquakes',
  矿产资源管理: 'Mineral resources',
  // 城乡建设
  住房保障与房地产: 'Housing and real estate',
  国有土地上房屋征收与补偿: 'Expropriation on state-owned land and compensation',
  城乡规划: 'Urban and rural planning',
  城市建设和市政管理: 'Urban construction and municipal services',
  安全生产: 'Work safety',
  工程质量: 'Construction quality',
  建筑市场: 'Construction market',
  村镇建设: 'Village and town construction',
  集体土地上房屋拆迁与补偿: 'Demolition on collective land and compensation',
  // 政法
  交通管理: 'Traffic management',
  仲裁与调解: 'Arbitration and mediation',
  刑案侦破: 'Criminal investigation',
  刑罚执行: 'Sentence enforcement',
  户籍证件: 'Household registration and ID documents',
  法制建设: 'Rule of law',
  法律服务: 'Legal services',
  社会治安: 'Public order',
  行政复议: 'Administrative review',
  警务督察: 'Police oversight',
  诉讼: 'Litigation',
  // 教育文体
  体育: 'Sports',
  失学辍学: 'School dropouts',
  教师队伍和待遇: 'Teachers and their pay',
  教育体制: 'Education system',
  教育收费: 'School fees',
  教育行政管理: 'Education administration',
  文化: 'Culture',
  文物管理: 'Cultural heritage',
  考试招生: 'Examinations and admissions',
  // 民政
  优抚: 'Veterans’ care',
  区划地名: 'Administrative divisions and place names',
  基层选举和社区建设: 'Local elections and community building',
  复退安置: 'Resettlement of veterans',
  救灾募捐: 'Disaster relief and donations',
  民间组织: 'Non-governmental organisations',
  社会救助: 'Social assistance',
  社会服务: 'Social services',
  福利慈善: 'Welfare and charity',
  // 环境保护
  建设项目审批: 'Project environmental approval',
  环保管理: 'Environmental administration',
  环境污染: 'Pollution',
  // 科技与信息产业
  信息化建设: 'Digital government',
  电信: 'Telecommunications',
  知识产权: 'Intellectual property',
  科学技术: 'Science and technology',
  // 纪检监察
  党政处分: 'Party and administrative sanctions',
  失职渎职: 'Dereliction of duty',
  干部作风: 'Officials’ conduct',
  滥用职权: 'Abuse of power',
  贪污贿赂: 'Corruption and bribery',
  // 经济管理
  企业破产: 'Corporate bankruptcy',
  保险证券期货: 'Insurance, securities and futures',
  国资监管: 'State assets supervision',
  宏观调控: 'Macroeconomic regulation',
  能源管理: 'Energy',
  金融财税: 'Finance and taxation',
};

export interface TaxonomyNode {
  code: string;
  nameZh: string;
  nameEn: string;
  children: TaxonomyNode[];
}

/** Top and second levels of label_taxonomy.csv, in file order, with positional codes. */
export function parseTaxonomy(csvText: string): TaxonomyNode[] {
  const rows = parseCsv(csvText).slice(1);
  const tops = new Map<string, TaxonomyNode>();
  for (const [l1, l2] of rows) {
    if (!l1) continue;
    let top = tops.get(l1);
    if (!top) {
      top = { code: String(tops.size + 1).padStart(2, '0'), nameZh: l1, nameEn: TOP_LEVEL_EN[l1] ?? l1, children: [] };
      tops.set(l1, top);
    }
    if (l2 && !top.children.some((c) => c.nameZh === l2)) {
      top.children.push({ code: `${top.code}${String(top.children.length + 1).padStart(2, '0')}`, nameZh: l2, nameEn: SECOND_LEVEL_EN[l2] ?? l2, children: [] });
    }
  }
  return [...tops.values()];
}

/** code of a (top, second?) pair; second falls back to the top level when the tree lacks it. */
export function codeOf(tree: TaxonomyNode[], top: string, second?: string): string {
  const t = tree.find((n) => n.nameZh === top);
  if (!t) throw new Error(`No top-level category ${top}`);
  if (!second) return t.code;
  return t.children.find((c) => c.nameZh === second)?.code ?? t.code;
}
