// GeoReport v2 answers in the format the URL's extension names: JSON, or XML built by
// fast-xml-parser's XMLBuilder (it escapes & < > " ' in every text node). Errors are the spec's list
// of {code, description}, with the HTTP status of the first.
import { XMLBuilder } from 'fast-xml-parser';
import type { FastifyReply } from 'fastify';

export type Format = 'json' | 'xml';
export const FORMATS = ['json', 'xml'] as const;

export const JSON_TYPE = 'application/json; charset=utf-8';
export const XML_TYPE = 'text/xml; charset=utf-8';

/** The format a URL asks for (by its extension); JSON when it names none we know. */
export function formatOfUrl(url: string): Format {
  return /\.xml$/i.test(url.split('?')[0]) ? 'xml' : 'json';
}

export type Scalar = string | number | boolean | null;
/** A value the XML serializer writes: scalars as text, objects as child elements, arrays as repeated elements. */
export type XmlValue = Scalar | XmlValue[] | { [k: string]: XmlValue };

const builder = new XMLBuilder({ format: false, suppressEmptyNode: false, suppressBooleanAttributes: false, processEntities: true });

/**
 * Characters XML 1.0 cannot carry even escaped (C0 controls other than tab/LF/CR, U+FFFE/FFFF):
 * text stored from another channel might hold one, and one would make the document ill-formed.
 */
// eslint-disable-next-line no-control-regex -- matching these control characters is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function prepare(v: XmlValue): unknown {
  if (v === null) return '';
  if (typeof v === 'string') return v.replace(NOT_XML, '');
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(prepare);
  // An empty list writes no element at all: <services></services>, <attributes></attributes>.
  return Object.fromEntries(Object.entries(v).filter(([, x]) => !(Array.isArray(x) && x.length === 0)).map(([k, x]) => [k, prepare(x)]));
}

/** `<?xml …?><root>…</root>`; a child that is an empty list is left out. */
export function toXml(root: string, value: XmlValue): string {
  return `<?xml version="1.0" encoding="utf-8"?>${builder.build({ [root]: prepare(value) }) as string}`;
}

/** A list answer: JSON array, or `<listRoot><item>…</item>…</listRoot>`. */
export function sendList(reply: FastifyReply, status: number, format: Format, listRoot: string, item: string, rows: Record<string, XmlValue>[]): FastifyReply {
  if (format === 'json') return reply.status(status).type(JSON_TYPE).send(rows);
  return reply.status(status).type(XML_TYPE).send(toXml(listRoot, { [item]: rows }));
}

/** A single object answer (discovery, service definition). */
export function sendObject(reply: FastifyReply, status: number, format: Format, root: string, value: Record<string, XmlValue>): FastifyReply {
  if (format === 'json') return reply.status(status).type(JSON_TYPE).send(value);
  return reply.status(status).type(XML_TYPE).send(toXml(root, value));
}

/** A GeoReport error, thrown by the module and rendered by its error handler. */
export class Open311Error extends Error {
  constructor(
    public readonly status: number,
    description: string,
    public readonly retryAfter?: number,
  ) {
    super(description);
  }
}

export function sendErrors(reply: FastifyReply, status: number, format: Format, descriptions: string[], retryAfter?: number): FastifyReply {
  if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
  return sendList(reply, status, format, 'errors', 'error', descriptions.map((description) => ({ code: status, description })));
}

/** ISO 8601 with the organisation's UTC offset, e.g. 2026-12-05T09:21:19+08:00 (as the spec's examples). */
const wallClocks = new Map<string, Intl.DateTimeFormat>();
export function isoWithOffset(ms: number, timeZone: string): string {
  let fmt = wallClocks.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    wallClocks.set(timeZone, fmt);
  }
  const at = Math.floor(ms / 1000) * 1000;
  const p = Object.fromEntries(fmt.formatToParts(at).map((x) => [x.type, x.value]));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  const offset = Math.round((wall - at) / 60_000);
  const sign = offset < 0 ? '-' : '+';
  const hh = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const mm = String(Math.abs(offset) % 60).padStart(2, '0');
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${sign}${hh}:${mm}`;
}

/** The offset (minutes east of UTC) of a time zone at an instant. */
function offsetAt(ms: number, timeZone: string): number {
  const iso = isoWithOffset(ms, timeZone);
  const m = /([+-])(\d\d):(\d\d)$/.exec(iso)!;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

const W3C_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A start_date/end_date (W3C ISO 8601: a date, or a date and time with or without an offset; without
 * one, the organisation's time zone). Undefined when it is not one.
 */
export function parseW3cDate(text: string, timeZone: string): number | undefined {
  const m = W3C_DATE.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', zone] = m;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const check = new Date(wall);
  if (check.getUTCFullYear() !== Number(y) || check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  if (zone === 'Z') return wall;
  if (zone) {
    const z = /([+-])(\d{2}):?(\d{2})/.exec(zone)!;
    return wall - (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3])) * 60_000;
  }
  // Local wall time: the offset at the guess, corrected once (exact except inside a DST change).
  const guess = wall - offsetAt(wall, timeZone) * 60_000;
  return wall - offsetAt(guess, timeZone) * 60_000;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
/** 7+ digits, possibly split by spaces or dashes: phone numbers, ID-card numbers. */
const LONG_NUMBER = /(?:\+?\d[\d -]{5,}\d)(?:[Xx])?/g;

/**
 * Text a complainant wrote, as the public may read it: email addresses and phone or ID numbers typed
 * into it are blanked. (The complainant's own fields are never read by this module at all.)
 */
export function redactContacts(text: string | null): string | null {
  if (!text) return text;
  return text.replace(EMAIL, '***').replace(LONG_NUMBER, (m) => (m.replace(/\D/g, '').length >= 7 ? '***' : m));
}
