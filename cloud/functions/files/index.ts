import { filesContract } from '@shared/contracts/files.contract';
import { upload } from '../../modules/files';
import { defineFunction } from '../../runtime';

export const main = defineFunction('files', filesContract, {
  upload: (input, { caller }) => upload(caller, input),
});
