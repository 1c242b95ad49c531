import { Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Redaction } from './types.js';

export interface Marked extends Redaction { on: boolean; key: string }

/**
 * One source text with its redactions highlighted; a click toggles one. Plain runs carry their
 * offset (data-start) so a text selection can be turned into a new redaction.
 */
export function RedactableText({ field, text, marks, onToggle }: { field: string; text: string; marks: Marked[]; onToggle: (key: string) => void }) {
  const { t } = useTranslation();
  const sorted = [...marks].sort((a, b) => a.start - b.start);
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const m of sorted) {
    if (m.start < at) continue;
    if (m.start > at) parts.push(<span key={`p${at}`} data-field={field} data-start={at}>{text.slice(at, m.start)}</span>);
    parts.push(
      <Tooltip key={m.key} title={`${t(`cases.kind.${m.kind}`)} · ${m.on ? t('cases.make.untick') : t('cases.make.retick')}`}>
        <button
          type="button"
          data-testid="redaction"
          data-kind={m.kind}
          aria-pressed={m.on}
          onClick={() => onToggle(m.key)}
          style={{
            border: 'none', padding: '0 2px', margin: 0, font: 'inherit', cursor: 'pointer', borderRadius: 3,
            background: m.on ? '#ffd8bf' : 'transparent', textDecoration: m.on ? 'none' : 'underline dotted', color: 'inherit',
          }}
        >
          <span style={{ textDecoration: m.on ? 'line-through' : 'none' }}>{text.slice(m.start, m.end)}</span>
          {m.on && <span style={{ marginLeft: 2, fontSize: 12, color: '#ad4e00' }}>{m.replacement}</span>}
        </button>
      </Tooltip>,
    );
    at = m.end;
  }
  if (at < text.length) parts.push(<span key={`p${at}`} data-field={field} data-start={at}>{text.slice(at)}</span>);
  return <div data-testid={`field-${field}`} style={{ whiteSpace: 'pre-wrap', lineHeight: 1.9 }}>{parts}</div>;
}

/** The selected range inside one field's plain runs, or null. */
export function selectionIn(): { field: string; start: number; end: number; text: string } | null {
  const sel = window.getSelection();
  if (!sel || sel.isCollapsed || !sel.anchorNode || !sel.focusNode) return null;
  const at = (node: Node, offset: number) => {
    const el = node.nodeType === Node.TEXT_NODE ? node.parentElement : (node as Element);
    const start = el?.getAttribute('data-start');
    const field = el?.getAttribute('data-field');
    return start === null || start === undefined || !field ? null : { field, pos: Number(start) + offset };
  };
  const a = at(sel.anchorNode, sel.anchorOffset);
  const b = at(sel.focusNode, sel.focusOffset);
  if (!a || !b || a.field !== b.field || a.pos === b.pos) return null;
  return { field: a.field, start: Math.min(a.pos, b.pos), end: Math.max(a.pos, b.pos), text: sel.toString() };
}
