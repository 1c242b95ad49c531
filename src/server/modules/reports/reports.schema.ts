import { Type, type Static } from 'typebox';

const csv = (desc: string) => Type.Optional(Type.String({ maxLength: 2000, description: `${desc} (comma-separated for several)` }));

export const CHARTS = ['byDay', 'byCategory', 'byLevel', 'byChannel', 'byDepartment', 'byStatus'] as const;
export type Chart = (typeof CHARTS)[number];
const literalUnion = <T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>(Type.Union(values.map((v) => Type.Literal(v))));

const filterProps = {
  from: Type.Optional(Type.String({ format: 'date-time', description: 'Start instant (inclusive), ISO 8601. Rounded down to the local day (organisation time zone). Default: 29 days before `to`’s day.' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'End instant (exclusive), ISO 8601. The local day holding the last millisecond before it is the last day counted. Default: now.' })),
  departmentId: csv('department id; "none" = not yet dispatched'),
  level: csv('level 1–4'),
  channel: csv('channel'),
  lang: Type.Optional(literalUnion(['zh-CN', 'en'] as const)),
};

export const StatsQuery = Type.Object(filterProps, { additionalProperties: false });
export type StatsQuery = Static<typeof StatsQuery>;

export const BreakdownQuery = Type.Object({ ...filterProps, by: literalUnion(CHARTS) }, { additionalProperties: false });
export type BreakdownQuery = Static<typeof BreakdownQuery>;

export const CsvQuery = Type.Object({ ...filterProps, chart: literalUnion(CHARTS) }, { additionalProperties: false });
export type CsvQuery = Static<typeof CsvQuery>;

const Rate = (description: string) => Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], { description });

export const BreakdownItem = Type.Object(
  {
    key: Type.String({ description: 'Stored value: YYYY-MM-DD (byDay), category/department id or "none", level "1"–"4", channel, status' }),
    label: Type.String({ description: 'Name in the requested language' }),
    count: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export const Breakdown = Type.Array(BreakdownItem);

export const RangeOut = Type.Object(
  {
    from: Type.String({ format: 'date-time', description: 'Local midnight starting the first day' }),
    to: Type.String({ format: 'date-time', description: 'Local midnight after the last day (exclusive)' }),
    firstDay: Type.String({ description: 'YYYY-MM-DD, local' }),
    lastDay: Type.String({ description: 'YYYY-MM-DD, local, inclusive' }),
    timezone: Type.String(),
  },
  { additionalProperties: false },
);

export const OverviewOut = Type.Object(
  {
    range: RangeOut,
    total: Type.Integer({ description: 'Complaints created in the range (matching the filters, in scope)' }),
    open: Type.Integer({ description: 'Of those, still being handled (received … follow_up)' }),
    closed: Type.Integer({ description: 'Of those, closed (办结)' }),
    resolvedAtFirstContact: Type.Integer({ description: 'Of the closed, resolved at first contact (即时办结: answered on the call, not reopened)' }),
    avgHandlingHours: Type.Union([Type.Number(), Type.Null()], { description: 'Mean wall-clock hours from creation to the last close, over the closed ones; null if none' }),
    sla: Type.Object(
      {
        available: Type.Boolean({ description: 'false until the SLA module’s clocks exist; the figures below are then null' }),
        firstResponseOnTimeRate: Rate('First-response clocks met without breach ÷ first-response clocks decided (met or breached)'),
        firstResponseDecided: Type.Union([Type.Integer(), Type.Null()]),
        resolutionOnTimeRate: Rate('按时办结率: resolution clocks met without breach ÷ resolution clocks decided'),
        resolutionDecided: Type.Union([Type.Integer(), Type.Null()]),
        openBreaches: Type.Union([Type.Integer(), Type.Null()], { description: 'Open complaints with at least one breached clock not yet met' }),
      },
      { additionalProperties: false },
    ),
    compensation: Type.Object(
      {
        currency: Type.Literal('CNY'),
        approved: Type.Integer({ description: 'Compensation approved (paid or not), in fen: on the complaints counted and on incidents activated in range' }),
        paid: Type.Integer({ description: 'Of that, paid, in fen' }),
        incidents: Type.Object(
          { approved: Type.Integer(), paid: Type.Integer() },
          { additionalProperties: false, description: 'The part on incidents (by activation day, department and level; drills never count)' },
        ),
      },
      { additionalProperties: false, description: 'Compensation decisions (赔偿/补偿) in range and scope, CNY only' },
    ),
    satisfactionRate: Rate('满意率 = (satisfied + basically satisfied) ÷ answered follow-ups — null: none answered'),
    followUp: Type.Object(
      {
        answered: Type.Integer({ description: 'Follow-up answers (回访, web surveys and phone results; one per handling cycle)' }),
        satisfied: Type.Integer(),
        basically: Type.Integer({ description: 'Basically satisfied (基本满意)' }),
        dissatisfied: Type.Integer(),
        closed: Type.Integer({ description: 'Closed complaints' }),
        surveyedClosed: Type.Integer({ description: 'Of those, with an answered follow-up' }),
        reopened: Type.Integer({ description: 'Dissatisfied answers that reopened the complaint (重办)' }),
        satisfactionRate: Rate('满意率 = (satisfied + basically) ÷ answered'),
        followUpRate: Rate('回访率 = closed complaints with an answered follow-up ÷ closed complaints'),
        dissatisfiedReopenRate: Rate('不满意重办率 = dissatisfied answers that reopened the complaint ÷ dissatisfied answers'),
      },
      { additionalProperties: false, description: 'Follow-up (回访) figures over the complaints counted' },
    ),
    repeatRate: Rate('Repeat-complaint rate — null: repeat complaints are not recorded yet'),
    byDay: Type.Array(BreakdownItem, { description: 'Every local day of the range, zeros included' }),
    byCategory: Breakdown,
    byLevel: Breakdown,
    byChannel: Breakdown,
    byDepartment: Breakdown,
    byStatus: Breakdown,
  },
  { additionalProperties: false },
);
export type OverviewOut = Static<typeof OverviewOut>;

export const BreakdownOut = Type.Object({ range: RangeOut, chart: literalUnion(CHARTS), items: Breakdown }, { additionalProperties: false });
export type BreakdownOut = Static<typeof BreakdownOut>;

/** GET /stats/overview.csv: not JSON — one chart as CSV text (UTF-8 with a byte-order mark). */
export const CsvOut = {
  description: 'One chart as CSV: a header row, then one row per item (key, label, count; byDay: day, count). UTF-8 with BOM, CRLF line ends; sent as an attachment.',
  content: { 'text/csv': { schema: Type.String() } },
};

export const RebuildOut = Type.Object(
  {
    complaints: Type.Integer({ minimum: 0, description: 'Complaints counted' }),
    rollupRows: Type.Integer({ minimum: 0, description: 'Rollup rows written' }),
    ms: Type.Integer({ minimum: 0, description: 'How long the rebuild took' }),
  },
  { additionalProperties: false },
);
