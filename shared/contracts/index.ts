import { authContract } from './auth.contract';
import { communityContract } from './community.contract';

/** Every cloud function and its actions. The client is typed by this map. */
export const contracts = {
  auth: authContract,
  community: communityContract,
};

export type Contracts = typeof contracts;
export type FnName = keyof Contracts;
export type ActionName<F extends FnName> = keyof Contracts[F] & string;

export * from './contract';
export * from './auth.contract';
export * from './community.contract';
