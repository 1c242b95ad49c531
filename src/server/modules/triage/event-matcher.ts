/**
 * Same-event matching (同一事件): complaints from independent callers about one event share a place,
 * a compatible category, a time window and the words that say what happened — not their wording.
 * Text similarity is TF-IDF cosine over jieba-segmented content words, the character pairs inside
 * them and the event kinds they mention (event-types.ts) (hotline boilerplate, districts and the
 * place names themselves left out, so two different problems at one estate do not match on its
 * name), with document frequencies from the complaints held plus a background table. Precision
 * before recall (issue 10: < 1 % of unrelated complaints in any cluster): what happened must agree
 * (a shared event kind, or kinds of one family; event-types.ts), a link without an agreed place needs
 * a shared kind and a shared detail word (a door number and its street alone: a shared kind), while one named
 * place and one shared kind need hardly any shared words (callers word one outage very differently), Weibo
 * topic tags count for nothing, and a cluster grows
 * only by complaints that agree with its representative (`fitsCluster`), not by chaining. In memory and
 * pure; a complaint's features are serialisable (`EventFeatures`) so a server stores them with the
 * complaint's signature and rebuilds the index at start without segmenting the text again.
 */
import { Tokenizer } from './tokenize.js';
import { comparePlaces, extractPlaces, normalizePlaceText, type PlaceRelation } from './place.js';
import { EVENT_BACKGROUND } from './event-background.js';
import { isConsultation, kindsAgree } from './event-types.js';
import { contentTerms, sharesDetail, stripTopicTags } from './event-terms.js';

export { contentTerms, stripTopicTags } from './event-terms.js';

/**
 * What is stored per complaint: segmented words (space-joined), place names, door numbers,
 * coordinates, and `q` when its subject is a consultation (absent in rows stored before it existed).
 */
export interface EventFeatures {
  w: string;
  p: string[];
  d: string[];
  q?: 1;
  lat?: number;
  lng?: number;
}

export interface EventMeta {
  at: number;
  categoryId?: string | null;
}

export interface EventMatch {
  id: string;
  score: number;
  place: PlaceRelation;
}

export interface EventIndexOptions {
  /** Only complaints this close in time belong to one event. Default 72 h. */
  withinMs?: number;
  /** Minimum cosine when the places agree and an event kind is shared (no shared kind: `unknownPlaceThreshold`). */
  samePlaceThreshold?: number;
  /** Minimum cosine when a kind is shared and one names a door number on the street the other names alone. */
  sameStreetThreshold?: number;
  /** Minimum cosine when one complaint names no place (or the places may be one area). */
  unknownPlaceThreshold?: number;
  /** Minimum cosine when neither names a place (questions about one policy are no event). */
  noPlaceThreshold?: number;
  /** Whether two categories may belong to one event (default: equal, or either unknown). */
  compatible?: (a: string | null | undefined, b: string | null | undefined) => boolean;
  /** Background document frequencies (word → documents) and their document count; default the bundled table. */
  background?: { docs: number; df: Record<string, number> };
}

export const DEFAULT_EVENT_OPTIONS = { withinMs: 72 * 3_600_000, samePlaceThreshold: 0.05, sameStreetThreshold: 0.1, unknownPlaceThreshold: 0.3, noPlaceThreshold: 0.4 } as const;

let tokenizer: Tokenizer | undefined;

/** Features of a complaint: its location field, subject and description (and coordinates when known). */
export function eventFeatures(input: { location?: string | null; subject: string; description: string; lat?: number | null; lng?: number | null }): EventFeatures {
  tokenizer ??= new Tokenizer();
  const subject = stripTopicTags(input.subject);
  const description = stripTopicTags(input.description);
  const text = normalizePlaceText([input.location, subject, description].filter(Boolean).join('\n'));
  const places = extractPlaces(input.location, subject, description);
  const f: EventFeatures = { w: tokenizer.wordsOfNormalized(text).join(' '), p: places.names, d: places.doors };
  if (isConsultation(input.subject)) f.q = 1;
  if (input.lat != null && input.lng != null && Number.isFinite(input.lat) && Number.isFinite(input.lng)) {
    f.lat = input.lat;
    f.lng = input.lng;
  }
  return f;
}

