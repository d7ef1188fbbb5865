import { communityNames, unitLabels } from '../../modules/community';
import { identityHooks } from '../../modules/identity';
import { messagingHooks } from '../../modules/messaging';

/**
 * The hooks of identity and messaging, which every function loads (the pipeline authenticates
 * through identity): the community module answers them. Applied by `defineFunction` itself.
 */
export function wireDirectory(): void {
  identityHooks.communityNames.plug(communityNames);
  messagingHooks.unitLabels.plug(unitLabels);
}
