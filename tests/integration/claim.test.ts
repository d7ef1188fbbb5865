import { claimOnce } from '../../cloud/lib/claim';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());

test('When many callers claim the same key at once, then exactly one wins, every time', async () => {
  for (let i = 0; i < 20; i++) {
    const results = await Promise.all(Array.from({ length: 5 }, () => claimOnce(`test.race:${i}`)));
    expect(results.filter(Boolean)).toHaveLength(1);
  }
});

test('When a key was claimed before, then claiming it again fails; other keys are independent', async () => {
  expect(await claimOnce('test.once:a')).toBe(true);
  expect(await claimOnce('test.once:a')).toBe(false);
  expect(await claimOnce('test.once:b')).toBe(true);
});
