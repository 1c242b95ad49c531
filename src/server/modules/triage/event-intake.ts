/**
 * Same-event matching at intake: the TriageService's EventIndex, fed with each new complaint and
 * rebuilt from stored features at start like the near-duplicate index. Categories are compatible
 * when they share a top-level category (a 停水 report filed under 城乡建设/供水 and one under
 * 城乡建设/物业管理 can be one event), or when either is unknown.
 */
import type { ClusterTracker } from './clusters.js';
import { EventIndex, eventFeatures, eventLinks, type EventFeatures } from './event-matcher.js';

/** Entries stay this long after they left the event window (late writes from other instances). */
export const EVENT_EVICT_GRACE_MS = 3_600_000;

/** Top-level ancestor of every category (itself for a top-level one). */
export function topCategories(cats: ReadonlyArray<{ id: string; parent_id: string | null }>): Map<string, string> {
  const parent = new Map(cats.map((c) => [c.id, c.parent_id]));
  const top = new Map<string, string>();
  for (const c of cats) {
    let id = c.id;
    for (let hops = 0; hops < 32 && parent.get(id); hops++) id = parent.get(id)!;
    top.set(c.id, id);
  }
  return top;
}

export function newEventIndex(topOf: (categoryId: string) => string | undefined): EventIndex {
  return new EventIndex({ compatible: (a, b) => !a || !b || (topOf(a) ?? a) === (topOf(b) ?? b) });
}

/**
 * Finds earlier complaints about the same event as a new one and indexes it: returns the complaints
 * its cluster should join (see `eventLinks`), the features to store with its signature, and which
 * near-duplicates are at another address (`EventIndex.otherAddress`: not to be linked).
 */
export function matchEvent(
  index: EventIndex,
  tracker: ClusterTracker,
  c: { id: string; locationText: string | null; subject: string; description: string; at: number; categoryId: string | null; lat?: number | null; lng?: number | null },
): { links: string[]; stored: string; otherAddress: (id: string) => boolean } {
  const f = eventFeatures({ location: c.locationText, subject: c.subject, description: c.description, lat: c.lat, lng: c.lng });
  const meta = { at: c.at, categoryId: c.categoryId };
  const links = eventLinks(index.match(f, meta, { excludeId: c.id, limit: 10 }), (id) => tracker.clusterOf(id), undefined, (cl) => index.fitsCluster(f, cl));
  index.add(c.id, f, meta);
  return { links, stored: JSON.stringify(f), otherAddress: (id) => index.otherAddress(f, id) };
}

/** Puts a stored complaint back into the index (rows written before migration 010 have no features). */
export function restoreEvent(index: EventIndex, r: { complaint_id: string; event_features?: string | null; category_id: string | null; created_at: number }): void {
  if (!r.event_features || index.has(r.complaint_id)) return;
  index.add(r.complaint_id, JSON.parse(r.event_features) as EventFeatures, { at: Number(r.created_at), categoryId: r.category_id });
}
