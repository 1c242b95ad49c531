/**
 * The hand-written same-event labelled set (fixtures/event-clusters/events.txt) and its frozen
 * test/dev split (split.json): parsing only, no I/O beyond reading the two files.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const EVENT_SET_DIR = fileURLToPath(new URL('../../../../fixtures/event-clusters/', import.meta.url));

export interface EventReport {
  /** Hours after the event's start. */
  hours: number;
  location: string | null;
  lat?: number;
  lng?: number;
  subject: string;
  description: string;
}

export interface LabelledEvent {
  id: string;
  /** Top-level category (TipDM taxonomy name). */
  category: string;
  /** Hours after the start of the evaluation period. */
  start: number;
  reports: EventReport[];
}

const HEADER = /^##\s+(\S+)\s+(\S+)\s+start=([\d.]+)\s*$/;
const COORDS = /\s*@(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)\s*$/;

/** Parses the events file format (see its header comment). Throws on a malformed line. */
export function parseEventSet(text: string): LabelledEvent[] {
  const events: LabelledEvent[] = [];
  let current: LabelledEvent | undefined;
  text.split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('# ')) return;
    if (trimmed === '# ---' || trimmed === '#') return;
    const h = HEADER.exec(trimmed);
    if (h) {
      current = { id: h[1], category: h[2], start: Number(h[3]), reports: [] };
      events.push(current);
      return;
    }
    const parts = trimmed.split('|').map((p) => p.trim());
    if (!current || parts.length !== 4 || !Number.isFinite(Number(parts[0]))) throw new Error(`events line ${i + 1}: cannot parse "${trimmed.slice(0, 40)}"`);
    const report: EventReport = { hours: Number(parts[0]), location: null, subject: parts[2], description: parts[3] };
    let loc = parts[1];
    const c = COORDS.exec(loc);
    if (c) {
      report.lat = Number(c[1]);
      report.lng = Number(c[2]);
      loc = loc.slice(0, c.index).trim();
    }
    report.location = loc || null;
    current.reports.push(report);
  });
  return events;
}

export interface EventSplit {
  /** Frozen before any tuning: the figures in the README are measured on these events only. */
  test: string[];
  dev: string[];
}

export function loadEventSet(dir = EVENT_SET_DIR): { events: LabelledEvent[]; split: EventSplit } {
  const events = parseEventSet(readFileSync(`${dir}events.txt`, 'utf8'));
  const split = JSON.parse(readFileSync(`${dir}split.json`, 'utf8')) as EventSplit;
  return { events, split };
}
