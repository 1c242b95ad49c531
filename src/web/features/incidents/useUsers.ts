import { useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import { useSession } from '../../app/session.js';
import type { UserRef } from './types.js';

/** Active users to pick from (needs user.read; others get an empty list and pick nobody). */
export function useUsers(): UserRef[] {
  const { can } = useSession();
  const [users, setUsers] = useState<UserRef[]>([]);
  const allowed = can('user.read');
  useEffect(() => {
    if (!allowed) return;
    api
      .get<{ items: (UserRef & { active: boolean })[] }>('/users')
      .then((r) => setUsers(r.items.filter((u) => u.active).map((u) => ({ id: u.id, name: u.name }))))
      .catch(() => setUsers([]));
  }, [allowed]);
  return users;
}
