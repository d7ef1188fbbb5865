import { bindingContract } from '@shared/contracts/binding.contract';
import { access, binding } from '../../modules/community';
import { defineFunction } from '../../runtime';

export const main = defineFunction(
  'binding',
  bindingContract,
  {
    options: (input, { caller }) => binding.options(caller, input),
    request: (input, { caller }) => binding.request(caller, input),
    mine: (_input, { caller }) => binding.mine(caller),
    unbind: ({ unitId }, { caller }) => binding.unbind(caller, unitId),
    tasks: (input, { caller }) => binding.tasks(caller, input),
    review: (input, { caller }) => binding.review(caller, input),
  },
  { access: [access] },
);
