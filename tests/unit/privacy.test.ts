import { maskIdNumber, maskPhone } from '@shared/domain/privacy';

test.each([
  ['13812341234', '138****1234'],
  ['139 0000 1502', '139 **** 1502'],
  ['0571-88886666', '0571-****6666'],
  ['88886666', '888*6666'],
  ['12345', '*****'],
  ['', ''],
])('When the phone is %p, then it is shown as %p', (phone, masked) => {
  expect(maskPhone(phone)).toBe(masked);
});

test.each([
  ['330106199001011234', '3301**********1234'],
  ['33010619900101123X', '3301**********123X'],
  ['H1234567', '********'],
])('When the ID number is %p, then it is shown as %p', (id, masked) => {
  expect(maskIdNumber(id)).toBe(masked);
});