interface Entry {
  id: string;
  meta: EventMeta;
  f: EventFeatures;
  /** Text without spaces (the place check looks for the other side's names in it). */
  text: string;
  tf: Map<string, number>;
  /** Length of the weighted vector, and the index size it was computed at (see `norm`). */
  norm?: number;
  normAt?: number;
}

/** Candidates come from the complaint's places and its CANDIDATE_TERMS rarest words … */
const CANDIDATE_TERMS = 12;
/** … each list skipped when longer than this (a word that common identifies no event) … */
const MAX_POSTING = 2000;
/** … and no more lists taken once this many complaints are gathered. */
const MAX_CANDIDATES = 400;

function addTo<K, V>(m: Map<K, Set<V>>, k: K, v: V): void {
  let s = m.get(k);
  if (!s) m.set(k, (s = new Set()));
  s.add(v);
}

function removeFrom<K, V>(m: Map<K, Set<V>>, k: K, v: V): void {
  const s = m.get(k);
  if (!s) return;
  s.delete(v);
  if (s.size === 0) m.delete(k);
}


export class EventIndex {
  readonly withinMs: number;
  readonly samePlaceThreshold: number;
  readonly sameStreetThreshold: number;
  readonly unknownPlaceThreshold: number;
  readonly noPlaceThreshold: number;
  private readonly compatible: NonNullable<EventIndexOptions['compatible']>;
  private readonly background: { docs: number; df: Record<string, number> };
  private entries: Entry[] = [];
  private readonly byId = new Map<string, Entry>();
  /** Word → entries holding it (candidate lookup). */
  private readonly postings = new Map<string, Set<Entry>>();
  /** Place name or door number → entries naming it (candidate lookup). */
  private readonly places = new Map<string, Set<Entry>>();

  constructor(options: EventIndexOptions = {}) {
    this.withinMs = options.withinMs ?? DEFAULT_EVENT_OPTIONS.withinMs;
    this.samePlaceThreshold = options.samePlaceThreshold ?? DEFAULT_EVENT_OPTIONS.samePlaceThreshold;
    this.sameStreetThreshold = options.sameStreetThreshold ?? DEFAULT_EVENT_OPTIONS.sameStreetThreshold;
    this.unknownPlaceThreshold = options.unknownPlaceThreshold ?? DEFAULT_EVENT_OPTIONS.unknownPlaceThreshold;
    this.noPlaceThreshold = options.noPlaceThreshold ?? DEFAULT_EVENT_OPTIONS.noPlaceThreshold;
    this.compatible = options.compatible ?? ((a, b) => !a || !b || a === b);
    this.background = options.background ?? EVENT_BACKGROUND;
  }

