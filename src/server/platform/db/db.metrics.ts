// Database connection use: the PostgreSQL pool's counts; SQLite's group commits and their sizes.
import type { Metrics } from '../metrics/registry.js';
import type { DbHandle } from './index.js';

const GROUP_BUCKETS = [0, 1, 2, 4, 8, 16, 32, 64];

/** SQLite: what createDb's onGroupCommit should call. */
export function groupCommitObserver(metrics: Metrics): (members: number) => void {
  const size = metrics.histogram('redress_sqlite_group_commit_size', 'Transactions committed together by one SQLite COMMIT (group commit; single statements outside a transaction that joined it are not counted, so 0 is possible)', [], GROUP_BUCKETS);
  return (members) => size.observe(members);
}

export function registerDbMetrics(metrics: Metrics, handle: DbHandle): void {
  const pool = handle.pool;
  if (!pool) return;
  metrics.liveGauge('redress_db_pool_connections', 'PostgreSQL pool connections of this instance: total open, idle, and callers waiting for one', ['state'], () => [
    { labels: { state: 'total' }, value: pool.totalCount },
    { labels: { state: 'idle' }, value: pool.idleCount },
    { labels: { state: 'waiting' }, value: pool.waitingCount },
  ]);
}
