import { z } from 'zod';
import type { EscalationGroup, Evidence, SentimentLevel, SentimentTopic } from '../domain/sentiment';
import type { IncidentEvent, IncidentStatus, IncidentTopic, RepairDraft, Severity } from '../domain/sentiment-incidents';
import { action, community, objectId, page, pageSize, type Paged } from './contract';
import { personName, phoneField } from './community.contract';
import { sentimentLexiconActions } from './sentiment-lexicon.contract';

/**
 * Owner-group sentiment (业主群负面舆情): group messages arrive (a WeCom archive or bot through
 * `ingest`, or chat text exported from WeChat through `importChat`), are analysed by rules, and
 * negative ones open incidents that agents acknowledge, answer, convert and resolve. Only the
 * community's agents and managers read them.
 */

export interface GroupMessageView {
  messageId: string;
  senderId: string;
  nickname: string;
  text: string;
  sentAt: string;
  negative: boolean;
  score: number;
  level: SentimentLevel;
  topics: SentimentTopic[];
  /** Offsets index `text`, for highlighting. */
  evidence: Evidence[];
  /** The lexicon the verdict was made with (内置 a1b2c3d4 + 本小区 v3); absent for messages stored before verdicts named it. */
  lexicon?: string;
  /** The sender is a known owner. */
  owner?: { userId: string; name: string; unitId?: string; unitLabel?: string };
}

export interface IncidentSummary {
  id: string;
  groupId: string;
  groupName: string;
  topic: IncidentTopic;
  status: IncidentStatus;
  severity: Severity;
  negatives: number;
  highs: number;
  senders: number;
  escalation: EscalationGroup[];
  firstAt: string;
  lastAt: string;
  /** The first message's text, shortened. */
  preview: string;
  acknowledgedAt?: string;
  /** Minutes from the first message to the acknowledgement. */
  minutesToAcknowledge?: number;
  resolvedAt?: string;
}

export interface IncidentDetail extends IncidentSummary {
  messages: GroupMessageView[];
  /** Messages of the incident already deleted by the retention. */
  expiredMessages: number;
  /** The reply script (话术) for this topic, with the first sender's nickname filled in. */
  script: string;
  steps: readonly string[];
  acknowledgedBy?: string;
  resolveNote?: string;
  conversions: { kind: 'repair' | 'complaint'; id: string; no: string }[];
  history: { at: string; event: IncidentEvent | 'open'; from?: IncidentStatus; to: IncidentStatus; byName: string; note?: string }[];
  /** The events the table allows now (the page shows only these buttons). */
  actions: IncidentEvent[];
  /** The 转为报修 form's pre-filled values (区域, 位置, 类别 from the topic, a neutral description). */
  repairDraft: RepairDraft;
}

export interface GroupOverview {
  groupId: string;
  name: string;
  messages: number;
  negative: number;
  /** The last 14 days (Asia/Shanghai), oldest first. */
  days: { day: string; messages: number; negative: number; share: number | null }[];
  topTopics: { topic: SentimentTopic; count: number }[];
  openIncidents: number;
}

export interface IngestReport {
  received: number;
  inserted: number;
  duplicates: number;
  negative: number;
  incidentsOpened: number;
  incidentsJoined: number;
}

export interface ImportReport extends IngestReport {
  lines: number;
  /** Malformed lines, reported by line number; everything else was imported. */
  problems: { line: number; message: string; text: string }[];
}

export interface SentimentSettingsView {
  windowMinutes: number;
  minNegatives: number;
  minSenders: number;
  retentionDays: number;
  updatedBy?: string;
  updatedAt?: string;
}

/** The longest text kept per message; the analysis reads the first 5,000 characters. */
export const MAX_MESSAGE_CHARS = 20_000;
export const MAX_IMPORT_CHARS = 2_000_000;

const groupId = z.string().trim().min(1, '缺少群编号').max(100);
const groupName = z.string().trim().min(1, '请填写群名称').max(50, '群名称最多50字');
const incidentId = { incidentId: objectId };

