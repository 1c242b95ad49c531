import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { Status } from '../../../shared/enums.js';
import { qs } from '../../api/client.js';

export const OPEN: Status[] = ['received', 'triaged', 'assigned', 'in_progress', 'returned', 'waiting'];
export type View = 'all' | 'mine' | 'dept' | 'unassigned' | 'breach' | 'urgent' | 'waiting';

/** The list query of GET /complaints. */
export interface Filters {
  slaStatus?: string;
  q?: string;
  status?: string;
  level?: string;
  categoryId?: string;
  departmentId?: string;
  ownerId?: string;
  channel?: string;
  createdFrom?: string;
  createdTo?: string;
}

const FROM_URL = ['q', 'status', 'level', 'categoryId', 'departmentId', 'channel', 'createdFrom', 'createdTo'] as const;

/** The inbox's view and filters live in the URL, so a view can be bookmarked and shared. */
export function useInboxQuery(myDepts: string[]) {
  const [params, setParams] = useSearchParams();
  const view = (params.get('view') as View) || 'all';
  const depts = myDepts.join(',');

  const filters = useMemo<Filters>(() => {
    const f: Filters = {};
    switch (view) {
      case 'mine':
        f.ownerId = 'me';
        break;
      case 'dept':
        f.departmentId = depts || undefined;
        break;
      case 'unassigned':
        f.ownerId = 'none';
        f.status = OPEN.join(',');
        break;
      case 'breach':
        f.slaStatus = 'warning';
        break;
      case 'urgent':
        f.level = '1,2';
        f.status = OPEN.join(',');
        break;
      case 'waiting':
        f.status = 'waiting';
        break;
    }
    for (const k of FROM_URL) {
      const v = params.get(k);
      if (v) f[k] = v;
    }
    return f;
  }, [params, view, depts]);

  /** Sets (or, when empty, removes) several parameters in one navigation. */
  const patch = (changes: Record<string, string | null | undefined>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    setParams(p, { replace: true });
  };

  return { params, view, filters, query: qs({ ...filters }), patch };
}
