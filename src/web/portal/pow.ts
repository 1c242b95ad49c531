// Solves the server's proof-of-work bot check in the browser (ALTCHA format): try n = 0, 1, … until
// SHA-256(salt + n) is the challenge. Web Crypto digests run in batches, so the page stays responsive
// and can show progress.
import type { Challenge } from './api.js';
import { sha256Hex } from './sha256.js';

const BATCH = 500;
const encoder = new TextEncoder();

function hex(buf: ArrayBuffer): string {
  const b = new Uint8Array(buf);
  let s = '';
  for (let i = 0; i < b.length; i++) s += b[i].toString(16).padStart(2, '0');
  return s;
}

/** The `altcha` payload: base64 of the solution JSON. `onProgress` gets 0…1 (share of maxnumber tried). */
export async function solve(c: Challenge, onProgress?: (share: number) => void, signal?: AbortSignal): Promise<string> {
  for (let start = 0; start <= c.maxnumber; start += BATCH) {
    if (signal?.aborted) throw new DOMException('aborted', 'AbortError');
    const end = Math.min(start + BATCH - 1, c.maxnumber);
    let hit = -1;
    if (globalThis.crypto?.subtle) {
      const tries: Promise<ArrayBuffer>[] = [];
      for (let n = start; n <= end; n++) tries.push(crypto.subtle.digest('SHA-256', encoder.encode(c.salt + n)));
      hit = (await Promise.all(tries)).findIndex((h) => hex(h) === c.challenge);
    } else {
      for (let n = start; n <= end && hit < 0; n++) if (sha256Hex(encoder.encode(c.salt + n)) === c.challenge) hit = n - start;
      await new Promise((r) => setTimeout(r, 0)); // let the page draw the progress
    }
    if (hit >= 0) {
      onProgress?.(1);
      const number = start + hit;
      return btoa(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number, salt: c.salt, signature: c.signature }));
    }
    onProgress?.((end + 1) / (c.maxnumber + 1));
  }
  throw new Error('no solution');
}
