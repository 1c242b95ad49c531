// Names of the stored, language-neutral values for CSV exports and chart labels (the same words
// as the web app's i18n files).
import type { Channel, Level, Status } from '../../../shared/enums.js';

export type Lang = 'zh-CN' | 'en';

const CHANNEL: Record<Lang, Record<Channel, string>> = {
  'zh-CN': { phone: '电话', email: '邮件', web: '网上投诉', api: 'API', open311: 'Open311', walk_in: '来访', letter: '来信', social: '网络舆情', import: '导入' },
  en: { phone: 'Phone', email: 'Email', web: 'Web portal', api: 'API', open311: 'Open311', walk_in: 'Walk-in', letter: 'Letter', social: 'Social media', import: 'Import' },
};
const STATUS: Record<Lang, Record<Status, string>> = {
  'zh-CN': { received: '已受理', triaged: '已分诊', assigned: '已派单', in_progress: '办理中', replied: '已答复', follow_up: '回访中', closed: '已办结', returned: '已退单', waiting: '待补充材料', rejected: '不予受理', merged: '已合并' },
  en: { received: 'Received', triaged: 'Triaged', assigned: 'Assigned', in_progress: 'In progress', replied: 'Replied', follow_up: 'Follow-up', closed: 'Closed', returned: 'Returned', waiting: 'Waiting on complainant', rejected: 'Rejected', merged: 'Merged' },
};
const LEVEL: Record<Lang, Record<Level, string>> = {
  'zh-CN': { 1: 'Ⅰ级 特别重大', 2: 'Ⅱ级 重大', 3: 'Ⅲ级 较大', 4: 'Ⅳ级 一般' },
  en: { 1: 'Level Ⅰ — especially serious', 2: 'Level Ⅱ — serious', 3: 'Level Ⅲ — major', 4: 'Level Ⅳ — general' },
};
const NONE: Record<Lang, { department: string; category: string }> = {
  'zh-CN': { department: '未派单', category: '未分类' },
  en: { department: 'Not dispatched', category: 'Uncategorised' },
};

export const channelLabel = (lang: Lang, v: string) => CHANNEL[lang][v as Channel] ?? v;
export const statusLabel = (lang: Lang, v: string) => STATUS[lang][v as Status] ?? v;
export const levelLabel = (lang: Lang, v: number) => LEVEL[lang][v as Level] ?? String(v);
export const noneLabel = (lang: Lang, what: 'department' | 'category') => NONE[lang][what];

export const CSV_HEADERS: Record<Lang, Record<string, string>> = {
  'zh-CN': { byDay: '日期', byCategory: '分类', byLevel: '等级', byChannel: '渠道', byDepartment: '部门', byStatus: '状态', key: '代码', count: '件数' },
  en: { byDay: 'Date', byCategory: 'Category', byLevel: 'Level', byChannel: 'Channel', byDepartment: 'Department', byStatus: 'Status', key: 'Code', count: 'Complaints' },
};
