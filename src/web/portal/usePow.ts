import { useCallback, useEffect, useRef, useState } from 'react';
import { portalApi, type Challenge } from './api.js';
import { solve } from './pow.js';

export type PowState = { phase: 'solving'; share: number } | { phase: 'ready' } | { phase: 'error'; error: unknown };

interface Solved {
  payload: string;
  expiresAt: number;
}

/**
 * The bot check, solved in the background as soon as the form opens, so that it is usually done by
 * the time the complainant presses Submit. `take()` answers a solution with at least 30 s left,
 * solving a new challenge when the old one expired or was used.
 */
export function usePow() {
  const [state, setState] = useState<PowState>({ phase: 'solving', share: 0 });
  const current = useRef<Promise<Solved> | null>(null);
  const alive = useRef(true);

  const start = useCallback((): Promise<Solved> => {
    setState({ phase: 'solving', share: 0 });
    const p = (async () => {
      const c = await portalApi.get<Challenge>('/challenge');
      const payload = await solve(c, (share) => {
        if (alive.current) setState({ phase: 'solving', share });
      });
      if (alive.current) setState({ phase: 'ready' });
      return { payload, expiresAt: Date.parse(c.expiresAt) };
    })();
    p.catch((error: unknown) => {
      if (alive.current) setState({ phase: 'error', error });
    });
    current.current = p;
    return p;
  }, []);

  useEffect(() => {
    alive.current = true;
    void start().catch(() => undefined);
    return () => {
      alive.current = false;
    };
  }, [start]);

  const take = useCallback(async (): Promise<string> => {
    let s: Solved | null = null;
    try {
      s = current.current ? await current.current : null;
    } catch {
      s = null;
    }
    if (!s || s.expiresAt - Date.now() < 30_000) s = await start();
    return s.payload;
  }, [start]);

  /** The solution was used (or refused): solve a fresh one in the background. */
  const renew = useCallback(() => {
    void start().catch(() => undefined);
  }, [start]);

  return { state, take, renew };
}
