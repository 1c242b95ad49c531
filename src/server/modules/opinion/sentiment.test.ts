import { describe, expect, it } from 'vitest';
import { bundledEngine } from './sentiment.bundled.js';
import { sentimentFeatures } from './sentiment.features.js';
import { cjkShare, detectLanguage } from './sentiment.language.js';
import { englishPriorLogit } from './sentiment.english.js';
import { SentimentModel } from './sentiment.model.js';
import { DEFAULT_BAND, labelOf, SentimentEngine, validBand } from './sentiment.js';

describe('sentiment features', () => {
  it('marks the word a negator governs, across degree words, until punctuation', () => {
    expect(sentimentFeatures('不好吃')).toContain('n:好吃');
    expect(sentimentFeatures('不好吃')).not.toContain('w:好吃');
    // 不是 很 满意: the degree word is skipped, the scope reaches 满意.
    expect(sentimentFeatures('不是很满意')).toContain('n:满意');
    // A comma ends the scope.
    const f = sentimentFeatures('不贵，好吃');
    expect(f).toContain('n:贵');
    expect(f).toContain('w:好吃');
    // English: "not good".
    expect(sentimentFeatures('not good')).toContain('n:good');
  });

  it('strengthens the word after a degree adverb and drops function words', () => {
    const f = sentimentFeatures('非常满意的');
    expect(f.filter((x) => x === 'w:满意')).toHaveLength(2);
    expect(f).toContain('d:满意');
    expect(f).not.toContain('w:的');
  });

  it('emits the shared polarity features, swapped under negation', () => {
    expect(sentimentFeatures('满意')).toContain('L:+');
    expect(sentimentFeatures('不满意')).not.toContain('L:+');
    expect(sentimentFeatures('没有问题')).toContain('L:+');
  });
});

describe('the shipped engine', () => {
  const engine = bundledEngine();

  it('reads negation the way a reader does', () => {
    expect(engine.analyze('不好吃').label).toBe('negative');
    expect(engine.analyze('一点也不好').label).toBe('negative');
    expect(engine.analyze('不是很满意').label).toBe('negative');
    expect(engine.analyze('没有问题').label).not.toBe('negative');
    expect(engine.analyze('太好吃了').label).toBe('positive');
    expect(engine.analyze('物业说会处理，结果一个月没人管').label).toBe('negative');
    expect(engine.analyze('not good').label).toBe('negative');
  });

  it('uses the English lexicon for English text', () => {
    expect(engine.analyze('I love this, great service')).toMatchObject({ label: 'positive', language: 'en' });
    expect(engine.analyze('Terrible, the worst hotel ever')).toMatchObject({ label: 'negative', language: 'en' });
    expect(engine.analyze('The hotel was not clean').label).toBe('negative');
    // No sentiment word: exactly 0.5, so neutral.
    expect(engine.analyze('The meeting is on Tuesday')).toEqual({ label: 'neutral', pNegative: 0.5, language: 'en' });
    expect(englishPriorLogit('good')).toBeLessThan(0);
    expect(englishPriorLogit('bad')).toBeGreaterThan(0);
  });

  it('returns a probability and a label that agrees with the band', () => {
    const r = engine.analyze('质量不错，物流很快');
    expect(r.pNegative).toBeGreaterThanOrEqual(0);
    expect(r.pNegative).toBeLessThan(0.4);
    expect(r.label).toBe('positive');
    expect(engine.analyze('质量不错，物流很快', { low: 0, high: 1 }).label).toBe('neutral');
  });
});

describe('the neutral band', () => {
  it('is 0.4–0.6 by default, inclusive, and can be switched off', () => {
    expect(DEFAULT_BAND).toEqual({ low: 0.4, high: 0.6 });
    expect(labelOf(0.39)).toBe('positive');
    expect(labelOf(0.4)).toBe('neutral');
    expect(labelOf(0.5)).toBe('neutral');
    expect(labelOf(0.6)).toBe('neutral');
    expect(labelOf(0.61)).toBe('negative');
    expect(labelOf(0.5, null)).toBe('negative');
    expect(labelOf(0.49, null)).toBe('positive');
    expect(labelOf(0.65, { low: 0.3, high: 0.7 })).toBe('neutral');
    expect(validBand({ low: 0.6, high: 0.4 })).toBe(false);
    expect(validBand({ low: 0.2, high: 0.8 })).toBe(true);
  });
});

describe('language by script', () => {
  it('is Chinese when Han characters are at least a fifth of the letters', () => {
    expect(detectLanguage('这款iPhone很好用')).toBe('zh');
    expect(detectLanguage('The service at 万达 was slow and the staff rude')).toBe('en');
    expect(detectLanguage('12345')).toBe('en');
    expect(cjkShare('好吃')).toBe(1);
  });
});

describe('learning a correction', () => {
  it('flips the corrected text and survives a round trip through the stored form', () => {
    const engine = bundledEngine();
    const text = '这个楼盘又上热搜了';
    const before = engine.pNegative(text);
    const negative = before < 0.5; // correct it to the other side
    expect(engine.learn(text, negative)).toBeGreaterThan(0);
    const after = engine.pNegative(text);
    expect(after >= 0.5).toBe(negative);
    const copy = SentimentEngine.fromJSON(JSON.parse(JSON.stringify(engine.toJSON())));
    expect(copy.pNegative(text)).toBeCloseTo(after, 2);
    // Unrelated texts barely move.
    expect(copy.pNegative('不好吃')).toBeGreaterThan(0.9);
  });

  it('teaches the English model on top of the lexicon', () => {
    const engine = bundledEngine();
    expect(engine.analyze('no problem').label).toBe('negative'); // AFINN: no −1, problem −2
    engine.learn('no problem', false);
    expect(engine.analyze('no problem').label).toBe('positive');
  });

  it('a model trained on a handful of rows still answers', () => {
    const m = SentimentModel.train([
      { text: '好吃', negative: false },
      { text: '难吃', negative: true },
    ], { minDf: 1 });
    expect(m.pNegative('难吃')).toBeGreaterThan(m.pNegative('好吃'));
    expect(m.pNegative('')).toBeCloseTo(0.5, 1);
  });
});
