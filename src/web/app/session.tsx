import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import i18n, { rememberLocale, storedLocale } from '../i18n/index.js';
import { api, ApiError, onUnauthorized, setCsrfToken } from '../api/client.js';
import type { Category, Department, Locale, Me, User } from '../api/types.js';
import type { Permission } from '../../shared/permissions.js';

const SIGNED_IN_HINT = 'redress.signedIn';

export type SessionState =
  | { phase: 'loading' }
  | { phase: 'anonymous'; reason?: 'expired' | 'logged_out' }
  | { phase: 'signed_in'; me: Me };

interface RefData {
  departments: Department[];
  categories: Category[];
  users: User[];
}

interface SessionApi {
  state: SessionState;
  me: Me | null;
  can: (p: Permission) => boolean;
  login: (email: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  setLocale: (l: Locale) => Promise<void>;
  refreshMe: () => Promise<void>;
  ref: RefData;
  reloadRef: () => Promise<void>;
  /** Name of a department/category/user by id, in the current language. */
  deptName: (id: string | null | undefined) => string;
  categoryName: (id: string | null | undefined) => string;
  userName: (id: string | null | undefined) => string;
}

const Ctx = createContext<SessionApi | null>(null);

function hint(on: boolean) {
  try {
    if (on) localStorage.setItem(SIGNED_IN_HINT, '1');
    else localStorage.removeItem(SIGNED_IN_HINT);
  } catch {
    /* ignore */
  }
}
function hasHint() {
  try {
    return localStorage.getItem(SIGNED_IN_HINT) === '1';
  } catch {
    return false;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  // Without the hint there is no session to ask about: show the login at once (no 401 request).
  const [state, setState] = useState<SessionState>(() => (hasHint() ? { phase: 'loading' } : { phase: 'anonymous' }));
  const [ref, setRef] = useState<RefData>({ departments: [], categories: [], users: [] });
  const [lang, setLang] = useState(i18n.language);
  /** A language the user picked on the login page wins over the one stored in their profile. */
  const chosenBeforeLogin = useRef<Locale | null>(null);

  useEffect(() => {
    const h = (l: string) => setLang(l);
    i18n.on('languageChanged', h);
    return () => i18n.off('languageChanged', h);
  }, []);

  const expire = useCallback(() => {
    setCsrfToken(null);
    hint(false);
    setState((s) => (s.phase === 'signed_in' || s.phase === 'loading' ? { phase: 'anonymous', reason: s.phase === 'signed_in' ? 'expired' : undefined } : s));
  }, []);

  useEffect(() => {
    onUnauthorized(expire);
    return () => onUnauthorized(null);
  }, [expire]);

  const loadRef = useCallback(async (me: Me) => {
    const has = (p: Permission) => me.permissions.includes(p);
    const [departments, categories, users] = await Promise.all([
      has('complaint.read') ? api.get<{ items: Department[] }>('/departments').then((r) => r.items) : Promise.resolve([]),
      has('complaint.read') ? api.get<{ items: Category[] }>('/categories').then((r) => r.items) : Promise.resolve([]),
      has('user.read') ? api.get<{ items: User[] }>('/users').then((r) => r.items) : Promise.resolve([]),
    ]);
    setRef({ departments, categories, users });
  }, []);

  const adopt = useCallback(
    async (me: Me) => {
      setCsrfToken(me.csrfToken);
      hint(true);
      let locale = me.user.locale;
      const chosen = chosenBeforeLogin.current;
      if (chosen && chosen !== locale) {
        locale = chosen;
        void api.patch('/auth/me', { locale: chosen }).catch(() => undefined);
      }
      chosenBeforeLogin.current = null;
      if (locale && locale !== i18n.language) await i18n.changeLanguage(locale);
      rememberLocale(locale);
      setState({ phase: 'signed_in', me });
      loadRef(me).catch(() => undefined);
    },
    [loadRef],
  );

  const refreshMe = useCallback(async () => {
    const me = await api.get<Me>('/auth/me');
    await adopt(me);
  }, [adopt]);

  useEffect(() => {
    if (state.phase !== 'loading') return;
    // First load with a session hint: is the session still alive?
    api.get<Me>('/auth/me', { skipAuthRedirect: true }).then(adopt, (e) => {
      hint(false);
      setState({ phase: 'anonymous', reason: e instanceof ApiError && e.status === 401 ? 'expired' : undefined });
    });
  }, [state.phase, adopt]);

  const login = useCallback(
    async (email: string, password: string) => {
      const r = await api.post<{ csrfToken: string }>('/auth/login', { email, password }, { skipAuthRedirect: true });
      setCsrfToken(r.csrfToken);
      const me = await api.get<Me>('/auth/me');
      await adopt(me);
    },
    [adopt],
  );

  const logout = useCallback(async () => {
    try {
      await api.post('/auth/logout', {}, { skipAuthRedirect: true });
    } catch {
      /* already gone */
    }
    setCsrfToken(null);
    hint(false);
    setState({ phase: 'anonymous', reason: 'logged_out' });
  }, []);

  const setLocale = useCallback(
    async (l: Locale) => {
      await i18n.changeLanguage(l);
      rememberLocale(l);
      if (state.phase === 'signed_in') {
        const user = await api.patch<User>('/auth/me', { locale: l });
        setState((s) => (s.phase === 'signed_in' ? { phase: 'signed_in', me: { ...s.me, user: { ...s.me.user, ...user } } } : s));
      } else chosenBeforeLogin.current = l;
    },
    [state.phase],
  );

  const value = useMemo<SessionApi>(() => {
    const me = state.phase === 'signed_in' ? state.me : null;
    const en = lang === 'en';
    const byId = <T extends { id: string }>(list: T[]) => new Map(list.map((x) => [x.id, x]));
    const depts = byId(ref.departments);
    const cats = byId(ref.categories);
    const users = byId(ref.users);
    return {
      state,
      me,
      can: (p) => !!me?.permissions.includes(p),
      login,
      logout,
      setLocale,
      refreshMe,
      ref,
      reloadRef: () => (me ? loadRef(me) : Promise.resolve()),
      deptName: (id) => {
        if (!id) return '';
        const d = depts.get(id);
        return d ? (en ? d.nameEn : d.nameZh) : id.slice(0, 8);
      },
      categoryName: (id) => {
        if (!id) return '';
        const c = cats.get(id);
        return c ? (en ? c.nameEn : c.nameZh) : id.slice(0, 8);
      },
      userName: (id) => {
        if (!id) return '';
        if (me && id === me.user.id) return me.user.name;
        return users.get(id)?.name ?? id.slice(0, 8);
      },
    };
  }, [state, ref, lang, login, logout, setLocale, refreshMe, loadRef]);

  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): SessionApi {
  const v = useContext(Ctx);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}

export { storedLocale };
