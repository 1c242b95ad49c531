import { useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import type { ReplyTemplate } from '../../api/templates.js';

/** The active reply and note templates, fetched once while the component stays mounted. Empty when not allowed or on error. */
export function useReplyTemplates(enabled: boolean): { templates: ReplyTemplate[]; loading: boolean } {
  const [templates, setTemplates] = useState<ReplyTemplate[]>([]);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    if (!enabled) return;
    const ctl = new AbortController();
    setLoading(true);
    api
      .get<{ items: ReplyTemplate[] }>('/reply-templates', { signal: ctl.signal })
      .then((r) => setTemplates(r.items.filter((x) => x.active)))
      // Templates are a convenience: without them the composer still works.
      .catch(() => undefined)
      .finally(() => {
        if (!ctl.signal.aborted) setLoading(false);
      });
    return () => ctl.abort();
  }, [enabled]);
  return { templates, loading };
}
