import { complaintsContract } from '@shared/contracts/complaints.contract';
import * as community from '../../modules/community';
import * as complaints from '../../modules/complaints';
import * as identity from '../../modules/identity';
import * as repairs from '../../modules/repairs';
import { defineFunction } from '../../runtime';
import { wireServiceDesk } from '../../runtime/wiring/service-desk';

export const main = defineFunction(
  'complaints',
  complaintsContract,
  {
    submit: (input, { caller }) => complaints.submit(caller, input),
    record: (input, { caller }) => complaints.record(caller, input),
    mine: (_input, { caller }) => complaints.mine(caller),
    list: (input, { caller }) => complaints.list(caller, input),
    get: ({ complaintId }, { caller }) => complaints.get(caller, complaintId),
    accept: (input, { caller }) => complaints.accept(caller, input),
    assign: (input, { caller }) => complaints.assign(caller, input),
    setAboutUnit: (input, { caller }) => complaints.setAboutUnit(caller, input),
    investigate: (input, { caller }) => complaints.investigate(caller, input),
    reply: (input, { caller }) => complaints.reply(caller, input),
    confirm: (input, { caller }) => complaints.confirm(caller, input),
    unhappy: (input, { caller }) => complaints.unhappy(caller, input),
    close: (input, { caller }) => complaints.close(caller, input),
    board: (_input, { caller }) => complaints.board(caller),
    monthly: ({ month }, { caller }) => complaints.monthly(caller, month),
    settings: (_input, { caller }) => complaints.settingsOf(caller.communityId),
    saveSettings: (input, { caller }) => complaints.saveSettings(caller, input),
    handlers: (_input, { caller }) => complaints.handlers(caller),
  },
  { access: [community.access, identity.access, repairs.access, complaints.access], wiring: [wireServiceDesk] },
);
