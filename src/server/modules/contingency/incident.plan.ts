// What a pinned plan version says for one incident: pure, no I/O. Which steps apply at a level, the
// level's response (sitrep cadence, who is told), whether a plan's scope and activation criteria
// cover a complaint or cluster, and which role commands.
import type { ActivationCriterion, PlanContent } from '../../../shared/contingency.js';

export const COMMANDER_ROLE = 'incident_commander';

/** The role that commands: `incident_commander` when the plan has it, else its first role. */
export function commanderRoleKey(content: PlanContent): string {
  return content.roles.some((r) => r.key === COMMANDER_ROLE) ? COMMANDER_ROLE : content.roles[0].key;
}

/** Roles in filling order: the commander first, then as the plan lists them. */
export function rolesInFillOrder(content: PlanContent): PlanContent['roles'] {
  const cmd = commanderRoleKey(content);
  return [...content.roles.filter((r) => r.key === cmd), ...content.roles.filter((r) => r.key !== cmd)];
}

/** The steps that apply at a level (a step without `levels` applies at every level), in due order. */
export function stepsFor(content: PlanContent, level: number): PlanContent['steps'] {
  return content.steps.filter((s) => !s.levels || s.levels.includes(level)).sort((a, b) => a.offsetMinutes - b.offsetMinutes);
}

/**
 * The level's response. A plan that does not describe this level answers with the nearest level it
 * does describe (the more severe one on a tie), so an incident always has a sitrep cadence.
 */
export function responseFor(content: PlanContent, level: number): PlanContent['levels'][number] {
  const exact = content.levels.find((l) => l.level === level);
  if (exact) return exact;
  return [...content.levels].sort((a, b) => Math.abs(a.level - level) - Math.abs(b.level - level) || a.level - b.level)[0];
}

export interface Subject {
  /** The category and its ancestors, nearest first (an empty list: no category). */
  categoryPath: string[];
  /** 1 = Ⅰ (most severe) … 4. */
  level: number;
}

/** The plan's scope covers the subject: an empty category or level list covers all. */
export function scopeCovers(content: PlanContent, s: Subject): boolean {
  const cats = content.scope.categoryIds;
  const levels = content.scope.levels;
  return (!cats.length || s.categoryPath.some((c) => cats.includes(c))) && (!levels.length || levels.includes(s.level));
}

/** How specifically the scope names the subject's category: nearer categories rank higher; a catch-all plan ranks last. */
export function scopeSpecificity(content: PlanContent, s: Subject): number {
  const cats = content.scope.categoryIds;
  if (!cats.length) return 0;
  const i = s.categoryPath.findIndex((c) => cats.includes(c));
  return i < 0 ? -1 : 100 - i;
}

export type TriggerKind = 'mass_cluster' | 'fast_path' | 'category' | 'opinion_alert';

/** Whether one of the plan's activation criteria fires for this trigger. */
export function criteriaFire(criteria: ActivationCriterion[], kind: TriggerKind, s: Subject & { clusterSize?: number }): boolean {
  return criteria.some((c) => {
    switch (c.kind) {
      case 'mass_cluster':
        return kind === 'mass_cluster' && (s.clusterSize ?? 0) >= (c.minMembers ?? 0);
      case 'fast_path':
        return kind === 'fast_path' && s.level <= 2;
      case 'level_at_or_above':
        // "At or above Ⅱ" = level 1 or 2, judged on one complaint (its fast path or its mapped category);
        // a cluster activates only plans that ask for mass_cluster.
        return (kind === 'fast_path' || kind === 'category') && s.level <= c.level;
      case 'category':
        return kind === 'category';
      case 'opinion_alert':
        return kind === 'opinion_alert';
      case 'manual':
        return false;
    }
  });
}

/** Due instant of a step: activation (or the level change that created it) plus its offset. */
export const dueAt = (base: number, offsetMinutes: number) => base + offsetMinutes * 60_000;
