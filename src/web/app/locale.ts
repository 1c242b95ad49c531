// Ant Design and dayjs follow the UI language: date pickers show 年/月 and weeks from Monday in zh-CN.
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn.js';
import type { Locale as AntLocale } from 'antd/es/locale/index.js';
import zhCNRaw from 'antd/es/locale/zh_CN.js';
import enUSRaw from 'antd/es/locale/en_US.js';
import i18n from '../i18n/index.js';

// antd's es/ files are ES modules the bundler reads as such; TypeScript (NodeNext) sees them as CommonJS.
const zhCN = zhCNRaw as unknown as AntLocale;
const enUS = enUSRaw as unknown as AntLocale;

export function antdLocale(lang: string): AntLocale {
  return lang === 'en' ? enUS : zhCN;
}

const syncDayjs = (lang: string) => dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
syncDayjs(i18n.language);
// Registered before React re-renders on the change, so pickers redraw in the new language.
i18n.on('languageChanged', syncDayjs);
