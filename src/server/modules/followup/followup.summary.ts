import type { Db } from '../../platform/db/index.js';
import { latestSurvey } from './followup.repo.js';
import { presentSurvey } from './followup.schema.js';

/** The complaint's latest follow-up survey for its detail response (null: none requested yet). */
export async function followUpOf(db: Db, complaintId: string) {
  const s = await latestSurvey(db, complaintId);
  return s ? presentSurvey(s) : null;
}
