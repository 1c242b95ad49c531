// Enums and types shared by the server and the web app. Stored values are language-neutral.

export const ROLES = [
  'intake_agent', // 受理员
  'handler', // 承办人
  'coordinator', // 沟通协调员
  'dept_head', // 部门负责人
  'leader', // 领导
  'pr_officer', // 公关
  'analyst',
  'auditor',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export const CHANNELS = ['phone', 'email', 'web', 'api', 'open311', 'walk_in', 'letter', 'social', 'import'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Level 1 = Ⅰ 特别重大 (most severe) … 4 = Ⅳ 一般. */
export const LEVELS = [1, 2, 3, 4] as const;
export type Level = (typeof LEVELS)[number];
export const LEVEL_NUMERALS: Record<Level, string> = { 1: 'Ⅰ', 2: 'Ⅱ', 3: 'Ⅲ', 4: 'Ⅳ' };

export const STATUSES = [
  'received',
  'triaged',
  'assigned',
  'in_progress',
  'replied',
  'follow_up',
  'closed',
  'returned', // 退单: back to the dispatcher
  'waiting', // waiting on the complainant (SLA paused)
  'rejected', // 不予受理
  'merged',
] as const;
export type Status = (typeof STATUSES)[number];

export const COMPLAINT_ACTIONS = [
  'triage',
  'assign',
  'sign', // 签收
  'return', // 退单
  'request_info',
  'resume',
  'reply',
  'follow_up',
  'close',
  'reopen', // 重办
  'reject',
  'merge',
  'resolve_on_call', // 即时办结: a consultation answered on the call, closed at once
] as const;
export type ComplaintAction = (typeof COMPLAINT_ACTIONS)[number];

export const FLAGS = ['personalSafety', 'propertyLoss', 'mediaAttention', 'vulnerableGroup'] as const;
export type Flag = (typeof FLAGS)[number];

export const PLAN_STATUSES = ['submitted', 'approved', 'returned'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
