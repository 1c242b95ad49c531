// Response schemas of the triage and cluster routes: the objects triage.presenter.ts, triage.lookup.ts,
// triage.config.ts, triage.model.ts and cluster.queries.ts return, field for field (the API tests
// validate every response against them). The complaint's `triage` object is used by the complaint
// responses too.
import { Type, type TSchema } from 'typebox';
import { LEVEL_NUMERALS } from '../../../shared/enums.js';
import { StatusSchema } from '../complaints/complaint.schema.js';

const lit = <T extends string>(...values: T[]) => Type.Unsafe<T>(Type.Union(values.map((v) => Type.Literal(v))));
const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);
const Exact = <T extends Record<string, TSchema>>(props: T, description?: string) => Type.Object(props, { additionalProperties: false, ...(description ? { description } : {}) });
const Instant = Type.String({ format: 'date-time' });
const LevelNo = Type.Integer({ minimum: 1, maximum: 4 });
const LevelLabel = lit(...Object.values(LEVEL_NUMERALS));
const Count = Type.Integer({ minimum: 0 });

// ---- severity findings (severity.types.ts), worded for the reader (severity.explain.ts) ----

const BilingualLabel = Exact({ zh: Type.String(), en: Type.String() });
const Evidence = Type.Union([
  Exact({ from: Type.Literal('text'), quote: Type.String() }),
  Exact({ from: Type.Literal('field'), name: Type.String() }),
  Exact({ from: Type.Literal('flag') }),
  Exact({ from: Type.Literal('cluster') }),
  Exact({ from: Type.Literal('history') }),
  Exact({ from: Type.Literal('staff'), reason: Type.Optional(Type.String()) }),
]);
const Effect = Type.Union([
  Exact({ kind: Type.Literal('floor'), level: LevelNo, personalSafety: Type.Optional(Type.Boolean()) }),
  Exact({ kind: Type.Literal('raise'), from: LevelNo, to: LevelNo, cap: LevelNo }),
  Exact({ kind: Type.Literal('set'), from: LevelNo, to: LevelNo }),
  Exact({ kind: Type.Literal('none') }),
]);
export const SeverityFactorOut = Exact({
  factor: lit('deaths', 'injuries', 'loss', 'peopleAffected', 'households', 'outage', 'repeatVisits', 'personalSafety', 'keyword', 'vulnerableGroup', 'mediaAttention', 'repeat', 'massCluster', 'requestedLevel', 'override'),
  value: Type.Optional(Type.Number({ description: 'the number read: people, households, yuan, days or visits' })),
  label: Type.Optional(Type.Union([BilingualLabel, Type.String()])),
  // Absent only on triages stored before findings were kept as data (their factors were worded once).
  evidence: Type.Optional(Evidence),
  effect: Type.Optional(Effect),
  detail: Type.String({ description: 'what was found, in the reader’s language' }),
  contribution: Type.String({ description: 'what it did to the level, e.g. "at least Ⅲ"' }),
});
const DetectedFlagsOut = Exact(
  { personalSafety: Type.Boolean(), propertyLoss: Type.Boolean(), mediaAttention: Type.Boolean(), vulnerableGroup: Type.Boolean() },
  'The serious circumstances (严重情形) the rules found',
);
const Alternative = Exact({ categoryId: Type.String(), confidence: Type.Number() });
const ClusterRef = Exact({ id: Type.String(), size: Nullable(Count), mass: Type.Boolean() });
const SuggestionSource = lit('model', 'rules');

