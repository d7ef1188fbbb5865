import type { FnName } from '@shared/contracts';
import type { FunctionMain } from '../runtime';
import { main as auth } from './auth';
import { main as binding } from './binding';
import { main as community } from './community';
import { main as complaints } from './complaints';
import { main as fees } from './fees';
import { main as files } from './files';
import { main as followups } from './followups';
import { main as imports } from './imports';
import { main as jobs } from './jobs';
import { main as messaging } from './messaging';
import { main as notices } from './notices';
import { main as repairs } from './repairs';
import { main as sentiment } from './sentiment';
import { main as dashboard } from './dashboard';
import { main as knowledge } from './knowledge';
import { main as desk } from './desk';
import { main as movein } from './movein';
import { main as renovation } from './renovation';
import { main as life } from './life';
import { main as archives } from './archives';
import { main as growth } from './growth';

/** Every cloud function, by name: what the gateway hosts and cloud/build.ts bundles. */
export const functions: Record<FnName, FunctionMain> = { auth, community, binding, imports, messaging, files, repairs, followups, notices, fees, complaints, sentiment, dashboard, knowledge, desk, movein, renovation, life, archives, growth, jobs };
