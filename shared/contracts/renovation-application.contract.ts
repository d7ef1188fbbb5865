import { z } from 'zod';
import { RENOVATION_FEE_KINDS, RENOVATION_PAPERS, RENOVATION_ROOMS_MAX, RENOVATION_SIGNERS, RENOVATION_STATUSES, RENOVATION_TEXT_MAX, RENOVATION_WORKERS_MAX, RENOVATION_WORKS, type ForbiddenWork, type RenovationFeeKind, type RenovationPaper, type RenovationStatus, type WorkingHours } from '../domain/renovation';
import { idNumberField, personName, phoneField } from './community.contract';
import { action, calendarDay, community, objectId, page, type Paged, pageSize } from './contract';
import type { RenovationView } from './renovation-view';

/**
 * The application part of renovation (renovation.md "Application"): the owner's (or an agent's for
 * the owner) application — scope, forbidden works, contractor and workers, dates, drawings —, the
 * signatures of the two papers, submit and cancel; lists; the community's renovation settings.
 */

/** A renovation in lists (staff: all of the community; owner: those of my units). */
export interface RenovationSummary {
  id: string;
  no: string;
  unitId: string;
  unitLabel: string;
  status: RenovationStatus;
  ownerName: string;
  company: string;
  plannedStart: string;
  plannedEnd: string;
  submittedAt?: string;
  openViolations: number;
  updatedAt: string;
}

/** A community's renovation settings (staff and owners read them; the manager edits). */
export interface RenovationSettingsView {
  forbiddenWorks: ForbiddenWork[];
  papers: Record<RenovationPaper, string>;
  /** The fee item chosen per kind (one-off items), with its name and price. */
  feeItems: { kind: RenovationFeeKind; itemId: string; name: string; amountFen: number }[];
  /** Staff only: the community's one-off fee items to choose from. */
  oneOffItems?: { id: string; name: string; amountFen: number; active: boolean }[];
  workingHours: WorkingHours;
  patrolEveryDays: number;
  updatedBy?: string;
  updatedAt?: string;
}

const ALL = ['owner', 'agent', 'manager'] as const;
const ref = { renovationId: 'renovation' } as const;
const requestId = z.string({ message: '缺少请求编号' }).regex(/^[\w-]{8,64}$/, '请求编号格式不正确');
const fileId = z.string().regex(/^f_[a-f0-9]{24}$/, '文件编号不正确');
const text = (label: string, max: number) => z.string().trim().max(max, `${label}最多${max}字`);
export const renovationDay = (label: string) => calendarDay(label);
/** A period of the day, HH:MM–HH:MM, from before to. */
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:MM');
const period = z
  .object({ from: time, to: time })
  .strict()
  .refine((p) => p.from < p.to, { message: '结束时间须晚于开始时间', path: ['to'] });
const optionalPhone = z.union([z.literal(''), phoneField]).default('');

/** A worker: a new one needs the ID number; one already recorded (`id`) keeps its number (and photo) unless new ones are given. */
const workerInput = z
  .object({
    id: objectId.optional(),
    name: personName,
    idNumber: idNumberField.optional(),
    phone: optionalPhone,
    photoFileId: fileId.optional(),
  })
  .strict()
  .refine((w) => Boolean(w.id) || Boolean(w.idNumber), { message: '请填写施工人员身份证号', path: ['idNumber'] });

/** The application's fields (a draft may leave the contractor and workers empty; submit asks for them). */
export const applicationFields = {
  rooms: z.array(text('房间', 20).min(1, '房间名称不能为空')).max(RENOVATION_ROOMS_MAX, `最多${RENOVATION_ROOMS_MAX}个房间`).default([]),
  works: z.array(z.enum(RENOVATION_WORKS)).min(1, '请选择装修项目').max(RENOVATION_WORKS.length),
  forbidden: z
    .array(z.object({ key: z.string().trim().min(1).max(40), reason: text('申请理由', RENOVATION_TEXT_MAX).optional() }).strict())
    .max(20)
    .default([]),
  description: text('装修说明', RENOVATION_TEXT_MAX).default(''),
  contractor: z
    .object({
      company: text('施工单位', 50).default(''),
      licence: text('营业执照/资质证书编号', 40).default(''),
      foreman: z.union([z.literal(''), personName]).default(''),
      phone: optionalPhone,
    })
    .strict()
    .default({}),
  workers: z.array(workerInput).max(RENOVATION_WORKERS_MAX, `施工人员最多${RENOVATION_WORKERS_MAX}人`).default([]),
  plannedStart: renovationDay('开工日期'),
  plannedEnd: renovationDay('完工日期'),
  /** Drawings and photos (files); omitted on an update: kept as they are. */
  drawingIds: z.array(fileId).max(9, '图纸/照片最多9张').optional(),
};

