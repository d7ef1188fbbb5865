/**
 * Sentiment of owners' group messages (业主群负面舆情): the fixed codes and result shapes.
 * Pure and dependency-free: the server computes an `Analysis`, the client shows it.
 */

/** Ordered from calm to escalation risk. */
export const SENTIMENT_LEVELS = ['none', 'low', 'medium', 'high'] as const;
export type SentimentLevel = (typeof SENTIMENT_LEVELS)[number];
export const SENTIMENT_LEVEL_LABELS: Record<SentimentLevel, string> = {
  none: '正常',
  low: '轻微不满',
  medium: '明确投诉',
  high: '升级风险',
};

export const SENTIMENT_TOPICS = [
  'leak',
  'elevator',
  'parking',
  'noise',
  'renovation',
  'fee',
  'security',
  'cleaning',
  'greenery',
  'utilities',
  'delivery',
  'pets',
  'service',
  'facilities',
] as const;
export type SentimentTopic = (typeof SENTIMENT_TOPICS)[number];
export const TOPIC_LABELS: Record<SentimentTopic, string> = {
  leak: '漏水渗水',
  elevator: '电梯',
  parking: '停车充电',
  noise: '噪音扰民',
  renovation: '装修',
  fee: '收费账目',
  security: '安保门禁',
  cleaning: '卫生保洁',
  greenery: '绿化',
  utilities: '水电气暖',
  delivery: '快递外卖',
  pets: '宠物',
  service: '服务态度',
  facilities: '公共设施',
};

/** Why a message is an escalation risk (升级风险). */
export const ESCALATION_GROUPS = ['government', 'media', 'legal', 'police', 'collective', 'safety'] as const;
export type EscalationGroup = (typeof ESCALATION_GROUPS)[number];
export const ESCALATION_GROUP_LABELS: Record<EscalationGroup, string> = {
  government: '向政府部门投诉',
  media: '媒体曝光',
  legal: '法律途径',
  police: '报警',
  collective: '集体行动',
  safety: '人身安全',
};

export const EVIDENCE_KINDS = ['negative', 'positive', 'sarcasm', 'emoji', 'escalation', 'topic'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** One matched span; `start`/`end` index the ORIGINAL text, so `text.slice(start, end)` is `term`. */
export interface Evidence {
  term: string;
  start: number;
  end: number;
  kind: EvidenceKind;
  /** Signed contribution to the negativity score after modifiers (negative = calming); topic evidence has 0. */
  weight: number;
  /** The term was under a negator (不/没/不是…) and its polarity was flipped or cancelled. */
  negated?: boolean;
  topic?: SentimentTopic;
  group?: EscalationGroup;
}

export interface Escalation {
  triggered: boolean;
  groups: EscalationGroup[];
}

export interface Analysis {
  negative: boolean;
  /** Negativity in [0, 1], rounded to 3 decimals. */
  score: number;
  level: SentimentLevel;
  topics: SentimentTopic[];
  evidence: Evidence[];
  escalation: Escalation;
  /** The lexicon the verdict was made with: the built-in lexicon's hash and the community's overlay version. */
  lexicon: AnalysisLexicon;
}

/** A lexicon version (`LexiconVersion` of sentiment-lexicon.ts, where staff entries are defined). */
export interface AnalysisLexicon {
  /** The built-in lexicon's content hash (changes with every release that changes the rules). */
  builtin: string;
  /** The community overlay's version (0 = none), counted up by every accepted or imported change. */
  overlay: number;
}
