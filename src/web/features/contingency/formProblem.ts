import i18n from '../../i18n/index.js';
import { ApiError } from '../../api/client.js';
import { ctError } from '../incidents/bi.js';

/**
 * A server problem as one line for a dialog's error banner: the translated code, then each field the
 * server named (its path as the API spells it) — the same shape PlanEditor shows for its banner.
 */
export function formProblem(e: unknown): string {
  const head = ctError(e);
  if (!(e instanceof ApiError) || !e.errors?.length) return head;
  const fields = e.errors.map((p) => p.path.split('/').filter(Boolean).join('.') || '—');
  return `${head}${i18n.t('timeline.colon')}${fields.join(i18n.t('timeline.separator'))}`;
}
