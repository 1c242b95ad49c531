import type { PlanContent } from '../../../shared/contingency.js';

/**
 * Checks the shape alone cannot express (TypeBox already validated the shape): every role a step or a
 * level names exists, keys are unique within their list, and every level in scope says how to respond.
 * Pure, so the editor's rules and the server's are the same and are tested without a database.
 */
export interface PlanProblem {
  /** Stable, for clients: plan_duplicate_key, plan_unknown_role, plan_level_response_missing, plan_duplicate_level. */
  code: string;
  /** JSON pointer into the content, e.g. /steps/2/ownerRole. */
  path: string;
  message: string;
}

export function planProblems(c: PlanContent): PlanProblem[] {
  const out: PlanProblem[] = [];
  const uniqueKeys = (list: { key: string }[], section: string) => {
    const seen = new Set<string>();
    list.forEach((item, i) => {
      if (seen.has(item.key)) out.push({ code: 'plan_duplicate_key', path: `/${section}/${i}/key`, message: `${section}: the key "${item.key}" is used twice` });
      seen.add(item.key);
    });
  };
  uniqueKeys(c.roles, 'roles');
  uniqueKeys(c.steps, 'steps');
  uniqueKeys(c.templates, 'templates');

  const roles = new Set(c.roles.map((r) => r.key));
  c.steps.forEach((s, i) => {
    if (!roles.has(s.ownerRole)) out.push({ code: 'plan_unknown_role', path: `/steps/${i}/ownerRole`, message: `Step "${s.key}" is owned by "${s.ownerRole}", which is not a role of this plan` });
  });
  const levels = new Set<number>();
  c.levels.forEach((l, i) => {
    if (levels.has(l.level)) out.push({ code: 'plan_duplicate_level', path: `/levels/${i}/level`, message: `Level ${l.level} has two responses` });
    levels.add(l.level);
    l.notifyRoles.forEach((r, j) => {
      if (!roles.has(r)) out.push({ code: 'plan_unknown_role', path: `/levels/${i}/notifyRoles/${j}`, message: `Level ${l.level} notifies "${r}", which is not a role of this plan` });
    });
  });
  // Scope levels: an empty list means every level, and then every level needs a response.
  const inScope = c.scope.levels.length ? c.scope.levels : [1, 2, 3, 4];
  for (const level of new Set(inScope)) {
    if (!levels.has(level)) out.push({ code: 'plan_level_response_missing', path: '/levels', message: `Level ${level} is in scope but the plan has no response for it` });
  }
  return out;
}
