import { complaintsContract } from '@shared/contracts/complaints.contract';
import { defineFunction } from '../../lib/handle';
import * as complaints from '../../modules/complaints/complaint.service';
import * as reports from '../../modules/complaints/reports';
import * as settings from '../../modules/complaints/settings.service';

export const main = defineFunction('complaints', complaintsContract, {
  submit: (input, { caller }) => complaints.submit(caller, input),
  record: (input, { caller }) => complaints.record(caller, input),
  mine: (_input, { caller }) => complaints.mine(caller),
  list: (input, { caller }) => complaints.list(caller, input),
  get: ({ complaintId }, { caller }) => complaints.get(caller, complaintId),
  accept: (input, { caller }) => complaints.accept(caller, input),
  assign: (input, { caller }) => complaints.assign(caller, input),
  investigate: (input, { caller }) => complaints.investigate(caller, input),
  reply: (input, { caller }) => complaints.reply(caller, input),
  confirm: (input, { caller }) => complaints.confirm(caller, input),
  unhappy: (input, { caller }) => complaints.unhappy(caller, input),
  close: (input, { caller }) => complaints.close(caller, input),
  board: (_input, { caller }) => reports.board(caller),
  monthly: ({ month }, { caller }) => reports.monthly(caller, month),
  settings: (_input, { caller }) => settings.settingsOf(caller.communityId),
  saveSettings: (input, { caller }) => settings.saveSettings(caller, input),
  handlers: (_input, { caller }) => complaints.handlers(caller),
});
