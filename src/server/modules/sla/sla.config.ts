// SLA policies and the business calendar: versioned, admin-editable JSON in `sla_config`, the
// defaults until an admin saves a version. Read through a short cache; a save here invalidates it,
// other instances see it within CACHE_MS.
import type { Transaction } from 'kysely';
import type { Db } from '../../platform/db/index.js';
import type { Database } from '../../platform/db/schema.js';
import { badRequest, conflict } from '../../platform/http/problem.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { createCalendar, validateCalendarConfig, type CalendarConfig } from './calendar.js';
import { defaultPolicies, validatePolicies, type SlaPolicy } from './policy.js';
import * as repo from './sla.repo.js';

const CACHE_MS = 5_000;

export interface Versioned<T> {
  value: T;
  /** 0 = the built-in default, never saved */
  version: number;
  updatedAt: string | null;
  updatedBy: string | null;
}

type Key = 'policies' | 'calendar';
type Executor = Db | Transaction<Database>;

export class SlaConfigStore {
  private cache = new Map<Key, { at: number; entry: Versioned<unknown> }>();

  constructor(
    private readonly db: Db,
    private readonly timeZone: string,
  ) {}

  private defaults(key: Key): unknown {
    return key === 'policies' ? defaultPolicies() : createCalendar({ timeZone: this.timeZone });
  }

  private async load<T>(key: Key, db: Executor): Promise<Versioned<T>> {
    const hit = this.cache.get(key);
    const now = Date.now();
    if (hit && now - hit.at < CACHE_MS) return hit.entry as Versioned<T>;
    const row = await repo.latestConfig(db, key);
    const version = row?.version ?? 0;
    // Same version → same object: the calendar memoises its working intervals per object.
    const entry: Versioned<unknown> =
      hit && hit.entry.version === version
        ? hit.entry
        : {
            value: row ? JSON.parse(row.value) : this.defaults(key),
            version,
            updatedAt: row ? new Date(row.created_at).toISOString() : null,
            updatedBy: row?.created_by ?? null,
          };
    this.cache.set(key, { at: now, entry });
    return entry as Versioned<T>;
  }

  /** `db`: the caller's transaction, when it holds one (SQLite has a single connection). */
  policies(db: Executor = this.db): Promise<Versioned<SlaPolicy[]>> {
    return this.load<SlaPolicy[]>('policies', db);
  }

  calendar(db: Executor = this.db): Promise<Versioned<CalendarConfig>> {
    return this.load<CalendarConfig>('calendar', db);
  }

  /** Validates and saves a new version; `expectedVersion` guards against overwriting a concurrent edit. */
  async save(key: Key, value: unknown, actorId: string, expectedVersion?: number): Promise<void> {
    const errors = key === 'policies' ? validatePolicies(value) : validateCalendarConfig(value);
    if (errors.length) throw badRequest(`invalid_${key}`, errors.join('; '), { errors });
    const current = await repo.configVersion(this.db, key);
    if (expectedVersion !== undefined && expectedVersion !== current) {
      throw conflict('stale_version', `The ${key} were changed meanwhile (version ${current}); reload and try again`, { version: current });
    }
    const at = Date.now();
    await this.db.transaction().execute(async (trx) => {
      if (!(await repo.insertConfig(trx, key, current + 1, JSON.stringify(value), actorId, at))) {
        throw conflict('stale_version', `The ${key} were changed meanwhile; reload and try again`);
      }
      await appendAudit(trx, { actorId, action: `sla.${key}.update`, entityType: 'sla_config', entityId: key, data: { version: current + 1 }, at });
    });
    this.cache.delete(key);
  }
}
