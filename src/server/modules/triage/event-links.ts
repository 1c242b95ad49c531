import type { EventMatch } from './event-matcher.js';

/**
 * The matches a new complaint joins. Matches are grouped by their cluster (a complaint not yet in
 * one counts as its own) and scored by the sum of their scores: the complaint joins the best group,
 * and another group only when that one is at least `mergeRatio` as strong — so two fragments of one
 * event merge, while a complaint that touches two events at one place (an outage report that also
 * mentions the lift) joins one of them instead of merging both. `fits` (EventIndex.fitsCluster)
 * drops clusters whose representative is at another place or about another kind of event.
 */
export function eventLinks(
  matches: readonly EventMatch[],
  clusterOf: (id: string) => string | undefined,
  mergeRatio = 0.5,
  fits: (clusterId: string) => boolean = () => true,
): string[] {
  const byCluster = new Map<string, { ids: string[]; score: number }>();
  for (const m of matches) {
    const c = clusterOf(m.id) ?? m.id;
    // A cluster grows only by complaints that agree with its representative (its id), not by a chain
    // of pairwise links, each a little further from where it started.
    if (!fits(c)) continue;
    const g = byCluster.get(c) ?? { ids: [], score: 0 };
    g.ids.push(m.id);
    g.score += m.score;
    byCluster.set(c, g);
  }
  const best = Math.max(0, ...[...byCluster.values()].map((g) => g.score));
  return [...byCluster.values()].filter((g) => g.score >= best * mergeRatio).flatMap((g) => g.ids);
}
