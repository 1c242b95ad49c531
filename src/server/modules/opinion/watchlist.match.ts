/**
 * Watchlists (监测方案), stonedt-style: subject words (organisation, brands, sites), people, events,
 * regions — each a list of alternatives (OR), the non-empty lists all required (AND) — exclusion
 * words (NOT), and extra AND/OR/NOT groups; matched against the title and/or the body with the search
 * analyzer (platform/search: matchTerms, the index terms a query can meet): a word matches a text whose terms hold all the word's query terms,
 * so a two-character Chinese word matches wherever it occurs. Pure.
 */
import { matchTerms, queryTerms } from '../../platform/search/analyzer.js';

export type MatchField = 'title' | 'text' | 'both';
export interface WatchlistGroup {
  op: 'and' | 'or' | 'not';
  words: string[];
}
export interface WatchlistDefinition {
  subjects: string[];
  people: string[];
  events: string[];
  regions: string[];
  exclude: string[];
  groups: WatchlistGroup[];
  fields: MatchField;
}

type Word = string[]; // its query terms
interface Compiled {
  fields: MatchField;
  all: Word[][]; // each: at least one of these words (OR); all such lists required (AND)
  none: Word[]; // none of these
}

export interface MatchDoc {
  title: string | null;
  text: string;
}

/** The terms of a mention for matching, per field (computed once per mention, shared by every watchlist). */
export interface DocTerms {
  title: Set<string>;
  text: Set<string>;
}

export function docTerms(d: MatchDoc): DocTerms {
  return { title: d.title ? matchTerms(d.title) : new Set<string>(), text: matchTerms(d.text) };
}

const word = (w: string): Word => queryTerms(w);

/** Why a definition cannot match anything, or undefined. */
export function definitionProblem(d: WatchlistDefinition): string | undefined {
  const lists = [d.subjects, d.people, d.events, d.regions, d.exclude, ...d.groups.map((g) => g.words)];
  for (const l of lists) for (const w of l) if (word(w).length === 0) return `"${w}" has no letters or digits to match`;
  const positive = [d.subjects, d.people, d.events, d.regions].some((l) => l.length > 0) || d.groups.some((g) => g.op !== 'not' && g.words.length > 0);
  if (!positive) return 'A watchlist needs at least one word to look for (subject, person, event, region or an AND/OR group)';
  return undefined;
}

export function compile(d: WatchlistDefinition): Compiled {
  const all: Word[][] = [];
  for (const l of [d.subjects, d.people, d.events, d.regions]) if (l.length) all.push(l.map(word));
  const none = d.exclude.map(word);
  for (const g of d.groups) {
    if (!g.words.length) continue;
    if (g.op === 'or') all.push(g.words.map(word));
    else if (g.op === 'and') for (const w of g.words) all.push([word(w)]);
    else none.push(...g.words.map(word));
  }
  return { fields: d.fields, all, none };
}

function has(terms: DocTerms, fields: MatchField, w: Word): boolean {
  const inSet = (s: Set<string>) => w.every((t) => s.has(t));
  if (fields === 'title') return inSet(terms.title);
  if (fields === 'text') return inSet(terms.text);
  return inSet(terms.title) || inSet(terms.text);
}

export function matches(c: Compiled, terms: DocTerms): boolean {
  if (c.all.length === 0) return false;
  for (const alternatives of c.all) if (!alternatives.some((w) => has(terms, c.fields, w))) return false;
  for (const w of c.none) if (has(terms, c.fields, w)) return false;
  return true;
}
