import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Db } from '../db/index.js';
import { deriveKey } from '../crypto/keys.js';
import { enqueue, type JobRunner } from '../jobs/jobs.js';
import { verifyAudit, type VerifyResult } from './audit.js';

/**
 * Signed checkpoints of the audit chain head. They leave the database — appended to a file in the
 * data directory and written to the log — so someone who can rewrite the database and knows nothing
 * else cannot also rewrite what was seen before.
 */
export interface Checkpoint {
  seq: number;
  hash: string;
  at: number;
  /** HMAC-SHA256 over seq, hash and at with a key derived from the secret key. */
  sig: string;
}

export const CHECKPOINT_FILE = 'audit-checkpoints.jsonl';
export const CHECKPOINT_JOB = 'audit.checkpoint';

const sign = (master: Buffer, seq: number, hash: string, at: number) =>
  crypto.createHmac('sha256', deriveKey(master, 'audit-checkpoint')).update(`${seq}:${hash}:${at}`).digest('hex');

export async function takeCheckpoint(db: Db, master: Buffer, at = Date.now()): Promise<Checkpoint> {
  const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  const seq = Number(head.seq);
  return { seq, hash: head.hash, at, sig: sign(master, seq, head.hash, at) };
}

export function appendCheckpointFile(dataDir: string, cp: Checkpoint): void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.appendFileSync(path.join(dataDir, CHECKPOINT_FILE), JSON.stringify(cp) + '\n', { mode: 0o600 });
}

/** Reads a checkpoint file: one JSON object, or JSON lines (every line is checked). */
export function readCheckpoints(file: string): Checkpoint[] {
  const text = fs.readFileSync(file, 'utf8').trim();
  if (!text) return [];
  const lines = text.startsWith('[') ? (JSON.parse(text) as unknown[]) : text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as unknown);
  return lines.map((c, i) => {
    const cp = c as Partial<Checkpoint>;
    if (!Number.isInteger(cp.seq) || typeof cp.hash !== 'string' || !Number.isInteger(cp.at) || typeof cp.sig !== 'string') throw new Error(`${file}: checkpoint ${i + 1} is not {seq, hash, at, sig}`);
    return cp as Checkpoint;
  });
}

export interface CheckpointVerdict extends VerifyResult {
  checkpoints: number;
}

/**
 * The chain must verify, and every checkpoint must carry a valid signature, lie within the chain and
 * match the row at its seq: a chain rewritten and re-hashed after a checkpoint (or cut below it) fails.
 */
export async function verifyWithCheckpoints(db: Db, master: Buffer, checkpoints: Checkpoint[]): Promise<CheckpointVerdict> {
  const chain = await verifyAudit(db);
  const n = checkpoints.length;
  if (!chain.ok) return { ...chain, checkpoints: n };
  for (const cp of checkpoints) {
    const expected = sign(master, cp.seq, cp.hash, cp.at);
    const sigOk = cp.sig.length === expected.length && crypto.timingSafeEqual(Buffer.from(cp.sig), Buffer.from(expected));
    const broken = (reason: string): CheckpointVerdict => ({ ...chain, ok: false, checkpoints: n, broken: { seq: cp.seq, reason } });
    if (!sigOk) return broken(`checkpoint at row ${cp.seq} is not signed with this secret key`);
    if (cp.seq === 0) continue;
    if (chain.head!.seq < cp.seq) return broken(`the log ends at row ${chain.head!.seq}, before checkpoint row ${cp.seq}: rows were deleted`);
    const row = await db.selectFrom('audit_log').select('hash').where('seq', '=', cp.seq).executeTakeFirst();
    if (row?.hash !== cp.hash) return broken(`row ${cp.seq} differs from the checkpoint of ${new Date(cp.at).toISOString()}: the log was rewritten`);
  }
  return { ...chain, checkpoints: n };
}

export interface CheckpointSchedule {
  db: Db;
  jobs: JobRunner;
  log: Logger;
  master: Buffer;
  dataDir: string;
  everyMs: number;
}

/** A recurring job on the one scheduler: write a checkpoint when the head moved, then re-arm. */
export async function scheduleCheckpoints(s: CheckpointSchedule): Promise<void> {
  let lastSeq = -1;
  s.jobs.register(CHECKPOINT_JOB, async () => {
    const cp = await takeCheckpoint(s.db, s.master, s.jobs.now());
    if (cp.seq !== lastSeq) {
      appendCheckpointFile(s.dataDir, cp);
      s.log.info({ auditCheckpoint: cp }, 'audit checkpoint');
      lastSeq = cp.seq;
    }
    await enqueue(s.db, { type: CHECKPOINT_JOB, dedupeKey: CHECKPOINT_JOB, runAt: s.jobs.now() + s.everyMs, replace: true }, s.jobs.now());
  });
  // Ignored while the job exists; it re-arms itself after each run.
  await enqueue(s.db, { type: CHECKPOINT_JOB, dedupeKey: CHECKPOINT_JOB, runAt: s.jobs.now() }, s.jobs.now());
}
