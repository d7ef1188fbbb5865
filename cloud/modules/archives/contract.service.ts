import type { ContractSummary, ContractView } from '@shared/contracts/archives-ledger-view';
import type { Paged } from '@shared/contracts/contract';
import { localDay } from '@shared/domain/calendar';
import { dueState, dueText, type ContractKind, type ContractStatus } from '@shared/domain/archives';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { createOnce } from '../../lib/idempotent';
import { paged } from '../../lib/paging';
import { actorOf, mutateRevision } from '../../lib/revision';
import { ArchiveContract, type ContractRecord } from './contract.model';
import { attachedDocs, checkDocs, historyOf, markUsedBy } from './ledger-docs';

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

const SPEC = { kind: 'archiveContract', model: ArchiveContract as never, notFound: 'CONTRACT.NOT_FOUND' as const };

const today = () => localDay(now());
const cid = (caller: Caller) => new ObjectId(caller.communityId);
const usedByOf = (id: Id | string) => `contract:${String(id)}`;

export interface ContractFields {
  title: string;
  party: string;
  kind: ContractKind;
  startOn: string;
  endOn: string;
  amountFen: number;
  note?: string;
  docIds: string[];
}

/** Managers only (the access check answers 404 to anyone else; the services check again). */
async function load(caller: Caller, id: string | Id): Promise<ContractRecord> {
  const c = (await ArchiveContract.findById(new ObjectId(String(id))).lean()) as ContractRecord | null;
  if (!c || String(c.communityId) !== caller.communityId || !caller.roles.includes('manager')) throw new AppError('CONTRACT.NOT_FOUND');
  return c;
}

function summaryOf(c: ContractRecord, day: string): ContractSummary {
  const active = c.status === 'active';
  return {
    id: String(c._id),
    title: c.title,
    party: c.party,
    kind: c.kind as ContractKind,
    startOn: c.startOn,
    endOn: c.endOn,
    amountFen: c.amountFen,
    status: c.status as ContractStatus,
    due: active ? dueState(day, c.endOn) : 'none',
    ...(active ? { dueText: dueText(day, c.endOn) } : {}),
  };
}

async function viewOf(c: ContractRecord): Promise<ContractView> {
  const active = c.status === 'active';
  return {
    ...summaryOf(c, today()),
    ...(c.note ? { note: c.note } : {}),
    ...(c.endedOn ? { endedOn: c.endedOn } : {}),
    docs: await attachedDocs(c.docIds as Id[]),
    history: historyOf(c.history),
    can: { edit: active, end: active },
  };
}

function checkTerm(f: ContractFields): void {
  if (f.endOn < f.startOn) throw new AppError('CONTRACT.BAD_DATES', undefined, { issues: [{ path: 'endOn', message: '合同结束日期不能早于开始日期' }] });
}

export async function contractList(caller: Caller, input: { status: ContractStatus; kind?: ContractKind; page: number; pageSize: number }): Promise<Paged<ContractSummary>> {
  const day = today();
  const filter = { communityId: cid(caller), status: input.status, ...(input.kind ? { kind: input.kind } : {}) };
  return paged({ model: ArchiveContract, filter, sort: input.status === 'active' ? { endOn: 1 } : { endOn: -1 } }, input, (docs: ContractRecord[]) => docs.map((d) => summaryOf(d, day)));
}

export async function contractGet(caller: Caller, input: { contractId: string }): Promise<ContractView> {
  return viewOf(await load(caller, input.contractId));
}

export async function contractCreate(caller: Caller, input: ContractFields & { requestId: string }): Promise<ContractView> {
  const communityId = cid(caller);
  const key = `archiveContract:${caller.userId}:${input.requestId}`;
  const { doc } = await createOnce<ContractRecord>({
    model: ArchiveContract,
    key,
    build: async (_id) => {
      checkTerm(input);
      const docIds = await checkDocs(communityId, input.docIds, 'contract');
      return {
        _id,
        communityId,
        requestKey: key,
        title: input.title,
        party: input.party,
        kind: input.kind,
        startOn: input.startOn,
        endOn: input.endOn,
        amountFen: input.amountFen,
        ...(input.note ? { note: input.note } : {}),
        docIds,
        status: 'active',
        rev: 0,
        byId: new ObjectId(caller.userId),
        byName: caller.name,
        history: [{ at: now(), event: 'create', to: 'active', byId: new ObjectId(caller.userId), byName: caller.name, note: `${input.startOn} 至 ${input.endOn}` }],
      };
    },
  });
  await markUsedBy(usedByOf(doc._id), doc.docIds as Id[]);
  return viewOf(doc);
}

export async function contractUpdate(caller: Caller, input: ContractFields & { contractId: string }): Promise<ContractView> {
  const c = await load(caller, input.contractId);
  if (c.status !== 'active') throw new AppError('CONTRACT.ENDED');
  checkTerm(input);
  const docIds = await checkDocs(c.communityId as Id, input.docIds, 'contract');
  const { doc } = await mutateRevision<ContractRecord>(SPEC, c._id, actorOf(caller), (cur) => {
    if (cur.status !== 'active') throw new AppError('CONTRACT.ENDED');
    return {
      event: 'edit',
      note: cur.endOn !== input.endOn ? `到期日 ${cur.endOn} → ${input.endOn}` : input.title,
      set: { title: input.title, party: input.party, kind: input.kind, startOn: input.startOn, endOn: input.endOn, amountFen: input.amountFen, docIds, ...(input.note ? { note: input.note } : {}) },
      ...(!input.note && cur.note ? { unset: ['note'] } : {}),
    };
  });
  await markUsedBy(usedByOf(c._id), docIds, c.docIds as Id[]);
  return viewOf(doc);
}

/** End a contract (终止, on a day: default today): no more reminders (again: answered as it is). */
export async function contractEnd(caller: Caller, input: { contractId: string; endedOn?: string; note?: string }): Promise<ContractView> {
  const c = await load(caller, input.contractId);
  const endedOn = input.endedOn ?? today();
  const { doc } = await mutateRevision<ContractRecord>(SPEC, c._id, actorOf(caller), (cur) =>
    cur.status === 'ended' ? null : { event: 'end', to: 'ended', set: { endedOn }, note: `${endedOn}${input.note ? ` ${input.note}` : ''}` },
  );
  return viewOf(doc);
}
