import { filesContract } from '@shared/contracts/files.contract';
import { register, upload } from '../../modules/files';
import { defineFunction } from '../../runtime';

export const main = defineFunction('files', filesContract, {
  upload: (input, { caller }) => upload(caller, input),
  register: (input, { caller }) => register(caller, input),
});
