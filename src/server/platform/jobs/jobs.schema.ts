import { Type } from 'typebox';

/** Response schemas of the jobs admin routes (jobs.routes.ts), field for field what they return. */
const Iso = Type.String({ format: 'date-time' });
const Count = Type.Integer({ minimum: 0 });

export const JobStatus = Type.Union([Type.Literal('pending'), Type.Literal('running'), Type.Literal('done'), Type.Literal('dead')]);

export const JobOut = Type.Object({
  id: Type.String(),
  type: Type.String(),
  status: JobStatus,
  runAt: Iso,
  attempts: Count,
  maxAttempts: Count,
  dedupeKey: Type.Union([Type.String(), Type.Null()]),
  leaseOwner: Type.Union([Type.String(), Type.Null()]),
  leaseExpiresAt: Type.Union([Iso, Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  payload: Type.Unknown({ description: 'The job’s JSON payload (or its text if it is not JSON)' }),
  createdAt: Iso,
  updatedAt: Iso,
});

/** Jobs per status (only statuses that have any). */
export const JobCounts = Type.Record(Type.String(), Count);

export const JobListOut = Type.Object({
  items: Type.Array(JobOut),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  counts: JobCounts,
});

const Metric = Type.Integer({ minimum: 0 });

export const JobStatsOut = Type.Object({
  backlog: Type.Record(Type.String(), Type.Object({ due: Count, running: Count, oldestDueMs: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]) }), {
    description: 'Per job type: jobs due and waiting, running, and how late the oldest due one is (ms)',
  }),
  counts: JobCounts,
  instance: Type.Object({
    owner: Type.String(),
    running: Type.Boolean(),
    clockOffsetMs: Type.Number({ description: 'Database clock minus this process’s clock' }),
    lanes: Type.Record(Type.String(), Type.Object({ slots: Count, active: Count, free: Type.Integer() })),
    activeByType: Type.Record(Type.String(), Count),
    metrics: Type.Object({
      claimQueries: Metric,
      claimed: Metric,
      done: Metric,
      failed: Metric,
      dead: Metric,
      timedOut: Metric,
      lostLeases: Metric,
      released: Metric,
      reclaimed: Metric,
      renewed: Metric,
      cleaned: Metric,
    }),
  }),
});
