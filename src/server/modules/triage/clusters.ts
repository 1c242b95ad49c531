/**
 * Groups similar complaints into clusters (union-find over near-duplicate matches) and
 * reports when a cluster grows past a size within a time window: a mass complaint
 * (群体性投诉). In memory and pure; cluster ids are complaint ids, so a server can persist
 * `clusterId` per complaint and restore with `restore()`.
 *
 * Memory stays bounded by the complaints of the recent past: once a quarter of the index lies more
 * than `linkWithinMs` (+ `evictGraceMs`) before the newest complaint, those entries are evicted in one
 * batch (they can never match a new complaint), and cluster members older than the link and mass
 * windows are dropped with them. A cluster keeps its id (its root, even when the root complaint
 * itself was evicted), its total `size` and its `mass` flag as long as it has a member left, so what
 * a new complaint is told is the same as without eviction.
 */
import { DuplicateIndex, type DuplicateIndexOptions, type DuplicateMeta } from './similarity.js';

export interface ClusterTrackerOptions extends DuplicateIndexOptions {
  /** Members within `windowMs` that make a mass complaint. Default 10. */
  massSize?: number;
  /** Window for counting members. Default 24 h. */
  windowMs?: number;
  /** Only link complaints at most this far apart in time. Default 7 days. */
  linkWithinMs?: number;
  /** Only link complaints with the same category (when both have one). Default false. */
  sameCategoryOnly?: boolean;
  /**
   * Entries are evicted only this long after they left the link (or mass) window, so a complaint
   * that arrives a little late (clock skew between instances, a quick retry) is judged as before.
   * Default 1 h.
   */
  evictGraceMs?: number;
}

export interface ClusterAssignment {
  clusterId: string;
  /** All members so far. */
  size: number;
  /** Members whose time lies within the window ending at this complaint. */
  sizeInWindow: number;
  /** The cluster is a mass complaint (now or earlier). */
  mass: boolean;
  /** This complaint made the cluster a mass complaint. */
  becameMass: boolean;
  /** The earlier complaint this one was linked to, with the similarity. */
  matchedId?: string;
  similarity?: number;
}

interface Cluster {
  /** Members still held (not evicted), and their times (same order). */
  members: string[];
  times: number[];
  /** All members ever joined; eviction does not lower it. */
  size: number;
  mass: boolean;
}

/** Expired entries are looked for after this many additions at least (and after a quarter of the index). */
const MIN_CHECK_EVERY = 64;

export class ClusterTracker {
  readonly index: DuplicateIndex;
  readonly massSize: number;
  readonly windowMs: number;
  readonly linkWithinMs: number;
  readonly sameCategoryOnly: boolean;
  readonly evictGraceMs: number;
  private parent = new Map<string, string>();
  private readonly clusters = new Map<string, Cluster>();
  /** Newest complaint time seen (ms): the reference for eviction. */
  private latest = -Infinity;
  private addsSinceCheck = 0;
  /** Cluster ids restored without their own complaint (older than the link window). */
  private readonly unheldRoots = new Set<string>();

  constructor(options: ClusterTrackerOptions = {}) {
    this.index = new DuplicateIndex(options);
    this.massSize = options.massSize ?? 10;
    this.windowMs = options.windowMs ?? 24 * 3600_000;
    this.linkWithinMs = options.linkWithinMs ?? 7 * 24 * 3600_000;
    this.sameCategoryOnly = options.sameCategoryOnly ?? false;
    this.evictGraceMs = options.evictGraceMs ?? 3_600_000;
  }

  private find(id: string): string {
    let r = id;
    while (this.parent.get(r) !== r) r = this.parent.get(r)!;
    let x = id;
    while (x !== r) {
      const next = this.parent.get(x)!;
      this.parent.set(x, r);
      x = next;
    }
    return r;
  }

  /** Root id of the complaint's cluster (undefined if unknown). */
  clusterOf(id: string): string | undefined {
    return this.parent.has(id) ? this.find(id) : undefined;
  }

