// GeoReport v2 over Redress: services are the categories marked public, a request is a complaint
// (channel open311) created by the one intake path, and what GET answers is public by design — the
// complainant's name, phone and email are never read here (the complainants table is not queried).
import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { Status } from '../../../shared/enums.js';
import { createComplaint } from '../complaints/complaint.intake.js';
import { AppError } from '../../platform/http/problem.js';
import { isoWithOffset, Open311Error, parseW3cDate, redactContacts, type XmlValue } from './open311.format.js';
import * as repo from './open311.repo.js';
import type { CreateRequestBody, RequestsQuery } from './open311.schema.js';

type Locale = 'zh-CN' | 'en';

/** Redress statuses as GeoReport's two: a complaint is closed once it is closed, rejected or merged. */
export const CLOSED_STATUSES: readonly Status[] = ['closed', 'rejected', 'merged'];
export const OPEN_STATUSES: readonly Status[] = ['received', 'triaged', 'assigned', 'in_progress', 'replied', 'follow_up', 'returned', 'waiting'];
export const openOrClosed = (s: string): 'open' | 'closed' => ((CLOSED_STATUSES as readonly string[]).includes(s) ? 'closed' : 'open');

export const DEFAULT_DAYS = 90;
export const MAX_REQUESTS = 1000;
const DAY_MS = 86_400_000;

const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;
const PHONE = /^[0-9+()\- ]{3,40}$/;
const DECIMAL = /^\s*-?\d{1,3}(\.\d{1,15})?\s*$/;
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

function coordinate(v: number | string | undefined, name: string, bound: number): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = typeof v === 'number' ? v : DECIMAL.test(v) ? Number(v) : NaN;
  if (!Number.isFinite(n) || Math.abs(n) > bound) throw new Open311Error(400, `${name} must be a decimal number between -${bound} and ${bound}`);
  return n;
}

/** 张 + 三 → 张三; Jane + Doe → Jane Doe. */
function fullName(first?: string, last?: string): string | undefined {
  const f = first?.trim() ?? '';
  const l = last?.trim() ?? '';
  if (!f && !l) return undefined;
  if (CJK.test(f + l)) return `${l}${f}`;
  return [f, l].filter(Boolean).join(' ');
}

/** A complaint's subject: the description's first line, at most 60 characters. */
function subjectOf(description: string): string {
  const line = [...(description.split(/\r?\n/).find((l) => l.trim()) ?? description).trim()];
  return line.length > 60 ? `${line.slice(0, 59).join('')}…` : line.join('');
}

const splitList = (v: string | undefined) => (v === undefined ? undefined : v.split(',').map((x) => x.trim()).filter(Boolean));

export class Open311Service {
  constructor(private readonly ctx: AppContext) {}

  private locale(l?: Locale): Locale {
    return l ?? this.ctx.config.locale;
  }

  async services(locale?: Locale) {
    const lang = this.locale(locale);
    return (await repo.publicServices(this.ctx.db)).map((c) => ({
      service_code: c.code,
      service_name: lang === 'en' ? c.name_en : c.name_zh,
      // The name in the other language: a bilingual client can show both.
      description: lang === 'en' ? c.name_zh : c.name_en,
      metadata: false,
      type: 'realtime' as const,
      keywords: (JSON.parse(c.keywords) as string[]).join(','),
      group: (lang === 'en' ? c.group_en : c.group_zh) ?? '',
    }));
  }

  /** No service defines attributes yet: every definition is an empty list (allowed by the spec). */
  async definition(code: string) {
    if (!(await repo.publicServiceByCode(this.ctx.db, code))) throw new Open311Error(404, `service_code ${code} not found`);
    return { service_code: code, attributes: [] as { code: string }[] };
  }

  async submit(actor: Actor, tokenId: string, b: CreateRequestBody) {
    const code = b.service_code.trim();
    if (!code) throw new Open311Error(400, 'service_code was not provided');
    const service = await repo.publicServiceByCode(this.ctx.db, code);
    if (!service) throw new Open311Error(400, `service_code ${code} is not a service of this server (see services.json)`);
    const lat = coordinate(b.lat, 'lat', 90);
    const lng = coordinate(b.long, 'long', 180);
    if ((lat === undefined) !== (lng === undefined)) throw new Open311Error(400, 'lat and long must be given together');
    const address = b.address_string?.trim() || undefined;
    const addressId = b.address_id?.trim() || undefined;
    if (lat === undefined && !address && !addressId) throw new Open311Error(400, 'A location is required: lat and long, address_string or address_id');
    const email = b.email?.trim() || undefined;
    if (email && !EMAIL.test(email)) throw new Open311Error(400, 'email is not an email address');
    const phone = b.phone?.trim() || undefined;
    if (phone && !PHONE.test(phone)) throw new Open311Error(400, 'phone may hold only digits, spaces and + ( ) -');
    const mediaUrl = b.media_url?.trim() || undefined;
    if (mediaUrl && !/^https?:\/\/[^\s]+$/i.test(mediaUrl)) throw new Open311Error(400, 'media_url must be an http(s) URL');
    const name = fullName(b.first_name, b.last_name);
    const serviceName = this.ctx.config.locale === 'en' ? service.name_en : service.name_zh;
    const description = b.description?.trim() || serviceName;
    const complainant = name || phone || email ? { ...(name ? { name } : {}), ...(phone ? { phone } : {}), ...(email ? { email } : {}) } : undefined;
    const location = { ...(address ? { text: address } : {}), ...(lat !== undefined ? { lat, lng } : {}) };

    try {
      const { complaint } = await createComplaint(
        this.ctx,
        actor,
        { subject: subjectOf(description), description, channel: 'open311', categoryId: service.id, ...(Object.keys(location).length ? { location } : {}), ...(complainant ? { complainant } : {}) },
        undefined,
        async (trx, complaintId) => {
          await repo.insertRequest(trx, {
            complaint_id: complaintId,
            api_token_id: tokenId,
            service_code: code,
            media_url: mediaUrl ?? null,
            address_id: addressId ?? null,
            device_id: b.device_id?.trim() || null,
            account_id: b.account_id?.trim() || null,
            attributes: JSON.stringify(b.attribute ?? {}),
            created_at: Date.now(),
          });
        },
      );
      return [{ service_request_id: complaint.trackingNo, token: complaint.id, service_notice: '', account_id: b.account_id?.trim() || null }];
    } catch (e) {
      if (e instanceof AppError && e.status < 500) throw new Open311Error(e.status === 409 || e.status === 422 ? 400 : e.status, e.message);
      throw e;
    }
  }