/** A complaint's `triage` object (triage.presenter.ts presentTriage). */
export const TriageOut = Exact({
  status: lit('ok', 'failed'),
  error: Nullable(Type.String()),
  attempts: Count,
  suggestion: Nullable(
    Exact({
      categoryId: Nullable(Type.String()),
      confidence: Nullable(Type.Number()),
      alternatives: Type.Array(Alternative),
      source: SuggestionSource,
      modelVersion: Nullable(Type.Integer()),
      applied: Type.Boolean(),
      calibrated: Type.Boolean({ description: 'false: the model is not calibrated for this category — a suggestion only' }),
    }),
  ),
  level: Nullable(LevelNo),
  levelLabel: Nullable(LevelLabel),
  requestedLevel: Nullable(LevelNo),
  explanation: Nullable(Type.String()),
  factors: Type.Array(SeverityFactorOut),
  detectedFlags: Nullable(DetectedFlagsOut),
  ruleVersion: Nullable(Type.String()),
  personalSafety: Type.Boolean(),
  fastPath: Type.Boolean(),
  cluster: Nullable(ClusterRef),
  mass: Type.Boolean(),
  repeatOf: Nullable(Exact({ id: Type.String(), trackingNo: Nullable(Type.String()) })),
  confirmation: Nullable(
    Exact({
      by: Nullable(Type.String()),
      at: Nullable(Instant),
      categoryId: Nullable(Type.String()),
      level: Nullable(LevelNo),
      overridden: Type.Boolean(),
      reason: Nullable(Type.String()),
    }),
  ),
  updatedAt: Nullable(Instant),
});

// ---- preview and person lookup (triage.lookup.ts) ----

const EarlierComplaint = Exact({
  id: Type.String(),
  trackingNo: Type.String(),
  subject: Type.String(),
  status: StatusSchema,
  level: LevelNo,
  categoryId: Nullable(Type.String()),
  createdAt: Instant,
  complainant: Exact({ name: Nullable(Type.String()), phone: Nullable(Type.String()), email: Nullable(Type.String()), masked: Type.Literal(true) }, 'Always masked'),
});
export const LookupOut = Exact({ items: Type.Array(EarlierComplaint) });

export const PreviewOut = Exact({
  suggestion: Nullable(
    Exact({
      categoryId: Type.String(),
      confidence: Type.Number(),
      source: SuggestionSource,
      alternatives: Type.Array(Alternative),
      wouldApply: Type.Boolean(),
      calibrated: Type.Boolean(),
    }),
  ),
  level: LevelNo,
  levelLabel: LevelLabel,
  explanation: Type.String(),
  factors: Type.Array(SeverityFactorOut),
  ruleVersion: Type.String(),
  personalSafety: Type.Boolean(),
  fastPath: Type.Boolean(),
  detectedFlags: DetectedFlagsOut,
  similar: Type.Array(
    Exact({
      id: Type.String(),
      trackingNo: Type.String(),
      subject: Type.String(),
      status: StatusSchema,
      level: LevelNo,
      similarity: Type.Number(),
      cluster: Nullable(ClusterRef),
      createdAt: Instant,
    }),
  ),
  repeat: Nullable(EarlierComplaint),
  earlierComplaints: Type.Array(EarlierComplaint),
});

// ---- rules, settings, models (triage.config.ts, triage.settings.ts, triage.model.ts) ----

const Thresholds = Type.Array(Type.Number(), { minItems: 3, maxItems: 3, description: 'minimum for Ⅰ, Ⅱ, Ⅲ' });
const Raise = { steps: Type.Integer({ minimum: 0, maximum: 3 }), maxLevel: LevelNo };
const Terms = Type.Array(Type.String());
const RuleSetOut = Exact({
  version: Type.String(),
  moneyScale: Type.Number(),
  deaths: Thresholds,
  injuries: Thresholds,
  lossYuan: Thresholds,
  peopleAffected: Thresholds,
  households: Thresholds,
  repeatVisits: Thresholds,
  outageDays: Thresholds,
  personalSafetyMinLevel: LevelNo,
  outage: Type.Array(Exact({ id: Type.String(), label: BilingualLabel, terms: Terms })),
  vulnerableGroup: Exact({ ...Raise, terms: Terms, onlyWithHarm: Type.Boolean(), landmarks: Terms }),
  mediaAttention: Exact({ ...Raise, terms: Terms }),
  repeat: Exact(Raise),
  massCluster: Exact({ ...Raise, terms: Terms }),
  harmTerms: Terms,
  keywords: Type.Array(Exact({ id: Type.String(), label: BilingualLabel, terms: Terms, minLevel: LevelNo, personalSafety: Type.Boolean() })),
});
export const RulesOut = Exact({
  version: Type.String(),
  seq: Count,
  createdAt: Nullable(Instant),
  createdBy: Nullable(Type.String()),
  builtIn: Type.Boolean({ description: 'true: the rule set shipped with Redress, never saved' }),
  rules: RuleSetOut,
});

