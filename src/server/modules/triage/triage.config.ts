import type { Actor } from '../../platform/auth/actor.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { badRequest, conflict } from '../../platform/http/problem.js';
import { DEFAULT_RULES, validateRuleSet } from './severity.js';
import { DEFAULT_TRIAGE_SETTINGS, validateSettings, type TriageSettings } from './triage.settings.js';
import type { TriageService } from './triage.service.js';
import * as repo from './triage.repo.js';

/** Reading and changing the severity rule set (versioned) and the triage settings (audited). */

export async function getRules(svc: TriageService) {
  await svc.refresh(true, false);
  const head = await repo.activeRuleSet(svc.ctx.db);
  return { version: svc.rules.version, seq: svc.ruleSeq, createdAt: head ? new Date(Number(head.created_at)).toISOString() : null, createdBy: head?.created_by ?? null, builtIn: !head, rules: svc.rules };
}

export async function putRules(svc: TriageService, actor: Actor, body: Record<string, unknown>) {
  const candidate = { ...body } as Record<string, unknown>;
  const head = await repo.activeRuleSet(svc.ctx.db);
  if (candidate.version === undefined || candidate.version === svc.rules.version) candidate.version = `r${(head?.seq ?? 0) + 1}-${new Date().toISOString().slice(0, 10)}`;
  const errors = validateRuleSet(candidate);
  if (errors.length) throw badRequest('invalid_rules', `The rule set has ${errors.length} problem(s): ${errors.join('; ')}`, { errors });
  const version = String(candidate.version);
  if (version === DEFAULT_RULES.version || (await repo.ruleVersionExists(svc.ctx.db, version))) throw conflict('rule_version_exists', `Rule set version ${version} exists; give a new version or omit it`);
  const now = Date.now();
  await svc.ctx.db.transaction().execute(async (trx) => {
    const seq = await repo.insertRuleSet(trx, { version, rules: JSON.stringify(candidate), created_by: actor.id, created_at: now });
    await appendAudit(trx, { actorId: actor.id, action: 'triage.rules_update', entityType: 'severity_rule_set', entityId: version, data: { seq, previous: svc.rules.version } });
  });
  await svc.refresh(true, false);
  return getRules(svc);
}

export async function putSettings(svc: TriageService, actor: Actor, patch: Partial<TriageSettings>) {
  const errors = validateSettings(patch as Record<string, unknown>);
  if (errors.length) throw badRequest('invalid_settings', errors.join('; '), { errors });
  await svc.refresh(true, false);
  const next = { ...svc.settings, ...patch };
  const stored = Object.fromEntries(Object.entries(next).filter(([k, v]) => DEFAULT_TRIAGE_SETTINGS[k as keyof TriageSettings] !== v));
  await svc.ctx.db.transaction().execute(async (trx) => {
    await repo.putSetting(trx, 'triage', JSON.stringify(stored), Date.now());
    await appendAudit(trx, { actorId: actor.id, action: 'triage.settings_update', entityType: 'setting', entityId: 'triage', data: patch });
  });
  await svc.refresh(true);
  return { ...svc.settings };
}