import type { AppContext } from '../../context.js';
import { buildApp } from '../../app.js';
import { DEMO_DOMAIN, DEMO_PASSWORD, type DemoLocale } from './org.js';
import { TriageClassifier } from '../triage/classifier.js';
import { demoPool } from './scenario.js';

/**
 * How good the category suggestions are where a user sees them: signs in as a demo user through the
 * HTTP API, walks their whole inbox (GET /complaints, newest first) and counts the complaints whose
 * source category — the data set's own label, looked up by the complaint's subject — is among the
 * top three suggestions (a suggestion of a second-level category counts for its top level). Also
 * reports any complaint whose subject is not one of the locale's hotline texts.
 *
 * The Chinese demo's texts are the same labelled TipDM messages the shipped cold-start model is
 * trained on, so the inbox figure shows what a user sees but not how the model does on messages it
 * has never seen; `heldOutTopThree` answers that with k-fold cross-validation over the same texts.
 */

export interface SuggestionFigures {
  total: number;
  hits: number;
  share: number;
  /** Complaints in the inbox that are not from the locale's hotline data set. */
  foreign: number;
  /** Suggestions from the trained model (the rest from cold-start keyword rules). */
  byModel: number;
}

interface ListJson {
  items: Array<{ id: string; subject: string; triage: { suggestion: { categoryId: string | null; alternatives: Array<{ categoryId: string }>; source: string } | null } | null }>;
  nextCursor: string | null;
}

export async function measureSuggestions(ctx: AppContext, user: string, locale: DemoLocale): Promise<SuggestionFigures> {
  const sourceTop = new Map<string, string>();
  for (const r of demoPool(locale)) sourceTop.set(r.subject, r.top!);
  const app = await buildApp(ctx, { webDir: '/nonexistent', logger: false });
  try {
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: `${user}@${DEMO_DOMAIN}`, password: DEMO_PASSWORD } });
    if (login.statusCode !== 200) throw new Error(`demo: cannot sign in as ${user}: ${login.body}`);
    const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const cats = (await app.inject({ method: 'GET', url: '/api/v1/categories', headers: { cookie } })).json() as { items: Array<{ id: string; parentId: string | null; nameZh: string }> };
    const byId = new Map(cats.items.map((c) => [c.id, c]));
    const topName = (id: string | null): string | undefined => {
      let c = id ? byId.get(id) : undefined;
      while (c?.parentId) c = byId.get(c.parentId);
      return c?.nameZh;
    };
    const f: SuggestionFigures = { total: 0, hits: 0, share: 0, foreign: 0, byModel: 0 };
    let cursor: string | null = null;
    do {
      const res = await app.inject({ method: 'GET', url: `/api/v1/complaints?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, headers: { cookie } });
      if (res.statusCode !== 200) throw new Error(`demo: inbox answered ${res.statusCode}: ${res.body}`);
      const page = res.json() as ListJson;
      for (const c of page.items) {
        f.total++;
        const top = sourceTop.get(c.subject);
        if (!top) {
          f.foreign++;
          continue;
        }
        const s = c.triage?.suggestion;
        if (s?.source === 'model') f.byModel++;
        const top3 = [s?.categoryId ?? null, ...(s?.alternatives ?? []).map((a) => a.categoryId)].filter((x, i, xs) => x && xs.indexOf(x) === i).slice(0, 3);
        if (top3.some((id) => topName(id) === top)) f.hits++;
      }
      cursor = page.nextCursor;
    } while (cursor);
    f.share = f.total ? f.hits / f.total : 0;
    return f;
  } finally {
    await app.close();
  }
}

/** Top-3 hit rate of a model trained without each message (k-fold over the locale's labelled texts). */
export function heldOutTopThree(locale: DemoLocale, folds = 5): { n: number; hits: number; share: number } {
  // Every record of the Chinese pool (494); an even sample of 1,000 of the English one's 4,500.
  const all = demoPool(locale);
  const step = Math.max(1, Math.floor(all.length / 1000));
  const pool = all.filter((_, i) => i % step === 0).map((r, i) => ({ text: `${r.subject}\n${r.text}`, label: r.top!, fold: i % folds }));
  let hits = 0;
  for (let k = 0; k < folds; k++) {
    const model = TriageClassifier.train(pool.filter((e) => e.fold !== k));
    for (const e of pool.filter((x) => x.fold === k)) {
      const p = model.predict(e.text);
      if ([p.label, ...p.alternatives.map((a) => a.label)].slice(0, 3).includes(e.label)) hits++;
    }
  }
  return { n: pool.length, hits, share: pool.length ? hits / pool.length : 0 };
}
