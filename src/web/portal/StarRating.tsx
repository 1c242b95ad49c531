import { useId } from 'react';
import { useTranslation } from 'react-i18next';

/** Satisfaction 1–5 as native radio buttons drawn as stars: arrow keys, screen readers and touch work. */
export function StarRating({ value, onChange, labelledBy }: { value?: number; onChange?: (v: number) => void; labelledBy: string }) {
  const { t } = useTranslation();
  const name = useId();
  return (
    <div role="radiogroup" aria-labelledby={labelledBy} style={{ display: 'flex', alignItems: 'center', gap: 4, flexWrap: 'wrap' }} data-testid="portal-stars">
      {[1, 2, 3, 4, 5].map((n) => (
        <label key={n} style={{ cursor: 'pointer', fontSize: 34, lineHeight: 1, color: value && n <= value ? '#ad4e00' : '#8c8c8c', padding: '0 2px' }} data-star={n}>
          <input
            type="radio"
            name={name}
            value={n}
            checked={value === n}
            onChange={() => onChange?.(n)}
            style={{ position: 'absolute', opacity: 0, width: 1, height: 1 }}
            aria-label={`${n} - ${t(`survey.stars.${n}`)}`}
          />
          <span aria-hidden>{value && n <= value ? '★' : '☆'}</span>
        </label>
      ))}
      <span style={{ marginLeft: 8, fontSize: 15 }} aria-hidden data-testid="portal-stars-text">
        {value ? t(`survey.stars.${value}`) : ''}
      </span>
    </div>
  );
}
