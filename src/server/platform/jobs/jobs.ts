// The one scheduler, by part: enqueue.ts (writing jobs in the caller's transaction), runner.ts (the
// worker pool; types.ts its public types, clock.ts the database-corrected clock, done-marks.ts batched
// done marks), store.ts (its SQL), admin.ts (lists, retries, backlog).
export { cancelJobs, enqueue, enqueueMany, type EnqueueOptions } from './enqueue.js';
export { JobRunner } from './runner.js';
export type { BatchHandler, JobHandler, JobRunObserver, JobTypeOptions, Lane, RunnerMetrics, RunnerOptions } from './types.js';
export { jobBacklog, jobCounts, listJobs, retryJob, type JobListFilter } from './admin.js';
