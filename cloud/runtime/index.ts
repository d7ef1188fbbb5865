/**
 * The composition root, above the modules: the request pipeline every cloud function is defined
 * with, and (cloud/runtime/wiring/) the wiring of the modules' hooks. Cloud functions import this
 * file, the wiring they need and modules' `index.ts` only. `indexes.ts` (every module's indexes) is
 * imported by the scripts that deploy and seed, never by a function; `jobs.ts` (the job registry's
 * handlers, every module with a job) only by the `jobs` function and the gateway process.
 */
export { defineFunction, type AuthedCtx, type CallContext, type FunctionEvent, type FunctionMain, type FunctionOptions, type GatewayContext, type Handlers, type PublicCtx } from './pipeline';
