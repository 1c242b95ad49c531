import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { LEVEL_NUMERALS, type Level, type Status } from '../../shared/enums.js';

/** Level colours: Ⅰ red, Ⅱ orange, Ⅲ yellow, Ⅳ blue — each pair ≥ 4.5:1 (WCAG AA). */
export const LEVEL_STYLE: Record<Level, { background: string; color: string }> = {
  1: { background: '#cf1322', color: '#fff' },
  2: { background: '#fa8c16', color: '#000' },
  3: { background: '#fadb14', color: '#000' },
  4: { background: '#1658c4', color: '#fff' },
};

export function LevelTag({ level, long }: { level: Level; long?: boolean }) {
  const { t } = useTranslation();
  const s = LEVEL_STYLE[level] ?? LEVEL_STYLE[4];
  const label = t(`level.${level}`);
  return (
    <Tooltip title={long ? undefined : label}>
      <Tag style={{ ...s, border: 'none', fontWeight: 600, minWidth: 28, textAlign: 'center' }} data-level={level}>
        {long ? (
          label
        ) : (
          // The numeral is what is seen; screen readers get the level's name (a span cannot carry aria-label).
          <>
            <span aria-hidden="true">{LEVEL_NUMERALS[level]}</span>
            <span className="sr-only">{label}</span>
          </>
        )}
      </Tag>
    </Tooltip>
  );
}

const STATUS_COLOR: Partial<Record<Status, string>> = {
  received: 'default',
  triaged: 'cyan',
  assigned: 'geekblue',
  in_progress: 'processing',
  replied: 'green',
  follow_up: 'lime',
  closed: 'success',
  returned: 'warning',
  waiting: 'purple',
  rejected: 'error',
  merged: 'default',
};

export function StatusTag({ status }: { status: Status }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOR[status] ?? 'default'} data-status={status}>
      {t(`status.${status}`)}
    </Tag>
  );
}
