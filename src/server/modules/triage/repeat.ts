/**
 * Repeat complainant (重复投诉): the same person — recognised by the blind index of their
 * contact details, never by decrypting them — complaining again about the same category
 * within a window. Pure.
 */

export interface RepeatCandidate {
  id: string;
  /** HMAC blind index of the complainant's normalised contact (phone/email/id number). */
  complainantIndex: string | null | undefined;
  categoryId: string | null | undefined;
  at: Date;
}

export interface RepeatOptions {
  /** Window in days. Default 90. */
  windowDays?: number;
}

export const DEFAULT_REPEAT_WINDOW_DAYS = 90;

/** Whether `current` repeats `earlier`: same blind index, same category, earlier and within the window. */
export function isRepeatOf(current: RepeatCandidate, earlier: RepeatCandidate, options: RepeatOptions = {}): boolean {
  const windowMs = (options.windowDays ?? DEFAULT_REPEAT_WINDOW_DAYS) * 86_400_000;
  if (!current.complainantIndex || current.complainantIndex !== earlier.complainantIndex) return false;
  if (!current.categoryId || current.categoryId !== earlier.categoryId) return false;
  if (earlier.id === current.id) return false;
  const dt = current.at.getTime() - earlier.at.getTime();
  return dt >= 0 && dt <= windowMs;
}

/** The most recent earlier complaint that `current` repeats, or null. */
export function findRepeatOf(current: RepeatCandidate, earlier: Iterable<RepeatCandidate>, options: RepeatOptions = {}): string | null {
  let best: RepeatCandidate | null = null;
  for (const e of earlier) {
    if (isRepeatOf(current, e, options) && (!best || e.at.getTime() > best.at.getTime())) best = e;
  }
  return best ? best.id : null;
}