  /** Members of the cluster still held in memory (all those within the link and mass windows). */
  members(clusterId: string): readonly string[] {
    const root = this.clusterOf(clusterId);
    return (root !== undefined && this.clusters.get(root)?.members) || [];
  }

  /** What is held in memory: index entries, union-find nodes, clusters and their held members. */
  stats(): { entries: number; nodes: number; clusters: number; members: number } {
    let members = 0;
    for (const c of this.clusters.values()) members += c.members.length;
    return { entries: this.index.size, nodes: this.parent.size, clusters: this.clusters.size, members };
  }

  private union(a: string, b: string): string {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return ra;
    const ca = this.clusters.get(ra)!;
    const cb = this.clusters.get(rb)!;
    // Keep the larger cluster's id (by total size, so eviction changes no choice); on a tie the earlier one (b).
    const [keep, drop, ck, cd] = ca.size > cb.size ? [ra, rb, ca, cb] : [rb, ra, cb, ca];
    this.parent.set(drop, keep);
    for (let i = 0; i < cd.members.length; i++) {
      ck.members.push(cd.members[i]);
      ck.times.push(cd.times[i]);
    }
    ck.size += cd.size;
    ck.mass ||= cd.mass;
    this.clusters.delete(drop);
    return keep;
  }

  private countInWindow(c: Cluster, at: number): number {
    let n = 0;
    for (const t of c.times) if (t <= at && at - t <= this.windowMs) n++;
    return n;
  }

  /** Add a new complaint: link it to similar earlier ones and report its cluster. */
  assign(id: string, text: string, meta: DuplicateMeta): ClusterAssignment {
    return this.assignSignature(id, this.index.signature(text), meta);
  }

  /**
   * `assign` with a signature computed by the caller (who also stores it); reports the clusters the
   * complaint linked, as they were before linking (so a caller can merge its stored cluster rows).
   * `eventLinks` are earlier complaints about the same event found by other means (the event
   * matcher): they join the cluster like near-duplicates do. `notSameMatter` drops a near-duplicate
   * the caller knows is about another place (one form filled in for two addresses is no campaign).
   */
  assignSignature(
    id: string,
    sig: Uint32Array,
    meta: DuplicateMeta,
    eventLinks: readonly string[] = [],
    notSameMatter?: (otherId: string) => boolean,
  ): ClusterAssignment & { linkedClusters: string[] } {
    const found = this.index.findSimilarSignature(sig, {
      within: this.linkWithinMs,
      at: meta.at,
      limit: 5,
      excludeId: id,
      categoryId: this.sameCategoryOnly ? meta.categoryId : undefined,
    });
    const matches = notSameMatter ? found.filter((m) => !notSameMatter(m.id)) : found;
    const ids = matches.map((m) => m.id);
    const links = eventLinks.length === 0 ? ids : [...new Set([...ids, ...eventLinks.filter((l) => l !== id)])];
    const linkedClusters = [...new Set(links.map((l) => this.clusterOf(l)).filter((c): c is string => c !== undefined))];
    this.index.addSignature(id, sig, meta);
    const placed = { ...this.place(id, meta.at.getTime(), links, matches[0]?.similarity), linkedClusters };
    this.added(meta.at.getTime());
    return placed;
  }

  /**
   * Rebuild from stored state: signature and the cluster id saved earlier. The complaint joins that
   * cluster under that id even when the complaint that gave the id is not held (older than the link
   * window): the cluster is then kept under its id without it, as after an eviction.
   */
  restore(id: string, signature: Uint32Array | string, meta: DuplicateMeta, clusterId?: string): void {
    this.index.addSignature(id, signature, meta);
    const at = meta.at.getTime();
    if (clusterId && clusterId !== id && !this.parent.has(clusterId)) {
      // The root is not held: an empty cluster under its id, which this complaint joins.
      this.parent.set(clusterId, clusterId);
      this.clusters.set(clusterId, { members: [], times: [], size: 0, mass: false });
      this.unheldRoots.add(clusterId);
    }
    if (this.unheldRoots.delete(id) && this.parent.has(id)) {
      // The root itself arrives after its members (another instance's late write): now it is held.
      const c = this.clusters.get(this.find(id))!;
      c.members.push(id);
      c.times.push(at);
      c.size++;
    } else if (clusterId && clusterId !== id && !this.parent.has(id)) {
      // Straight into the stored cluster: a union would keep the larger side's id, not the stored one.
      const root = this.find(clusterId);
      const c = this.clusters.get(root)!;
      this.parent.set(id, root);
      c.members.push(id);
      c.times.push(at);
      c.size++;
      if (!c.mass && this.countInWindow(c, at) >= this.massSize) c.mass = true;
    } else {
      const links = clusterId && clusterId !== id ? [clusterId] : [];
      this.place(id, at, links, undefined, true);
    }
    this.added(at);
  }

