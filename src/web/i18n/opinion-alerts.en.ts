// English strings of the opinion alerts screen (same keys as opinion-alerts.zh-CN.ts).
import type { opinionAlertsZh, opinionAlertsZhErrors } from './opinion-alerts.zh-CN.js';

type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

export const opinionAlertsEn: Widen<typeof opinionAlertsZh> = {
  opinionAlerts: {
    nav: 'Opinion alerts', title: 'Public-opinion alerts', empty: 'No alerts', all: 'All', status: { open: 'Open', acknowledged: 'Acknowledged', closed: 'Closed', active: 'Active' },
    color: { none: 'Cleared', blue: 'Blue', yellow: 'Yellow', orange: 'Orange', red: 'Red' },
    col: { level: 'Level', watchlist: 'Watchlist', opened: 'Opened', peak: 'Peak (per window)', status: 'Status' },
    detail: { title: 'Alert', mentions: 'Mentions that drove it', promote: 'Promote to complaint', promoted: 'Promoted to complaint {{no}}', acknowledge: 'Acknowledge', acknowledged: 'Acknowledged', close: 'Close alert', note: 'Note on the response', closed: 'Alert closed', quiet: 'Raised in quiet hours: nobody was notified', noMentions: 'No mentions' },
  },
};

export const opinionAlertsEnErrors: Widen<typeof opinionAlertsZhErrors> = {
  alert_closed: 'The alert is closed', alert_already_acknowledged: 'The alert is acknowledged already', mention_already_promoted: 'This mention was promoted to a complaint already', mention_dismissed: 'A dismissed mention cannot be promoted', mention_already_linked: 'The mention is linked to this already', one_target: 'Choose exactly one target (a complaint or an incident)',
};
