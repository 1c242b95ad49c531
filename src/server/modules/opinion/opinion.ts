/** The opinion module's jobs, registered from the composition root (context.ts): feed polling and watchlist rematching. */
import type { AppContext } from '../../context.js';
import { registerFeedPolling } from './feed.poll.js';
import { registerOpinionAlerts } from './opinion.alerts.js';
import { registerWatchlistJobs } from './watchlist.service.js';

export function registerOpinion(ctx: AppContext): void {
  registerFeedPolling(ctx);
  registerWatchlistJobs(ctx);
  registerOpinionAlerts(ctx);
}
