import { DatePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';

/**
 * Received-date range as whole local days (start of the first, end of the last, as ISO instants).
 * Its own chunk: the picker is the largest part of the filter bar and is not needed for the first paint.
 */
export default function DateRangeFilter({ from, to, onChange }: { from: string | null; to: string | null; onChange: (from: string | null, to: string | null) => void }) {
  return (
    <DatePicker.RangePicker
      value={[from ? dayjs(from) : null, to ? dayjs(to) : null]}
      onChange={(r) => {
        const [a, b] = (r ?? [null, null]) as [Dayjs | null, Dayjs | null];
        onChange(a?.startOf('day').toISOString() ?? null, b?.endOf('day').toISOString() ?? null);
      }}
      allowEmpty={[true, true]}
      format="YYYY-MM-DD"
      style={{ width: 240 }}
      data-testid="inbox-date-range"
    />
  );
}
