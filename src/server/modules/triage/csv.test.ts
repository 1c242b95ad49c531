import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvRecords, toCsv } from './csv.js';

describe('CSV parser', () => {
  it('handles BOM, quoted commas, doubled quotes, newlines inside quotes and CRLF', () => {
    const text = '\ufeffa,b,c\r\n1,"x, y","he said ""hi"""\r\n2,"line1\nline2",\r\n';
    expect(parseCsv(text)).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, y', 'he said "hi"'],
      ['2', 'line1\nline2', ''],
    ]);
  });
  it('returns records keyed by header and round-trips through toCsv', () => {
    const rows = [['留言主题', '一级分类'], ['噪音扰民, "晚上"', '环境保护']];
    const { header, records } = parseCsvRecords(toCsv(rows));
    expect(header).toEqual(['留言主题', '一级分类']);
    expect(records).toEqual([{ 留言主题: '噪音扰民, "晚上"', 一级分类: '环境保护' }]);
  });
});