  async requests(q: RequestsQuery) {
    const ids = splitList(q.service_request_id);
    if (ids) {
      if (!ids.length) throw new Open311Error(400, 'service_request_id is empty');
      if (ids.length > MAX_REQUESTS) throw new Open311Error(400, `At most ${MAX_REQUESTS} service_request_id values`);
      return this.present(await repo.findRequests(this.ctx.db, { trackingNos: ids, limit: MAX_REQUESTS }), q.locale);
    }
    const tz = this.ctx.config.timezone;
    const date = (v: string | undefined, name: string) => {
      if (v === undefined) return undefined;
      const ms = parseW3cDate(v, tz);
      if (ms === undefined) throw new Open311Error(400, `${name} is not a W3C ISO 8601 date (e.g. 2026-12-01T00:00:00+08:00)`);
      return ms;
    };
    let from = date(q.start_date, 'start_date');
    let to = date(q.end_date, 'end_date');
    if (to === undefined) to = from !== undefined ? from + DEFAULT_DAYS * DAY_MS : Date.now();
    if (from === undefined) from = to - DEFAULT_DAYS * DAY_MS;
    if (from > to) throw new Open311Error(400, 'start_date is after end_date');
    const wanted = splitList(q.status);
    let statuses: string[] | undefined;
    if (wanted) {
      const bad = wanted.filter((s) => s !== 'open' && s !== 'closed');
      if (bad.length || !wanted.length) throw new Open311Error(400, 'status must be open, closed or open,closed');
      if (!(wanted.includes('open') && wanted.includes('closed'))) statuses = [...(wanted.includes('open') ? OPEN_STATUSES : CLOSED_STATUSES)];
    }
    const codes = splitList(q.service_code);
    if (codes && !codes.length) throw new Open311Error(400, 'service_code is empty');
    return this.present(await repo.findRequests(this.ctx.db, { serviceCodes: codes, from, to, statuses, limit: MAX_REQUESTS }), q.locale);
  }

  async request(trackingNo: string, locale?: Locale) {
    const rows = await repo.findRequests(this.ctx.db, { trackingNos: [trackingNo], limit: 1 });
    if (!rows.length) throw new Open311Error(404, `service_request_id ${trackingNo} not found`);
    return this.present(rows, locale);
  }

  async token(token: string) {
    const row = await repo.requestByToken(this.ctx.db, token);
    if (!row) throw new Open311Error(404, `token ${token} not found`);
    return [{ service_request_id: row.tracking_no, token: row.complaint_id }];
  }

  private async present(rows: Awaited<ReturnType<typeof repo.findRequests>>, locale?: Locale): Promise<Record<string, XmlValue>[]> {
    const lang = this.locale(locale);
    const tz = this.ctx.config.timezone;
    const ids = rows.map((r) => r.id);
    const notes = await repo.latestPublicNotes(this.ctx.db, ids);
    const due = await repo.resolutionDue(this.ctx.db, ids);
    return rows.map((r) => ({
      service_request_id: r.tracking_no,
      status: openOrClosed(r.status),
      status_notes: redactContacts(notes.get(r.id) ?? null),
      service_name: (lang === 'en' ? r.service_en : r.service_zh) ?? null,
      service_code: r.service_code ?? null,
      description: redactContacts(r.description) ?? '',
      agency_responsible: (lang === 'en' ? r.dept_en : r.dept_zh) ?? null,
      service_notice: null,
      requested_datetime: isoWithOffset(Number(r.created_at), tz),
      updated_datetime: isoWithOffset(Number(r.updated_at), tz),
      expected_datetime: due.has(r.id) && openOrClosed(r.status) === 'open' ? isoWithOffset(due.get(r.id)!, tz) : null,
      address: redactContacts(r.location_text),
      address_id: r.address_id ?? null,
      zipcode: null,
      lat: r.lat === null ? null : Number(r.lat),
      long: r.lng === null ? null : Number(r.lng),
      media_url: r.media_url ?? null,
    }));
  }
}
