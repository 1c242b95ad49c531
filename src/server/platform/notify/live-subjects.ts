import type { Transaction } from 'kysely';
import type { Actor } from '../auth/actor.js';
import type { Database } from '../db/schema.js';

/**
 * Who may see a live-log row about something other than a complaint (an incident, a plan, …).
 *
 * The platform knows no module: each module registers a subject kind from the composition root
 * (context.ts) with two functions — which subject an event concerns (read in the fan-out's
 * transaction, so the snapshot is the event's own moment) and whether a viewer may see it (pure,
 * because streams filter every row synchronously, live and on replay).
 */

/** What a row is about, stored with it so replay after Last-Event-ID filters exactly like the live tail. */
export interface LiveSubject {
  kind: string;
  id: string;
  departmentId?: string | null;
  /** The subject's owner (an incident: its commander). */
  ownerId?: string | null;
  /** Users who see it through membership (an incident's role holders and task assignees). */
  memberIds?: string[];
}

export interface LiveSubjectKind {
  kind: string;
  /** The subject an event concerns, or undefined when the event is not about this kind. */
  describe(trx: Transaction<Database>, e: { type: string; data: Record<string, unknown> }): Promise<LiveSubject | undefined>;
  /** Whether the viewer may see rows about the subject. */
  visible(viewer: Actor, subject: LiveSubject): boolean;
}

export class LiveSubjects {
  private kinds = new Map<string, LiveSubjectKind>();

  /** Registered once per context; registering a kind again replaces it. */
  register(kind: LiveSubjectKind): void {
    this.kinds.set(kind.kind, kind);
  }

  /** The first registered kind that claims the event. */
  async describe(trx: Transaction<Database>, e: { type: string; data: Record<string, unknown> }): Promise<LiveSubject | undefined> {
    for (const k of this.kinds.values()) {
      const s = await k.describe(trx, e);
      if (s) return { ...s, kind: k.kind };
    }
    return undefined;
  }

  /** An unknown kind (its module not registered in this process) is seen by nobody. */
  visible(viewer: Actor, subject: LiveSubject): boolean {
    const k = this.kinds.get(subject.kind);
    return !!k && k.visible(viewer, subject);
  }
}
