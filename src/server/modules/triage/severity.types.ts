/** Types of the severity rule set, its input and its result (data only; see severity.ts). */
export type SeverityLevel = 1 | 2 | 3 | 4;

/** A text shown to users, in both UI languages. */
export interface Label {
  zh: string;
  en: string;
}

/** Minimum values for levels Ⅰ, Ⅱ and Ⅲ (descending). Below the last: Ⅳ. */
export type Thresholds = [number, number, number];

/** Raise the level by `steps` (towards Ⅰ) but never beyond `maxLevel` by this factor alone. */
export interface RaiseRule {
  steps: number;
  maxLevel: SeverityLevel;
}

export interface KeywordRule {
  id: string;
  /** Shown in explanations. */
  label: Label;
  /** Matched case-insensitively as substrings (Chinese) or whole words (Latin). */
  terms: string[];
  /** The level is at least this when a term matches (4 = no effect). */
  minLevel: SeverityLevel;
  /** A match means danger to life or health. */
  personalSafety: boolean;
}

/** An essential service (water, heating, power, gas) and the words for losing it. */
export interface OutageRule {
  id: string;
  label: Label;
  terms: string[];
}

export interface SeverityRuleSet {
  version: string;
  /** Loss thresholds are multiplied by this (an organisation's own scale). */
  moneyScale: number;
  deaths: Thresholds;
  /** Seriously injured / ill people. */
  injuries: Thresholds;
  lossYuan: Thresholds;
  peopleAffected: Thresholds;
  households: Thresholds;
  /** Times the complainant says they have reported the problem. */
  repeatVisits: Thresholds;
  /** Days without an essential service. */
  outageDays: Thresholds;
  /** Any injury, illness or danger to life: level at least this, personal safety flagged. */
  personalSafetyMinLevel: SeverityLevel;
  outage: OutageRule[];
  /**
   * `onlyWithHarm`: the group raises the level only when it is harmed or loses an essential service.
   * `landmarks`: a term directly followed by one of these names a place (儿童医院), not people.
   */
  vulnerableGroup: RaiseRule & { terms: string[]; onlyWithHarm: boolean; landmarks: string[] };
  mediaAttention: RaiseRule & { terms: string[] };
  repeat: RaiseRule;
  massCluster: RaiseRule & { terms: string[] };
  /** Words that, next to a count of people, mean those people were harmed. */
  harmTerms: string[];
  keywords: KeywordRule[];
}

export interface SeverityInput {
  subject: string;
  description: string;
  flags?: { personalSafety?: boolean; propertyLoss?: boolean; mediaAttention?: boolean; vulnerableGroup?: boolean };
  deaths?: number;
  injuries?: number;
  lossYuan?: number;
  peopleAffected?: number;
  repeat?: boolean;
  massCluster?: boolean;
}

export type FactorKind =
  | 'deaths'
  | 'injuries'
  | 'loss'
  | 'peopleAffected'
  | 'households'
  | 'outage'
  | 'repeatVisits'
  | 'personalSafety'
  | 'keyword'
  | 'vulnerableGroup'
  | 'mediaAttention'
  | 'repeat'
  | 'massCluster'
  | 'requestedLevel'
  | 'override';

/** Where a factor was read from. */
export type Evidence =
  | { from: 'text'; quote: string }
  | { from: 'field'; name: string }
  | { from: 'flag' }
  | { from: 'cluster' }
  | { from: 'history' }
  | { from: 'staff'; reason?: string };

/** What a factor did to the level. */
export type Effect =
  | { kind: 'floor'; level: SeverityLevel; personalSafety?: boolean }
  | { kind: 'raise'; from: SeverityLevel; to: SeverityLevel; cap: SeverityLevel }
  | { kind: 'set'; from: SeverityLevel; to: SeverityLevel }
  | { kind: 'none' };

/** One finding, as data (stored with the triage; worded per viewer). */
export interface Finding {
  factor: FactorKind;
  /** The number read: people, households, yuan, days or visits. */
  value?: number;
  /** The keyword rule's or service's label. */
  label?: Label | string;
  evidence: Evidence;
  effect: Effect;
}

/** A finding worded in one language. */
export interface SeverityFactor extends Finding {
  /** What was found, quoting the matched text or number. */
  detail: string;
  /** What it did to the level, e.g. "at least Ⅲ". */
  contribution: string;
}

/** The serious circumstances (严重情形) the rules found. */
export interface DetectedFlags {
  personalSafety: boolean;
  propertyLoss: boolean;
  mediaAttention: boolean;
  vulnerableGroup: boolean;
}

export interface SeverityAssessment {
  level: SeverityLevel;
  personalSafety: boolean;
  /** Personal safety or level Ⅰ/Ⅱ: handle on the fastest path (快速反应). */
  fastPath: boolean;
  ruleVersion: string;
  findings: Finding[];
  flags: DetectedFlags;
}

export interface SeverityResult extends SeverityAssessment {
  factors: SeverityFactor[];
  explanation: string;
}
