import { AsyncLocalStorage } from 'node:async_hooks';

const seeding = new AsyncLocalStorage<true>();

/**
 * Run the demo seed's publishing (surveys, activities) without WeChat's content check: the text is
 * the product's own 范本, and `npm run seed` has no WeChat to ask. Only scripts call this — no request
 * reaches it — so every notice a person publishes is still checked.
 */
export function seedingDemo<T>(work: () => Promise<T>): Promise<T> {
  return seeding.run(true, work);
}

/** Inside `seedingDemo`: the content check is skipped. */
export const isSeedingDemo = (): boolean => seeding.getStore() === true;
