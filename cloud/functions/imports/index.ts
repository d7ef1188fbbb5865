import { importsContract } from '@shared/contracts/imports.contract';
import * as imports from '../../modules/imports';
import { defineFunction } from '../../runtime';

export const main = defineFunction(
  'imports',
  importsContract,
  {
    template: (input) => imports.template(input.kind, input.format),
    preview: (input, { caller }) => imports.preview(caller, input),
    commit: (input, { caller }) => imports.commit(caller, input),
    history: (_input, { caller }) => imports.history(caller),
    export: (input, { caller }) => imports.exportList(caller, input.kind, input.format),
  },
  { access: [imports.access] },
);
