import { z } from 'zod';
import {
  ARCHIVE_STAFF,
  ARCHIVE_NOTE_MAX,
  ARCHIVE_TITLE_MAX,
  CONTRACT_AMOUNT_MAX_FEN,
  CONTRACT_KINDS,
  EQUIPMENT_CODE_MAX,
  EQUIPMENT_CYCLE_MAX_DAYS,
  EQUIPMENT_DOCS_MAX,
  EQUIPMENT_KINDS,
  EQUIPMENT_NAME_MAX,
  EQUIPMENT_STAFF,
  EQUIPMENT_TEXT_MAX,
  LOAN_KEEPERS,
  LOAN_PURPOSE_MAX,
} from '../domain/archives';
import type { ContractSummary, ContractView, DueSoonView, EquipmentSummary, EquipmentView, LoanView } from './archives-ledger-view';
import { action, calendarDay, community, empty, objectId, page, type Paged, pageSize } from './contract';

/**
 * The archive's ledger (archives.md "Ledger"): the equipment ledger (设备设施台账) with its
 * maintenance log, the service contracts (合同, managers only: anyone else gets 404 for a contract),
 * the borrowing log of paper originals (借阅) and the manager's 即将到期 card.
 */

const requestId = z.string({ message: '缺少请求编号' }).regex(/^[\w-]{8,64}$/, '请求编号格式不正确');
const day = calendarDay();
const text = (label: string, max: number) => z.string().trim().max(max, `${label}最多${max}字`);
const required = (label: string, max: number) => z.string({ message: `请填写${label}` }).trim().min(1, `请填写${label}`).max(max, `${label}最多${max}字`);
const docIds = z.array(objectId).max(EQUIPMENT_DOCS_MAX, `最多关联${EQUIPMENT_DOCS_MAX}份档案`).default([]);
const phone = z.string().trim().regex(/^[\d+\-\s]{0,20}$/, '电话号码格式不正确');

const equipmentFields = {
  kind: z.enum(EQUIPMENT_KINDS, { message: '请选择设备类别' }),
  name: required('设备名称', EQUIPMENT_NAME_MAX),
  code: required('设备编号', EQUIPMENT_CODE_MAX),
  location: required('安装位置', EQUIPMENT_TEXT_MAX),
  buildingId: objectId.optional(),
  maker: text('生产厂家', EQUIPMENT_TEXT_MAX).optional(),
  modelNo: text('型号', EQUIPMENT_TEXT_MAX).optional(),
  maintainer: text('维保单位', EQUIPMENT_TEXT_MAX).optional(),
  maintainerPhone: phone.optional(),
  installedOn: day.optional(),
  cycleDays: z.number().int('维保周期应为整数天').min(1, '维保周期至少1天').max(EQUIPMENT_CYCLE_MAX_DAYS, '维保周期过长').optional(),
  lastMaintainedOn: day.optional(),
  /** The next inspection due; omitted: the last maintenance plus the cycle. */
  nextDueOn: day.optional(),
  docIds,
};

const contractFields = {
  title: required('合同名称', ARCHIVE_TITLE_MAX),
  party: required('对方单位', EQUIPMENT_TEXT_MAX),
  kind: z.enum(CONTRACT_KINDS, { message: '请选择合同类别' }),
  startOn: day,
  endOn: day,
  amountFen: z.number({ message: '请填写合同金额' }).int('金额以分计，应为整数').min(0, '金额不能为负').max(CONTRACT_AMOUNT_MAX_FEN, '金额过大'),
  note: text('备注', ARCHIVE_NOTE_MAX).optional(),
  docIds,
};

const eqRef = { equipmentId: 'equipment', buildingId: 'building', docIds: 'archiveDoc' } as const;
const contractRef = { contractId: 'archiveContract', docIds: 'archiveDoc' } as const;

