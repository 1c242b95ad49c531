#!/usr/bin/env -S npx tsx
// Trains the cold-start category model from the bundled government-message corpus and writes it to
// fixtures/models/gov-messages-top-level.json.gz (labels are the corpus's top-level category names;
// the server maps them onto the organisation's categories by name). Deterministic: rerun after
// changing the classifier or the corpus, and commit the file.
import fs from 'node:fs';
import zlib from 'node:zlib';
import { CORPUS_MODEL_FILE, trainCorpusModel } from '../src/server/modules/triage/corpus.js';

const started = Date.now();
const model = trainCorpusModel();
const gz = zlib.gzipSync(JSON.stringify(model.toJSON()), { level: 9 });
fs.mkdirSync(new URL('.', CORPUS_MODEL_FILE), { recursive: true });
fs.writeFileSync(CORPUS_MODEL_FILE, gz);
console.log(`${model.examplesSeen} examples, ${model.knownLabels.length} categories, ${gz.length} bytes gzip, ${Date.now() - started} ms → ${CORPUS_MODEL_FILE.pathname}`);
