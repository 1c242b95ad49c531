import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import { useLiveEvents } from '../../app/live.js';
import type { Incident, TimelineItem } from './types.js';

/** The incident id a live incident.* event is about (top level or inside the domain event's data). */
export function eventIncidentId(data: Record<string, unknown>): string | undefined {
  const inner = data.data as { incidentId?: unknown } | undefined;
  const subject = data.subject as { kind?: unknown; id?: unknown } | undefined;
  const id = typeof data.incidentId === 'string' ? data.incidentId : inner?.incidentId ?? (subject?.kind === 'incident' ? subject.id : undefined);
  return typeof id === 'string' ? id : undefined;
}

/** One incident and its timeline, reloaded on every live incident.* event about it (and on "reset"). */
export function useIncident(id: string) {
  const [incident, setIncident] = useState<Incident | null>(null);
  const [timeline, setTimeline] = useState<TimelineItem[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);

  const reload = useCallback(async () => {
    try {
      const [inc, tl] = await Promise.all([api.get<Incident>(`/incidents/${id}`), api.get<{ items: TimelineItem[] }>(`/incidents/${id}/timeline`)]);
      setIncident(inc);
      setTimeline(tl.items);
      setError(null);
      setVersion((v) => v + 1);
    } catch (e) {
      setError(e);
    }
  }, [id]);
  useEffect(() => void reload(), [reload]);

  useLiveEvents((e) => {
    if (e.type === 'reset' || (e.type.startsWith('incident.') && eventIncidentId(e.data) === id)) void reload();
  });

  return { incident, setIncident, timeline, error, reload, version };
}