  get size(): number {
    return this.byId.size;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  private idf(term: string): number {
    const n = this.background.docs + this.byId.size;
    const df = (this.background.df[term] ?? 0) + (this.postings.get(term)?.size ?? 0);
    return Math.log((n + 1) / (df + 0.5));
  }

  private weights(tf: Map<string, number>): Map<string, number> {
    const v = new Map<string, number>();
    for (const [t, n] of tf) {
      const idf = this.idf(t);
      if (idf > 0) v.set(t, (1 + Math.log(n)) * idf);
    }
    return v;
  }

  /** TF-IDF cosine of two term-frequency maps under the current document frequencies. */
  cosine(a: Map<string, number>, b: Map<string, number>): number {
    return this.cosineWeighted(this.weights(a), b);
  }

  private cosineWeighted(va: Map<string, number>, b: Map<string, number>): number {
    const vb = this.weights(b);
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (const [t, x] of va) {
      na += x * x;
      const y = vb.get(t);
      if (y !== undefined) dot += x * y;
    }
    for (const y of vb.values()) nb += y * y;
    return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
  }

  /**
   * Cosine of a query's weights with an entry: the dot product over the query's terms, and the
   * entry's vector length cached until the index has grown or shrunk by a tenth (IDF drifts slowly),
   * so scoring a candidate costs the query's length, not the candidate's.
   */
  private score(q: Map<string, number>, qn: number, e: Entry): number {
    const n = this.byId.size;
    if (e.norm === undefined || Math.abs(n - e.normAt!) > 0.1 * Math.max(e.normAt!, 10)) {
      let sum = 0;
      for (const x of this.weights(e.tf).values()) sum += x * x;
      e.norm = Math.sqrt(sum);
      e.normAt = n;
    }
    if (qn === 0 || e.norm === 0) return 0;
    let dot = 0;
    for (const [t, x] of q) {
      const c = e.tf.get(t);
      if (c !== undefined) dot += x * (1 + Math.log(c)) * this.idf(t);
    }
    return dot / (qn * e.norm);
  }

  /**
   * Whether an indexed complaint is at another address than `f`: either names a door number, or both
   * have coordinates, and the places differ. A near-duplicate text at another address is a form filled in twice (NYC 311's
   * "Loud Music/Party at <address>"), not one event or a copy-paste campaign.
   */
  otherAddress(f: EventFeatures, id: string): boolean {
    const e = this.byId.get(id);
    const located = f.lat !== undefined && e?.f.lat !== undefined;
    if (!e || (f.d.length === 0 && e.f.d.length === 0 && !located)) return false;
    const text = f.w.replaceAll(' ', '');
    return comparePlaces({ places: { names: f.p, doors: f.d }, text, lat: f.lat, lng: f.lng }, { places: { names: e.f.p, doors: e.f.d }, text: e.text, lat: e.f.lat, lng: e.f.lng }) === 'different';
  }

  /**
   * Whether a complaint may join the cluster represented by `id` (the cluster's id is a complaint):
   * not when the representative is at another place, or names kinds of event none of which agrees
   * with the complaint's. A representative no longer held (evicted) says nothing: true.
   */
  fitsCluster(f: EventFeatures, id: string): boolean {
    const e = this.byId.get(id);
    if (!e) return true;
    const place = comparePlaces({ places: { names: f.p, doors: f.d }, text: f.w.replaceAll(' ', ''), lat: f.lat, lng: f.lng }, { places: { names: e.f.p, doors: e.f.d }, text: e.text, lat: e.f.lat, lng: e.f.lng });
    if (place === 'different') return false;
    const kinds = [...contentTerms(f).keys()].filter((k) => k.startsWith('#'));
    const eKinds = [...e.tf.keys()].filter((k) => k.startsWith('#'));
    return kinds.length === 0 || eKinds.length === 0 || kindsAgree(kinds, eKinds);
  }

  /** Index a complaint (re-adding an id is ignored). */
  add(id: string, f: EventFeatures, meta: EventMeta): void {
    if (this.byId.has(id)) return;
    const e: Entry = { id, meta, f, text: f.w.replaceAll(' ', ''), tf: contentTerms(f) };
    this.entries.push(e);
    this.byId.set(id, e);
    for (const t of e.tf.keys()) addTo(this.postings, t, e);
    for (const n of [...f.p, ...f.d]) addTo(this.places, n, e);
  }

  /**
   * Entries worth scoring: those naming one of the complaint's places, and those sharing one of its
   * rarest words, the rarest first, up to MAX_CANDIDATES. A word held by more than MAX_POSTING
   * entries names no one event, so a busy day costs a bounded number of comparisons per complaint,
   * not one per complaint held.
   */
  private candidates(f: EventFeatures, tf: Map<string, number>): Set<Entry> {
    const out = new Set<Entry>();
    const lists = [...f.p, ...f.d].map((n) => this.places.get(n));
    const rare = [...tf.keys()]
      .map((t) => this.postings.get(t))
      .filter((s): s is Set<Entry> => !!s)
      .sort((a, b) => a.size - b.size)
      .slice(0, CANDIDATE_TERMS);
    for (const s of [...lists, ...rare]) {
      if (!s || s.size > MAX_POSTING) continue;
      if (out.size + s.size > MAX_CANDIDATES && out.size > 0) break;
      for (const e of s) out.add(e);
    }
    return out;
  }

  /** Earlier complaints about the same event as `f`, best first. */
  match(f: EventFeatures, meta: EventMeta, opts: { excludeId?: string; limit?: number } = {}): EventMatch[] {
    const tf = contentTerms(f);
    const weights = this.weights(tf);
    let qn = 0;
    for (const x of weights.values()) qn += x * x;
    qn = Math.sqrt(qn);
    const text = f.w.replaceAll(' ', '');
    const kinds = [...tf.keys()].filter((k) => k.startsWith('#'));
    const out: EventMatch[] = [];
    for (const e of this.candidates(f, tf)) {
      if (e.id === opts.excludeId || Math.abs(e.meta.at - meta.at) > this.withinMs) continue;
      if (!this.compatible(e.meta.categoryId, meta.categoryId)) continue;
      let place = comparePlaces({ places: { names: f.p, doors: f.d }, text, lat: f.lat, lng: f.lng }, { places: { names: e.f.p, doors: e.f.d }, text: e.text, lat: e.f.lat, lng: e.f.lng });
      // A door number on one side and only the street on the other agree on the street, not the building.
      const streetOnly = place === 'same' && f.d.length > 0 !== e.f.d.length > 0 && f.lat === undefined;
      if (streetOnly) place = 'unknown';
      // A question is no event: two consultations on one topic (or a consultation and a report) link
      // only where both name the same concrete place.
      if (place === 'different' || ((f.q || e.f.q) && place !== 'same')) continue;
      const placeless = f.p.length === 0 && e.f.p.length === 0 && f.lat === undefined && e.f.lat === undefined;
      // Without a place, only a shared category says two texts are about one thing: same-topic words
      // alone join strangers (two credit-report disputes, two posts on one news story).
      if (placeless && (!meta.categoryId || !e.meta.categoryId)) continue;
      // What happened must agree too: two event kinds and none shared are two events at one place
      // (停电 and 黄水 at one estate); without a shared kind, a place alone is weak evidence (posts
      // about one hospital) and words must carry the link, which needs a named place on both sides.
      const shared = kinds.some((k) => e.tf.has(k));
      const eKinds = [...e.tf.keys()].filter((k) => k.startsWith('#'));
      if (!shared && kinds.length > 0 && eKinds.length > 0 && !kindsAgree(kinds, eKinds)) continue;
      if (!shared && place !== 'same') continue;
      // Without an agreed place, the kind (拉肚子, 停水) is not enough: some detail word of what
      // happened or where (食堂, 泵房, a shop's name) must be shared too — except on one named street
      // (a door number on one side), where the street and the kind together say where and what.
      const onStreet = streetOnly && shared;
      if (place !== 'same' && !onStreet && !sharesDetail(tf, e.tf)) continue;
      const score = this.score(weights, qn, e);
      // One named place and one kind of event within the time window is one event however differently
      // two callers word it (家里没水用 / 自来水什么时候恢复 at one estate): the words need hardly agree.
      const threshold = !shared ? this.unknownPlaceThreshold : place === 'same' ? this.samePlaceThreshold : onStreet ? this.sameStreetThreshold : placeless ? this.noPlaceThreshold : this.unknownPlaceThreshold;
      if (score >= threshold) out.push({ id: e.id, score, place });
    }
    out.sort((a, b) => b.score - a.score);
    return out.slice(0, opts.limit ?? 5);
  }

  /** Drops entries older than `cutoff` (ms); returns how many. */
  evictOlderThan(cutoff: number): number {
    const keep: Entry[] = [];
    for (const e of this.entries) {
      if (e.meta.at >= cutoff) {
        keep.push(e);
        continue;
      }
      this.byId.delete(e.id);
      for (const t of e.tf.keys()) removeFrom(this.postings, t, e);
      for (const n of [...e.f.p, ...e.f.d]) removeFrom(this.places, n, e);
    }
    const removed = this.entries.length - keep.length;
    this.entries = keep;
    return removed;
  }
}

export { eventLinks } from './event-links.js';
