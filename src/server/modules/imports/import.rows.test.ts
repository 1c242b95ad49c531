import { describe, expect, it } from 'vitest';
import { parseWallTime } from './import.dates.js';
import { checkMapping, convertRow, type Lookups } from './import.rows.js';
import { decodeText } from './import.parse.js';
import type { ImportMapping } from './import.schema.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe('import dates', () => {
  it('reads the formats data sets write, as wall time in the zone', () => {
    expect(iso(parseWallTime('10/21/18 0:00', 'America/New_York', 'mdy'))).toBe('2018-10-21T04:00:00.000Z');
    expect(iso(parseWallTime('2020/3/18', 'America/New_York', 'mdy'))).toBe('2020-03-18T04:00:00.000Z');
    expect(iso(parseWallTime('2024-03-01 09:30:00', 'Asia/Shanghai', 'mdy'))).toBe('2024-03-01T01:30:00.000Z');
    expect(iso(parseWallTime('2024年3月7日 08:15', 'Asia/Shanghai', 'mdy'))).toBe('2024-03-07T00:15:00.000Z');
    expect(iso(parseWallTime('21/10/2018 12:05 PM', 'UTC', 'dmy'))).toBe('2018-10-21T12:05:00.000Z');
    expect(iso(parseWallTime('10/21/2018 12:05 AM', 'UTC', 'mdy'))).toBe('2018-10-21T00:05:00.000Z');
    expect(iso(parseWallTime('2020-03-18T14:30:00+08:00', 'America/New_York', 'mdy'))).toBe('2020-03-18T06:30:00.000Z');
  });

  it('refuses days that do not exist and text that is no date', () => {
    for (const v of ['2024-02-30', '2023-02-29', '13/01/2020', '2020-01-01 24:00', 'yesterday', '', '2020-1']) expect(parseWallTime(v, 'UTC', 'mdy')).toBeNull();
    expect(parseWallTime('13/01/2020', 'UTC', 'dmy')).not.toBeNull();
  });
});

describe('decodeText', () => {
  it('takes a BOM, strict UTF-8, else GB18030', () => {
    expect(decodeText(Buffer.from('\uFEFF编号', 'utf8'), 'auto')).toEqual({ text: '编号', encoding: 'utf-8' });
    expect(decodeText(Buffer.from('编号', 'utf8'), 'auto')).toEqual({ text: '编号', encoding: 'utf-8' });
    expect(decodeText(Buffer.from([0xb1, 0xe0, 0xba, 0xc5]), 'auto')).toEqual({ text: '编号', encoding: 'gb18030' }); // 编号 in GBK
    expect(() => decodeText(Buffer.from([0xb1, 0xe0]), 'utf-8')).toThrow(/UTF-8/);
  });
});

describe('convertRow', () => {
  const lookups: Lookups = {
    categories: { byCode: new Map([['noise', 'cat-noise']]), byName: new Map([['噪音', 'cat-noise'], ['noise', 'cat-noise']]), byAny: new Map([['noise', 'cat-noise'], ['噪音', 'cat-noise'], ['cat-noise', 'cat-noise']]) },
    departments: new Map([['nypd', 'dept-nypd']]),
  };
  const headers = ['id', 'at', 'closed', 'type', 'title', 'body', 'agency', 'status', 'via'];
  const mapping: ImportMapping = {
    source: 't',
    fields: { externalId: 'id', receivedAt: 'at', closedAt: 'closed', category: 'type', subject: ['type', 'title'], description: ['body'], department: 'agency', status: 'status', channel: 'via' },
    values: { category: { 'Noise - Residential': 'noise' }, status: { Closed: 'closed', '*': 'received' }, channel: { PHONE: 'phone' } },
    timeZone: 'UTC',
  };
  const ctx = { mapping, lookups, now: Date.UTC(2025, 0, 1), ...checkMapping(mapping, headers, 'Asia/Shanghai') };

  it('maps values through the value maps, names and fallbacks', () => {
    const { record, errors } = convertRow(ctx, 2, ['1', '2020-01-01 10:00', '2020-01-02 10:00', 'Noise - Residential', 'Loud music', 'All night', 'NYPD', 'Closed', 'phone']);
    expect(errors).toEqual([]);
    expect(record).toMatchObject({ externalId: '1', categoryId: 'cat-noise', departmentId: 'dept-nypd', status: 'closed', channel: 'phone', subject: 'Noise - Residential / Loud music', closedAt: Date.UTC(2020, 0, 2, 10) });
  });

  it('an open status drops the closing date; a closed one without it closes on the received date', () => {
    expect(convertRow(ctx, 2, ['1', '2020-01-01', '2020-01-02', '噪音', 't', 'b', '', 'Open', '']).record).toMatchObject({ status: 'received', closedAt: null, channel: 'import' });
    expect(convertRow(ctx, 2, ['1', '2020-01-01', '', '', 't', 'b', '', 'Closed', '']).record).toMatchObject({ status: 'closed', closedAt: Date.UTC(2020, 0, 1) });
  });

  it('lists every problem of a row with its column', () => {
    const { record, errors } = convertRow(ctx, 9, ['1', '2020-01-03', '2020-01-02', 'Potholes', '', '', 'Mars', 'Closed', 'pigeon']);
    expect(record).toBeUndefined();
    expect(errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [9, 'body', 'missing_description'],
      [9, 'via', 'unknown_channel'],
      [9, 'type', 'unknown_category'],
      [9, 'closed', 'closed_before_received'],
    ]);
  });

  it('refuses a mapping naming a column the file lacks', () => {
    expect(() => checkMapping({ ...mapping, fields: { ...mapping.fields, reply: 'answer' } }, headers, 'UTC')).toThrow(/answer/);
    expect(() => checkMapping({ ...mapping, timeZone: 'Mars/Olympus' }, headers, 'UTC')).toThrow(/time zone/);
  });
});
