import type { FnName } from '@shared/contracts';
import type { FunctionMain } from '../lib/handle';
import { main as auth } from './auth';
import { main as binding } from './binding';
import { main as community } from './community';
import { main as imports } from './imports';
import { main as jobs } from './jobs';
import { main as messaging } from './messaging';

/** Every cloud function, by name: what the gateway hosts and cloud/build.ts bundles. */
export const functions: Record<FnName, FunctionMain> = { auth, community, binding, imports, messaging, jobs };
