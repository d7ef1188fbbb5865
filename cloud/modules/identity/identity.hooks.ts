import { hook } from '../../lib/hooks';

/** What identity asks of the modules above it (lib/hooks.ts; plugged in cloud/runtime/wiring/). */
export const identityHooks = {
  /**
   * The names of communities by id (the community module owns them), for `auth.me`: only the ids
   * found are in the map. On the request path of every page: a by-id read when there is one id.
   */
  communityNames: hook<(ids: readonly string[]) => Promise<Map<string, string>>>('identity.communityNames'),
};
