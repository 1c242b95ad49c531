// The request id of the work in progress: set for each HTTP request (request-id.ts) and for each job
// run (the runner, from the job's request_id), so jobs enqueued meanwhile carry it on.
import { AsyncLocalStorage } from 'node:async_hooks';

interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The id of the request (or of the request that started the job) this code runs for, if any. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** Runs fn with this request id as the current one (none: fn runs as it is). */
export function withRequestId<T>(requestId: string | null | undefined, fn: () => T): T {
  return requestId ? storage.run({ requestId }, fn) : fn();
}
