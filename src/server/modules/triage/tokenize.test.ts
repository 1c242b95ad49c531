import { describe, expect, it } from 'vitest';
import { Tokenizer, searchTerms, tokenize } from './tokenize.js';

describe('tokenize', () => {
  it('segments Chinese words, adds CJK uni/bigrams, lower-cases English, drops punctuation', () => {
    const t = tokenize('楼道里有煤气味！Gas LEAK, please help.');
    expect(t).toContain('w:楼道');
    expect(t).toContain('u:煤');
    expect(t).toContain('b:煤气');
    expect(t).toContain('w:gas');
    expect(t).toContain('w:leak');
    expect(t.some((x) => /[！,.]/.test(x))).toBe(false);
  });
  it('keeps organisation terms from a custom dictionary as one word', () => {
    const plain = new Tokenizer().words('请联系金湾物业服务中心处理');
    const custom = new Tokenizer({ customWords: ['金湾物业服务中心'] }).words('请联系金湾物业服务中心处理');
    expect(plain).not.toContain('金湾物业服务中心');
    expect(custom).toContain('金湾物业服务中心');
  });
  it('can use Intl.Segmenter instead of jieba', () => {
    expect(new Tokenizer({ segmenter: 'intl' }).words('食堂午餐后学生呕吐')).toContain('食堂');
  });
});

describe('searchTerms', () => {
  it('gives words, CJK bigrams and single characters, de-duplicated', () => {
    const terms = searchTerms('食堂食物中毒 Food Poisoning');
    for (const t of ['食堂', '食物中毒', '食物', '物中', '食', '毒', 'food', 'poisoning']) expect(terms).toContain(t);
    expect(new Set(terms).size).toBe(terms.length);
  });
  it('is fast: 10,000 complaint texts in well under two seconds', () => {
    const text = '某小区楼下工地每天夜间施工到凌晨两点，噪音严重扰民，多次投诉无果，请相关部门尽快处理。';
    const t0 = performance.now();
    for (let i = 0; i < 10_000; i++) searchTerms(text + i);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
