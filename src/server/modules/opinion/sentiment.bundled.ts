/**
 * The shipped sentiment engine: fixtures/models/sentiment-zh.json.gz (trained by
 * `redress opinion sentiment train` on both bundled review corpora), or, when that file is absent,
 * trained from the corpora on first use (a few seconds). Read once per process.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import { fixturePath } from '../triage/corpus.js';
import { bundled, SHOPPING, WAIMAI } from './sentiment.data.js';
import { SentimentModel, type SerializedSentimentModel } from './sentiment.model.js';
import { SentimentEngine } from './sentiment.js';

export const BUNDLED_MODEL = 'models/sentiment-zh.json.gz';

/** The Chinese model trained on both bundled corpora (waimai_10k and online_shopping_10_cats). */
export function trainBundledZh(): SentimentModel {
  return SentimentModel.train([...bundled(WAIMAI), ...bundled(SHOPPING)]);
}

export function writeModel(file: string, m: SentimentModel): number {
  const gz = zlib.gzipSync(JSON.stringify(m.toJSON()), { level: 9 });
  fs.writeFileSync(file, gz);
  return gz.length;
}

export function readModel(file: string): SentimentModel {
  return SentimentModel.fromJSON(JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8')) as SerializedSentimentModel);
}

let cached: SentimentModel | undefined;

/** A fresh engine over the shipped Chinese model (each caller gets its own copy to teach). */
export function bundledEngine(): SentimentEngine {
  if (!cached) {
    const file = fixturePath(BUNDLED_MODEL);
    cached = file ? readModel(file) : trainBundledZh();
  }
  return new SentimentEngine(SentimentModel.fromJSON(cached.toJSON()));
}
