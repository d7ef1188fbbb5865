import { randomInt } from 'node:crypto';
import { PASS_CODE_ALPHABET, PASS_CODE_LENGTH } from '@shared/domain/pass-code';

/**
 * A fresh pass code (desk's 放行条, renovation's 装修出入证): PASS_CODE_LENGTH characters of
 * PASS_CODE_ALPHABET from the cryptographic source. Callers store it under a unique index and draw
 * again on the (about one in 10^11) duplicate.
 */
export function newPassCode(): string {
  let code = '';
  for (let i = 0; i < PASS_CODE_LENGTH; i++) code += PASS_CODE_ALPHABET[randomInt(PASS_CODE_ALPHABET.length)];
  return code;
}
