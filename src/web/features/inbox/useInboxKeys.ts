import { useEffect, useRef, type Dispatch, type MutableRefObject, type SetStateAction } from 'react';
import { useNavigate } from 'react-router';
import type { InputRef } from 'antd';
import type { Complaint } from '../../api/types.js';
import { isTypingTarget } from '../../components/format.js';

/** Keyboard: j/k (or arrows in the table) move, Enter opens, x selects, / searches, n starts a new complaint. */
export function useInboxKeys(opts: {
  itemsRef: MutableRefObject<Complaint[]>;
  active: number;
  setActive: Dispatch<SetStateAction<number>>;
  setSelected: Dispatch<SetStateAction<string[]>>;
  searchRef: MutableRefObject<InputRef | null>;
  canCreate: boolean;
}) {
  const navigate = useNavigate();
  const { itemsRef, setActive, setSelected, searchRef, canCreate } = opts;
  const activeRef = useRef(opts.active);
  activeRef.current = opts.active;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (isTypingTarget(e)) {
        if (e.key === 'Escape' && (e.target as HTMLElement).tagName === 'INPUT') (e.target as HTMLElement).blur();
        return;
      }
      if (document.querySelector('.ant-modal-wrap:not([style*="display: none"])')) return;
      const n = itemsRef.current.length;
      const inTable = !!(e.target as HTMLElement).closest?.('.ant-table');
      if (e.key === 'j' || (e.key === 'ArrowDown' && inTable)) {
        e.preventDefault();
        setActive((a) => Math.min(n - 1, a + 1));
      } else if (e.key === 'k' || (e.key === 'ArrowUp' && inTable)) {
        e.preventDefault();
        setActive((a) => Math.max(0, a - 1));
      } else if (e.key === 'Enter') {
        const c = itemsRef.current[activeRef.current];
        if (c && !(e.target as HTMLElement).closest?.('a,button')) {
          e.preventDefault();
          navigate(`/complaints/${c.id}`);
        }
      } else if (e.key === '/') {
        e.preventDefault();
        searchRef.current?.focus();
      } else if (e.key === 'n' && canCreate) {
        e.preventDefault();
        navigate('/intake');
      } else if (e.key === 'x') {
        const c = itemsRef.current[activeRef.current];
        if (c) setSelected((s) => (s.includes(c.id) ? s.filter((x) => x !== c.id) : [...s, c.id]));
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [navigate, canCreate, itemsRef, setActive, setSelected, searchRef]);
}
