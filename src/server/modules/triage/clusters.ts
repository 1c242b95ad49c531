/**
 * Groups similar complaints into clusters (union-find over near-duplicate matches) and
 * reports when a cluster grows past a size within a time window: a mass complaint
 * (群体性投诉). In memory and pure; cluster ids are complaint ids, so a server can persist
 * `clusterId` per complaint and restore with `restore()`.
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
  members: string[];
  times: number[];
  mass: boolean;
}

export class ClusterTracker {
  readonly index: DuplicateIndex;
  readonly massSize: number;
  readonly windowMs: number;
  readonly linkWithinMs: number;
  readonly sameCategoryOnly: boolean;
  private readonly parent = new Map<string, string>();
  private readonly clusters = new Map<string, Cluster>();

  constructor(options: ClusterTrackerOptions = {}) {
    this.index = new DuplicateIndex(options);
    this.massSize = options.massSize ?? 10;
    this.windowMs = options.windowMs ?? 24 * 3600_000;
    this.linkWithinMs = options.linkWithinMs ?? 7 * 24 * 3600_000;
    this.sameCategoryOnly = options.sameCategoryOnly ?? false;
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

  members(clusterId: string): readonly string[] {
    return this.clusters.get(this.find(clusterId))?.members ?? [];
  }

  private union(a: string, b: string): string {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return ra;
    const ca = this.clusters.get(ra)!;
    const cb = this.clusters.get(rb)!;
    // Keep the larger cluster's id; on a tie the earlier one (b).
    const [keep, drop, ck, cd] = ca.members.length > cb.members.length ? [ra, rb, ca, cb] : [rb, ra, cb, ca];
    this.parent.set(drop, keep);
    ck.members.push(...cd.members);
    ck.times.push(...cd.times);
    ck.times.sort((x, y) => x - y);
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
   */
  assignSignature(id: string, sig: Uint32Array, meta: DuplicateMeta): ClusterAssignment & { linkedClusters: string[] } {
    const matches = this.index.findSimilarSignature(sig, {
      within: this.linkWithinMs,
      at: meta.at,
      limit: 5,
      excludeId: id,
      categoryId: this.sameCategoryOnly ? meta.categoryId : undefined,
    });
    const linkedClusters = [...new Set(matches.map((m) => this.clusterOf(m.id)).filter((c): c is string => c !== undefined))];
    this.index.addSignature(id, sig, meta);
    return { ...this.place(id, meta.at.getTime(), matches.map((m) => m.id), matches[0]?.similarity), linkedClusters };
  }

  /** Rebuild from stored state: signature and the cluster id saved earlier. */
  restore(id: string, signature: Uint32Array | string, meta: DuplicateMeta, clusterId?: string): void {
    this.index.addSignature(id, signature, meta);
    const links = clusterId && clusterId !== id && this.parent.has(clusterId) ? [clusterId] : [];
    this.place(id, meta.at.getTime(), links, undefined, true);
  }

  private place(id: string, at: number, links: string[], similarity: number | undefined, restoring = false): ClusterAssignment {
    if (!this.parent.has(id)) {
      this.parent.set(id, id);
      this.clusters.set(id, { members: [id], times: [at], mass: false });
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
      size: c.members.length,
      sizeInWindow,
      mass: c.mass,
      becameMass,
      ...(links.length > 0 && !restoring ? { matchedId: links[0], similarity } : {}),
    };
  }
}
