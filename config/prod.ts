import type { UserConfigExport } from '@tarojs/cli';

/** `taro build` (NODE_ENV=production): minified, no source maps in the package. */
export default {
  mini: {},
  h5: {},
} satisfies UserConfigExport<'webpack5'>;
