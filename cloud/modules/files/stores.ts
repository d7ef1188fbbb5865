import { getConfig, type Config } from '../../lib/config';
import { createCloudbaseStore } from './cloudbase-store';
import type { FileStore } from './file-store';
import { createLocalStore } from './local-store';

let current: { config: Config; store: FileStore } | null = null;

/** The configured file store (FILE_STORE), made again when the configuration is read again. */
export function fileStore(): FileStore {
  const config = getConfig();
  if (current?.config !== config) {
    const { kind, cloudbaseEnv, linkTtlMs } = config.fileStore;
    const store = kind === 'cloudbase' ? createCloudbaseStore(cloudbaseEnv!, linkTtlMs) : createLocalStore(config.filesDir, linkTtlMs);
    current = { config, store };
  }
  return current.store;
}
