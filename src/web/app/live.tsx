import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useSession } from './session.js';

/** Event types the server streams on /api/v1/events (domain events plus "notification" and "reset"). */
const TYPES = [
  'notification',
  'reset',
  'complaint.created',
  'complaint.assigned',
  'complaint.status_changed',
  'complaint.updated',
  'complaint.note_added',
  'plan.submitted',
  'plan.decided',
  'sla.warning',
  'sla.breached',
  'sla.escalated',
  'sla.extension_requested',
  'sla.extension_decided',
  'sla.supervision_opened',
  'sla.supervision_reminder',
  'triage.fast_path',
  'triage.mass_complaint',
  // Incident command (应急事件): the incident page reloads on any of these about it.
  'incident.activated',
  'incident.status_changed',
  'incident.level_changed',
  'incident.role_assigned',
  'incident.role_unfilled',
  'incident.task_assigned',
  'incident.task_done',
  'incident.task_overdue',
  'incident.sitrep_filed',
  'incident.sitrep_due',
  'incident.decision_recorded',
  'incident.complaints_linked',
  'incident.statement_drafted',
  'incident.statement_submitted',
  'incident.statement_approved',
  'incident.statement_published',
  'incident.statement_withdrawn',
  'incident.review_saved',
  'incident.review_completed',
  'incident.action_added',
  'incident.action_done',
];

export interface LiveEvent {
  type: string;
  data: Record<string, unknown>;
}
type Listener = (e: LiveEvent) => void;

interface LiveApi {
  subscribe: (l: Listener) => () => void;
  connected: boolean;
}

const Ctx = createContext<LiveApi>({ subscribe: () => () => undefined, connected: false });

/**
 * One EventSource per signed-in tab. The browser reconnects by itself and sends Last-Event-ID, so the
 * server replays what was missed; "reset" tells views to reload.
 */
export function LiveProvider({ children }: { children: ReactNode }) {
  const { me } = useSession();
  const listeners = useRef(new Set<Listener>());
  const [connected, setConnected] = useState(false);
  const userId = me?.user.id;

  useEffect(() => {
    if (!userId || typeof EventSource === 'undefined') return;
    const es = new EventSource('/api/v1/events');
    const dispatch = (type: string) => (m: MessageEvent) => {
      let data: Record<string, unknown> = {};
      try {
        data = m.data ? JSON.parse(m.data) : {};
      } catch {
        /* keep {} */
      }
      // Domain events arrive as { id, type, data: {complaintId, …}, complaint: {id, …} }: lift the
      // complaint id to the top, where views look for it.
      if (typeof data.complaintId !== 'string') {
        const inner = data.data as { complaintId?: unknown } | undefined;
        const complaint = data.complaint as { id?: unknown } | undefined;
        const cid = typeof inner?.complaintId === 'string' ? inner.complaintId : typeof complaint?.id === 'string' ? complaint.id : undefined;
        if (cid) data = { ...data, complaintId: cid };
      }
      for (const l of [...listeners.current]) l({ type, data });
    };
    const handlers = TYPES.map((t) => [t, dispatch(t)] as const);
    for (const [t, h] of handlers) es.addEventListener(t, h as EventListener);
    es.onopen = () => setConnected(true);
    es.onerror = () => setConnected(es.readyState === EventSource.OPEN);
    return () => {
      for (const [t, h] of handlers) es.removeEventListener(t, h as EventListener);
      es.close();
      setConnected(false);
    };
  }, [userId]);

  const api = useRef<LiveApi>({
    subscribe: (l) => {
      listeners.current.add(l);
      return () => listeners.current.delete(l);
    },
    connected: false,
  });
  api.current = { ...api.current, connected };
  return <Ctx.Provider value={api.current}>{children}</Ctx.Provider>;
}

/** Calls `onEvent` for every live event; the latest callback is used without resubscribing. */
export function useLiveEvents(onEvent: Listener): { connected: boolean } {
  const live = useContext(Ctx);
  const cb = useRef(onEvent);
  cb.current = onEvent;
  useEffect(() => live.subscribe((e) => cb.current(e)), [live]);
  return { connected: live.connected };
}