  /**
   * Seeds a restored cluster with its stored total size and mass flag (members older than the link
   * window are not restored, so counting the restored ones would make the size drop). Never lowers.
   */
  seedCluster(clusterId: string, size: number, mass: boolean): void {
    const root = this.clusterOf(clusterId);
    if (root === undefined) return;
    const c = this.clusters.get(root)!;
    if (size > c.size) c.size = size;
    c.mass ||= mass;
  }

  private added(at: number): void {
    if (at > this.latest) this.latest = at;
    // Amortised: a scan of the index after every quarter of its size in additions.
    if (++this.addsSinceCheck >= Math.max(MIN_CHECK_EVERY, this.index.size >> 2)) this.evictExpired();
  }

  /**
   * Evicts what no new complaint can meet any more, relative to `now` (default, and at least, the
   * newest complaint seen): index entries older than `linkWithinMs` + `evictGraceMs`, and cluster
   * members older than the larger of the link and mass windows (+ grace); a cluster left without
   * members is forgotten. Does nothing unless at least `minFraction` of the index has expired (a
   * batch, not a trickle). Returns the number of index entries evicted.
   */
  evictExpired(now = this.latest, minFraction = 0.25): number {
    this.addsSinceCheck = 0;
    const ref = Math.max(now, this.latest);
    if (!Number.isFinite(ref)) return 0;
    const cutoff = ref - this.linkWithinMs - this.evictGraceMs;
    const expired = this.index.countOlderThan(cutoff);
    if (expired === 0 || expired < this.index.size * minFraction) return 0;
    const removed = this.index.evictOlderThan(cutoff);
    this.pruneClusters(ref - Math.max(this.linkWithinMs, this.windowMs) - this.evictGraceMs);
    return removed;
  }

  /** Drops members older than `cutoff` and rebuilds the union-find flat (every node → its root). */
  private pruneClusters(cutoff: number): void {
    const parent = new Map<string, string>();
    for (const [root, c] of this.clusters) {
      let w = 0;
      for (let r = 0; r < c.members.length; r++) {
        if (c.times[r] < cutoff) continue;
        c.members[w] = c.members[r];
        c.times[w] = c.times[r];
        parent.set(c.members[w], root);
        w++;
      }
      c.members.length = w;
      c.times.length = w;
      // The root id stays the cluster's id while any member is left, even if the root itself expired.
      if (w === 0) this.clusters.delete(root);
      else parent.set(root, root);
    }
    this.parent = parent;
    for (const r of this.unheldRoots) if (!parent.has(r)) this.unheldRoots.delete(r);
  }

  private place(id: string, at: number, links: string[], similarity: number | undefined, restoring = false): ClusterAssignment {
    if (!this.parent.has(id)) {
      this.parent.set(id, id);
      this.clusters.set(id, { members: [id], times: [at], size: 1, mass: false });
    }
    let root = this.find(id);
    for (const other of links) if (this.parent.has(other)) root = this.union(root, other);
    const c = this.clusters.get(root)!;
    const sizeInWindow = this.countInWindow(c, at);
    let becameMass = false;
    if (!c.mass && sizeInWindow >= this.massSize) {
      c.mass = true;
      becameMass = !restoring;
    }
    return {
      clusterId: root,
      size: c.size,
      sizeInWindow,
      mass: c.mass,
      becameMass,
      ...(links.length > 0 && !restoring ? { matchedId: links[0], similarity } : {}),
    };
  }
}
