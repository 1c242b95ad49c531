// The one scheduler, by part: enqueue.ts (writing jobs in the caller's transaction), runner.ts (the
// worker pool), store.ts (its SQL), admin.ts (lists, retries, backlog).
export { cancelJobs, enqueue, enqueueMany, type EnqueueOptions } from './enqueue.js';
export { JobRunner, type BatchHandler, type JobHandler, type JobTypeOptions, type Lane, type RunnerMetrics, type RunnerOptions } from './runner.js';
export { jobBacklog, jobCounts, listJobs, retryJob, type JobListFilter } from './admin.js';
