// Intake: complaints created (every path through createComplaint: staff, portal, mail, Open311), by channel.
import type { Counter } from 'prom-client';
import type { Metrics } from '../../platform/metrics/registry.js';

export function intakeCounter(metrics: Metrics): Counter<'channel'> {
  return metrics.counter('redress_complaints_created_total', 'Complaints created on this instance since it started, by intake channel', ['channel']);
}