export const SettingsOut = Exact({
  autoApplyThreshold: Type.Number(),
  minConfirmedPerClass: Type.Number(),
  minHeldOut: Type.Number(),
  targetPrecision: Type.Number(),
  retrainMinIntervalMs: Type.Number(),
  massSize: Type.Number(),
  massWindowHours: Type.Number(),
  linkWithinDays: Type.Number(),
  similarityThreshold: Type.Number(),
  repeatWindowDays: Type.Number(),
  retryDelayMs: Type.Number(),
  learnBatch: Type.Number(),
  learnDebounceMs: Type.Number(),
  syncIntervalMs: Type.Number(),
});

const CalibrationPolicyOut = Exact({ targetPrecision: Type.Number(), minHeldOut: Type.Number(), minConfirmedPerClass: Type.Number() });
/** A version's held-out figures (calibration.ts Calibration; stored versions add ModelRecord's fields). */
const CalibrationOut = Exact({
  policy: CalibrationPolicyOut,
  n: Count,
  accuracy: Type.Number(),
  threshold: Nullable(Type.Number()),
  applied: Count,
  precision: Nullable(Type.Number()),
  classes: Type.Record(Type.String(), Exact({ confirmed: Count, heldOut: Count, applied: Count, correct: Count, autoApply: Type.Boolean() }), { description: 'per category id' }),
  accepted: Type.Optional(Type.Boolean({ description: 'a retraining replaces the active version only if it is not worse' })),
  replaced: Type.Optional(Nullable(Exact({ version: Nullable(Type.Integer()), accuracy: Type.Number() }))),
  coldStart: Type.Optional(Type.Boolean()),
});

export const ModelsOut = Exact({
  active: Nullable(Type.Integer()),
  calibration: Nullable(CalibrationOut),
  policy: CalibrationPolicyOut,
  items: Type.Array(
    Exact({
      version: Type.Integer(),
      encoding: Type.String(),
      labels: Type.Array(Type.String()),
      examples: Count,
      trainedUntil: Instant,
      source: Type.String(),
      createdBy: Nullable(Type.String()),
      createdAt: Instant,
      active: Type.Boolean(),
      calibration: Nullable(CalibrationOut),
    }),
  ),
});

export const TrainOut = Exact({
  version: Nullable(Type.Integer()),
  accepted: Type.Boolean(),
  examples: Count,
  corpusExamples: Count,
  heldOut: Count,
  labels: Count,
  calibration: CalibrationOut,
  ms: Type.Number(),
});

// ---- clusters (cluster.queries.ts) ----

const ClusterFields = {
  id: Type.String(),
  size: Count,
  mass: Type.Boolean(),
  massAt: Nullable(Instant),
  firstAt: Instant,
  lastAt: Instant,
  representativeId: Nullable(Type.String({ description: 'null when the caller may not see the representative' })),
  subject: Type.String(),
};
export const ClusterListOut = Exact({ items: Type.Array(Exact(ClusterFields)), nextCursor: Nullable(Type.String()) });
export const ClusterOut = Exact({
  ...ClusterFields,
  members: Type.Array(
    Exact({ id: Type.String(), trackingNo: Type.String(), subject: Type.String(), status: StatusSchema, level: LevelNo, categoryId: Nullable(Type.String()), createdAt: Instant }),
    { description: 'the members the caller may see' },
  ),
  hiddenMembers: Count,
});

export const NoContent = Type.Null({ description: 'No content' });
