import { parentPort, workerData } from 'node:worker_threads';
import { FieldCrypto } from '../src/server/platform/crypto/fields.js';
import { loadMasterKey } from '../src/server/platform/crypto/keys.js';
import { makeBuilder, type BuildParams } from './load-build.js';

/**
 * Worker thread of the bulk loader (bench/load.ts): builds batches of rows on request, in order, so
 * generation, analyzer terms and encryption run on another core than the database writes.
 * workerData: BuildParams plus the server's secret key and data directory (for the field key).
 */
const { params, secretKey, dataDir } = workerData as { params: BuildParams; secretKey: string | undefined; dataDir: string };
const build = makeBuilder(params, new FieldCrypto(loadMasterKey(secretKey, dataDir)));

parentPort!.on('message', (m: { from: number; count: number }) => {
  parentPort!.postMessage(build(m.from, m.count));
});