export const sentimentContract = {
  /** A batch of group messages (idempotent by group and message id: a replayed batch adds nothing). */
  ingest: action<IngestReport>()(
    z
      .object({
        groupId,
        groupName: groupName.optional(),
        messages: z
          .array(
            z
              .object({
                messageId: z.string().trim().min(1).max(100),
                sender: z.object({ id: z.string().trim().min(1).max(100), nickname: z.string().trim().max(60).default('') }).strict(),
                text: z.string().max(MAX_MESSAGE_CHARS, `单条消息最多${MAX_MESSAGE_CHARS}字`).default(''),
                sentAt: z.string().datetime({ offset: true, message: '时间格式应为 ISO 8601' }),
              })
              .strict(),
          )
          .min(1, '没有消息')
          .max(1000, '每批最多1000条消息'),
      })
      .strict(),
    community(['agent', 'manager']),
    // Owners' messages are evidence: a prank control character in one is removed, not a reason to refuse the batch.
    { externalText: true },
  ),
  /** Chat text exported from WeChat (`2024-05-01 09:12 张三: 内容`, multi-line messages); malformed lines are reported, the rest imported. */
  importChat: action<ImportReport>()(
    z
      .object({ groupId: groupId.optional(), groupName, content: z.string().min(1, '请粘贴或选择聊天记录').max(MAX_IMPORT_CHARS, '聊天记录过长，请分段导入') })
      .strict(),
    community(['agent', 'manager']),
    { externalText: true },
  ),
  groups: action<GroupOverview[]>()(z.object({}).strict().optional().default({}), community(['agent', 'manager'])),
  messages: action<Paged<GroupMessageView>>()(
    z.object({ groupId, negativeOnly: z.boolean().default(false), page, pageSize }).strict(),
    community(['agent', 'manager']),
  ),
  incidents: action<Paged<IncidentSummary>>()(
    z
      .object({ status: z.enum(['active', 'open', 'acknowledged', 'resolved', 'all']).default('active'), groupId: groupId.optional(), page, pageSize })
      .strict()
      .optional()
      .default({}),
    community(['agent', 'manager']),
  ),
  incident: action<IncidentDetail>()(z.object(incidentId).strict(), community(['agent', 'manager'], { incidentId: 'incident' })),
  acknowledge: action<IncidentDetail>()(z.object({ ...incidentId, note: z.string().trim().max(300).optional() }).strict(), community(['agent', 'manager'], { incidentId: 'incident' })),
  resolve: action<IncidentDetail>()(z.object({ ...incidentId, note: z.string().trim().min(2, '请填写处理结果').max(500) }).strict(), community(['agent', 'manager'], { incidentId: 'incident' })),
  /**
   * A repair or a complaint from the form the agent edited (pre-filled: `repairDraft`, the speaker
   * of `messageId`): 区域, 位置, 类别, a neutral description (refused when it quotes the group chat),
   * the unit and contact (a known owner's fill what is left out).
   */
  convert: action<IncidentDetail>()(
    z
      .object({
        ...incidentId,
        to: z.enum(['repair', 'complaint']),
        messageId: z.string().min(1).max(100).optional(),
        unitId: objectId.optional(),
        contactName: personName.optional(),
        contactPhone: phoneField.optional(),
        area: z.enum(['home', 'common']).optional(),
        place: z.string().trim().max(40, '位置最多40字').optional(),
        category: z.string().trim().min(1, '请选择报修类别').max(10, '类别名称过长').optional(),
        description: z.string().trim().min(5, '请至少用5个字描述问题').max(500, '问题描述最多500字').optional(),
      })
      .strict(),
    community(['agent', 'manager'], { incidentId: 'incident', unitId: 'unit' }),
  ),
  /** An agent tells which owner a group member is (kept for later messages and incidents). */
  linkSender: action<{ senderId: string; userId: string; name: string }>()(
    z.object({ senderId: z.string().min(1).max(100), userId: objectId, unitId: objectId.optional() }).strict(),
    community(['agent', 'manager'], { unitId: 'unit' }),
  ),
  settings: action<SentimentSettingsView>()(z.object({}).strict().optional().default({}), community(['agent', 'manager'])),
  saveSettings: action<SentimentSettingsView>()(
    z
      .object({
        windowMinutes: z.number().int().min(5, '时间窗口至少5分钟').max(24 * 60),
        minNegatives: z.number().int().min(2, '至少2条').max(50),
        minSenders: z.number().int().min(1).max(20),
        retentionDays: z.number().int().min(7, '至少保留7天').max(365, '最多保留365天'),
      })
      .strict()
      .refine((v) => v.minSenders <= v.minNegatives, { message: '发送人数不能多于消息条数', path: ['minSenders'] }),
    community(['manager']),
  ),
  // --- correction loop and the community's lexicon (sentiment-lexicon.contract.ts) ---
  ...sentimentLexiconActions,
};

export type SentimentContract = typeof sentimentContract;