export const renovationApplicationActions = {
  /** One renovation as pages show it (owner: of my units; staff: of the community), with the events the caller may fire. */
  detail: action<RenovationView>()(z.object({ renovationId: objectId }).strict(), community([...ALL], ref)),
  /** Staff: the community's renovations by status, or found by unit / owner / contractor (`q`); owner: mine. Newest first. */
  list: action<Paged<RenovationSummary>>()(
    z.object({ status: z.enum(RENOVATION_STATUSES).optional(), q: z.string().trim().max(30).optional(), page, pageSize }).strict(),
    community([...ALL]),
  ),
  /**
   * 申请装修: a draft for a unit (owner: one of my units; agent/manager: any unit, with the owner's
   * name and phone). One per `requestId`; a unit with an open renovation → 409 RENOVATION.ALREADY_OPEN.
   */
  create: action<RenovationView>()(
    z
      .object({
        requestId,
        unitId: objectId,
        owner: z.object({ name: personName, phone: phoneField }).strict().optional(),
        ...applicationFields,
      })
      .strict(),
    // accountUnit: any unit of the community for staff, one of their own units for an owner.
    community([...ALL], { unitId: 'accountUnit' }),
  ),
  /** Change a draft (or a returned application): the fields as given replace the ones before. */
  update: action<RenovationView>()(z.object({ renovationId: objectId, ...applicationFields }).strict(), community([...ALL], ref)),
  /**
   * 签署: the owner or the contractor's person in charge signs papers (both by default) with a
   * signature drawn on the phone (an image the caller uploaded, purpose 'signature').
   */
  sign: action<RenovationView>()(
    z
      .object({
        renovationId: objectId,
        signer: z.enum(RENOVATION_SIGNERS),
        name: personName,
        papers: z.array(z.enum(RENOVATION_PAPERS)).min(1).max(RENOVATION_PAPERS.length).default([...RENOVATION_PAPERS]),
        fileId: z.string().regex(/^f_[a-f0-9]{24}$/, '签名文件编号不正确'),
      })
      .strict(),
    community([...ALL], ref),
  ),
  /** 提交申请: draft/returned → submitted (complete, all four signatures, forbidden works only with a reason where an exception is possible). */
  submit: action<RenovationView>()(z.object({ renovationId: objectId }).strict(), community([...ALL], ref)),
  /** 撤销: owner or staff, before the works start. */
  cancel: action<RenovationView>()(z.object({ renovationId: objectId, reason: text('撤销原因', 200).optional() }).strict(), community([...ALL], ref)),
  /** The community's renovation settings (forbidden works, papers, fee items, working hours, patrol frequency). */
  settings: action<RenovationSettingsView>()(z.object({}).strict().optional().default({}), community([...ALL])),
  /** Manager: save the settings (the lists as given replace the ones before; applications already made keep what they named). */
  saveSettings: action<RenovationSettingsView>()(
    z
      .object({
        forbiddenWorks: z
          .array(
            z
              .object({
                key: z.string().trim().regex(/^[a-z0-9_]{2,40}$/, '编号为2到40位小写字母、数字或_'),
                label: text('名称', 40).min(1, '请填写禁止行为名称'),
                rule: text('规定', 200).min(1, '请填写依据的规定'),
                exceptionAllowed: z.boolean().default(false),
              })
              .strict(),
          )
          .max(30, '禁止行为最多30项')
          .refine((l) => new Set(l.map((w) => w.key)).size === l.length, '禁止行为编号不能重复'),
        papers: z.object({ pledge: text('承诺书', 5000).min(20, '承诺书内容太短'), agreement: text('协议书', 5000).min(20, '协议书内容太短') }).strict(),
        feeItems: z.object(Object.fromEntries(RENOVATION_FEE_KINDS.map((k) => [k, objectId.optional()])) as Record<RenovationFeeKind, z.ZodOptional<typeof objectId>>).strict().default({}),
        workingHours: z
          .object({
            workdays: z.array(period).max(4),
            restDays: z.array(period).max(4),
            allDay: period,
          })
          .strict(),
        patrolEveryDays: z.number().int().min(1, '巡查间隔至少1天').max(30, '巡查间隔最多30天'),
      })
      .strict(),
    community(['manager']),
  ),
};
