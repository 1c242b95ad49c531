import { useCallback, useEffect, useRef, useState } from 'react';
import { api, qs } from '../../api/client.js';
import type { Complaint, Page } from '../../api/types.js';
import { useLiveEvents } from '../../app/live.js';
import { useFeedback } from '../../app/feedback.js';
import { errorMessage } from '../../i18n/index.js';
import type { Filters } from './inboxQuery.js';

const POLL_MS = 15_000;

/**
 * The inbox's rows: the first page of the query, more pages on demand, and new arrivals merged in at
 * the top (live events trigger a refresh of the first page; light polling is the fallback).
 */
export function useInboxList(filters: Filters, query: string) {
  const { message } = useFeedback();
  const [items, setItems] = useState<Complaint[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [active, setActive] = useState(0);
  const [fresh, setFresh] = useState<Set<string>>(new Set());

  const load = useCallback(
    async (more?: string | null) => {
      setLoading(true);
      try {
        const page = await api.get<Page<Complaint>>(`/complaints${qs({ ...filters, limit: 50, cursor: more ?? undefined })}`);
        setItems((prev) => (more ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
        if (!more) {
          setActive(0);
          setFresh(new Set());
        }
      } catch (e) {
        message.error(errorMessage(e));
      } finally {
        setLoading(false);
      }
    },
    [query], // the query string stands for the filters
  );

  const itemsRef = useRef(items);
  itemsRef.current = items;
  const pollRef = useRef<() => Promise<void>>(async () => undefined);
  pollRef.current = async () => {
    try {
      const page = await api.get<Page<Complaint>>(`/complaints${qs({ ...filters, limit: 20 })}`);
      const known = new Set(itemsRef.current.map((c) => c.id));
      const top = itemsRef.current[0]?.id ?? '';
      const incoming = page.items.filter((c) => !known.has(c.id) && c.id > top);
      const byId = new Map(page.items.map((c) => [c.id, c]));
      setItems((prev) => [...incoming, ...prev.map((c) => byId.get(c.id) ?? c)]);
      if (incoming.length) {
        setFresh((s) => new Set([...s, ...incoming.map((c) => c.id)]));
        setActive((a) => a + incoming.length);
      }
    } catch {
      /* transient; the next poll retries */
    }
  };
  // Any complaint or deadline event refreshes the first page (debounced); polling stays as a slow fallback.
  const liveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const { connected } = useLiveEvents((e) => {
    if (!/^(complaint|sla|plan|triage)\./.test(e.type) && e.type !== 'reset') return;
    if (liveTimer.current) clearTimeout(liveTimer.current);
    liveTimer.current = setTimeout(() => void pollRef.current(), 300);
  });
  useEffect(() => {
    const h = setInterval(() => {
      if (!document.hidden) void pollRef.current();
    }, connected ? POLL_MS * 4 : POLL_MS);
    return () => clearInterval(h);
  }, [query, connected]);

  return { items, itemsRef, cursor, loading, load, active, setActive, fresh };
}
