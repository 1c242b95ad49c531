import { Type, type Static } from 'typebox';
import { ChannelSchema, FlagsSchema, LevelSchema } from '../complaints/complaint.schema.js';

const Text = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });

export const PreviewBody = Type.Object(
  {
    subject: Text(200),
    description: Text(20_000),
    channel: Type.Optional(ChannelSchema),
    phone: Type.Optional(Type.String({ maxLength: 40, pattern: '^[0-9+()\\- ]*$' })),
    email: Type.Optional(Type.String({ maxLength: 200 })),
    categoryId: Type.Optional(Type.String({ maxLength: 64 })),
    flags: Type.Optional(FlagsSchema),
  },
  { additionalProperties: false },
);
export type PreviewBody = Static<typeof PreviewBody>;

export const LookupQuery = Type.Object(
  { phone: Type.Optional(Type.String({ maxLength: 40 })), email: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);
export type LookupQuery = Static<typeof LookupQuery>;

export const ConfirmBody = Type.Object(
  {
    categoryId: Type.String({ minLength: 1, maxLength: 64 }),
    level: LevelSchema,
    reason: Type.Optional(Text(2000)),
  },
  { additionalProperties: false, description: 'Confirm the suggestion, or override it (a reason is then required)' },
);
export type ConfirmBody = Static<typeof ConfirmBody>;

export const ClusterListQuery = Type.Object(
  {
    mass: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0'), Type.Literal('true'), Type.Literal('false')], { description: '1: only mass complaints (群体性投诉); 0: only others' })),
    cursor: Type.Optional(Type.String({ maxLength: 300 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type ClusterListQuery = Static<typeof ClusterListQuery>;

/** A severity rule set (see GET /triage/rules); checked by validateRuleSet, which lists every problem. */
export const RuleSetBody = Type.Object({}, { additionalProperties: true, description: 'SeverityRuleSet: version (optional: a new one is assigned), moneyScale, deaths, injuries, lossYuan, peopleAffected, personalSafetyMinLevel, vulnerableGroup, mediaAttention, repeat, massCluster, harmTerms, keywords' });

const num = (desc: string) => Type.Optional(Type.Number({ description: desc }));
export const SettingsBody = Type.Object(
  {
    autoApplyThreshold: num('floor on the calibrated auto-apply threshold (default 0.5)'),
    minConfirmedPerClass: num('a category auto-applies only after this many staff-confirmed examples (default and minimum 20)'),
    minHeldOut: num('the threshold is chosen from at least this many held-out confirmations (default and minimum 50)'),
    targetPrecision: num('precision the threshold must reach on them (default and minimum 0.95)'),
    retrainMinIntervalMs: num('retraining at most this often (default 600000)'),
    massSize: num('cluster size within the window that makes a mass complaint (default 10)'),
    massWindowHours: num('window for the mass size (default 24)'),
    linkWithinDays: num('near-duplicates are linked only this close in time (default 7)'),
    similarityThreshold: num('minimum estimated Jaccard similarity (default 0.5)'),
    repeatWindowDays: num('same person + same category within this many days = repeat (default 90)'),
    retryDelayMs: num('first retry of a failed triage (default 5000)'),
    learnBatch: num('save a model version after this many confirmations (default 50)'),
    learnDebounceMs: num('… or this long after the last unsaved one (default 60000)'),
    syncIntervalMs: num('how often an instance re-reads others’ signatures, model, rules (default 200)'),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const TrainBody = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 20, maximum: 200_000 })) }, { additionalProperties: false });
export const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
