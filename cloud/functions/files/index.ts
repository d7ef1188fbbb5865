import { filesContract } from '@shared/contracts/files.contract';
import { defineFunction } from '../../lib/handle';
import { upload } from '../../modules/files/file.service';

export const main = defineFunction('files', filesContract, {
  upload: (input, { caller }) => upload(caller, input),
});
