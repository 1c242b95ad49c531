import { describe, expect, it } from 'vitest';
import { anonymise, findPersonalData } from './anonymise.js';
import { loadEvalSet, scoreAnonymiser } from './anonymise.eval.js';

describe('anonymiser', () => {
  it('meets the issue thresholds on the planted evaluation set of real complaint texts', () => {
    const items = loadEvalSet();
    expect(items.length).toBeGreaterThanOrEqual(50);
    const s = scoreAnonymiser(items);
    expect(s.byKind.phone!.recall).toBe(1);
    expect(s.byKind.id_number!.recall).toBe(1);
    expect(s.byKind.name!.recall).toBeGreaterThanOrEqual(0.95);
    expect(s.byKind.address!.recall).toBeGreaterThanOrEqual(0.95);
    expect(s.precision).toBeGreaterThanOrEqual(0.9);
  });

  it('redacts Chinese personal data with labels in the case language', () => {
    const r = anonymise('我叫张伟，电话138-1234-5678，身份证号110101199003076536，住在长沙市岳麓区麓山南路12号3栋2单元501室，车牌湘A12345，新能源粤BD12345。', { language: 'zh' });
    expect(r.text).toBe('我叫【姓名】，电话【电话】，身份证号【身份证号】，住在【地址】，车牌【车牌】，新能源【车牌】。');
  });

  it('leaves hotline numbers, dates, amounts, order numbers and organisations alone', () => {
    const text = '拨打12345热线，2020年12月3号下单，订单号2020123456789，金额1234.56元，项目经理说物业公司会处理，西湖建筑集团施工。';
    expect(findPersonalData(text, { language: 'zh' })).toEqual([]);
  });

  it('checks ID checksums and card Luhn digits, and finds emails and English names', () => {
    expect(findPersonalData('身份证号110101199003076535', { language: 'zh' })).toEqual([]);
    const en = anonymise('My name is John Smith, call (212) 555-0187 or mail j.smith@example.com; card 4111 1111 1111 1111.', { language: 'en' });
    expect(en.text).toBe('My name is [NAME], call [PHONE] or mail [EMAIL]; card [CARD NUMBER].');
  });

  it('redacts the complainant name from the record wherever it appears', () => {
    expect(anonymise('刘德华反映：小区漏水。', { language: 'zh', knownNames: ['刘德华'] }).text).toBe('【姓名】反映：小区漏水。');
  });
});