export const archivesLedgerActions = {
  /** Equipment staff: the ledger (in use or retired), by kind; `due: 'soon'` — inspections due within 30 days or overdue, soonest first. */
  equipmentList: action<Paged<EquipmentSummary>>()(
    z
      .object({ kind: z.enum(EQUIPMENT_KINDS).optional(), due: z.enum(['soon', 'all']).default('all'), status: z.enum(['active', 'retired']).default('active'), page, pageSize })
      .strict()
      .optional()
      .default({}),
    community([...EQUIPMENT_STAFF]),
  ),
  /** Equipment staff: one item with its documents, maintenance log and history. */
  equipmentGet: action<EquipmentView>()(z.object({ equipmentId: objectId }).strict(), community([...EQUIPMENT_STAFF], { equipmentId: 'equipment' })),
  /** Equipment staff: a new item of the ledger (idempotent by request id); its documents are ArchiveDocs of category equipment. */
  equipmentCreate: action<EquipmentView>()(z.object({ requestId, ...equipmentFields }).strict(), community([...EQUIPMENT_STAFF], { buildingId: 'building', docIds: 'archiveDoc' })),
  /** Equipment staff: an item's fields and documents, all as given. */
  equipmentUpdate: action<EquipmentView>()(z.object({ equipmentId: objectId, ...equipmentFields }).strict(), community([...EQUIPMENT_STAFF], eqRef)),
  /** Equipment staff: record a maintenance (date, by, note, next due: default the date plus the cycle); idempotent by request id. */
  equipmentMaintain: action<EquipmentView>()(
    z
      .object({ equipmentId: objectId, requestId, on: day, by: required('维保人', EQUIPMENT_TEXT_MAX), note: text('说明', ARCHIVE_NOTE_MAX).optional(), nextDueOn: day.optional() })
      .strict(),
    community([...EQUIPMENT_STAFF], { equipmentId: 'equipment' }),
  ),
  /** Managers: retire an item (报废/停用): no more reminders. */
  equipmentRetire: action<EquipmentView>()(z.object({ equipmentId: objectId, note: text('说明', ARCHIVE_NOTE_MAX).optional() }).strict(), community(['manager'], { equipmentId: 'equipment' })),

  /** Managers: the contracts (in force or ended), by kind, soonest end first. */
  contractList: action<Paged<ContractSummary>>()(
    z
      .object({ status: z.enum(['active', 'ended']).default('active'), kind: z.enum(CONTRACT_KINDS).optional(), page, pageSize })
      .strict()
      .optional()
      .default({}),
    community(['manager']),
  ),
  /** A contract: managers only — anyone else of the archive's staff gets 404, as for a contract that does not exist. */
  contractGet: action<ContractView>()(z.object({ contractId: objectId }).strict(), community([...ARCHIVE_STAFF], { contractId: 'archiveContract' })),
  /** Managers: a new contract (idempotent by request id); amount in 分; documents are ArchiveDocs of category contract. */
  contractCreate: action<ContractView>()(z.object({ requestId, ...contractFields }).strict(), community(['manager'], { docIds: 'archiveDoc' })),
  /** Managers (anyone else: 404): a contract's fields and documents, all as given (an extension is a later end date). */
  contractUpdate: action<ContractView>()(z.object({ contractId: objectId, ...contractFields }).strict(), community([...ARCHIVE_STAFF], contractRef)),
  /** Managers (anyone else: 404): end a contract (终止): no more reminders. */
  contractEnd: action<ContractView>()(
    z.object({ contractId: objectId, endedOn: day.optional(), note: text('说明', ARCHIVE_NOTE_MAX).optional() }).strict(),
    community([...ARCHIVE_STAFF], { contractId: 'archiveContract' }),
  ),

  /**
   * Keepers (agents, managers): lend a document's paper original — to a staff member of the
   * community (`borrowerId`) or someone from outside by name — until `dueOn`. One loan at a time:
   * an original already out → 409 ARCHIVE.ALREADY_OUT naming who has it. Idempotent by request id.
   */
  loanCreate: action<LoanView>()(
    z
      .object({
        requestId,
        docId: objectId,
        borrowerId: objectId.optional(),
        borrowerName: text('借阅人', 20).optional(),
        purpose: required('借阅事由', LOAN_PURPOSE_MAX),
        dueOn: day,
      })
      .strict(),
    community([...LOAN_KEEPERS], { docId: 'archiveDoc', borrowerId: 'staff' }),
  ),
  /** Keepers: the original is back (again: answered as it is). */
  loanReturn: action<LoanView>()(z.object({ loanId: objectId, note: text('说明', ARCHIVE_NOTE_MAX).optional() }).strict(), community([...LOAN_KEEPERS], { loanId: 'archiveLoan' })),
  /** Archive staff: loans (open, overdue or all; of a document) — keepers all of the categories they see, others their own. */
  loanList: action<Paged<LoanView>>()(
    z
      .object({ state: z.enum(['open', 'overdue', 'all']).default('open'), docId: objectId.optional(), page, pageSize })
      .strict()
      .optional()
      .default({}),
    community([...ARCHIVE_STAFF], { docId: 'archiveDoc' }),
  ),
  /** Keepers: the community's staff a paper original may be lent to (name and roles; no phones). */
  loanBorrowers: action<{ id: string; name: string }[]>()(empty, community([...LOAN_KEEPERS])),
  /** Managers: the 即将到期 card — inspections and contract ends within 30 days (or passed), overdue loans; soonest first, with counts. */
  dueSoon: action<DueSoonView>()(empty, community(['manager'])),
};
