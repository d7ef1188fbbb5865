import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';

const root = path.resolve(__dirname, '..');
const sharedDir = path.join(root, 'shared');
const platform = process.env.TARO_ENV ?? 'weapp';

/**
 * Where the client sends cloud-function calls (baked in at build time):
 * - TARO_APP_TRANSPORT: 'gateway' (HTTP POST `${API_BASE}/fn/<name>`, default) or 'cloud'
 *   (wx.cloud.callFunction, weapp on CloudBase only).
 * - TARO_APP_API_BASE: the gateway origin. Default: same origin for h5 (''), and
 *   http://127.0.0.1:3000 for weapp (the local gateway of `npm start`).
 * - TARO_APP_CLOUD_ENV: CloudBase environment id for the 'cloud' transport ('' = the current env).
 * At run time the storage key `wuye.apiBase` overrides API_BASE (see client/src/services/cloud.ts).
 */
function clientConstants(): Record<string, string> {
  const transport = process.env.TARO_APP_TRANSPORT || 'gateway';
  if (transport !== 'gateway' && transport !== 'cloud') {
    throw new Error(`TARO_APP_TRANSPORT 只能是 gateway 或 cloud，当前为 ${transport}`);
  }
  if (transport === 'cloud' && platform !== 'weapp') {
    throw new Error('TARO_APP_TRANSPORT=cloud 只适用于微信小程序（--type weapp）');
  }
  const apiBase = (process.env.TARO_APP_API_BASE ?? (platform === 'weapp' ? 'http://127.0.0.1:3000' : '')).replace(/\/+$/, '');
  return {
    API_BASE: JSON.stringify(apiBase),
    API_TRANSPORT: JSON.stringify(transport),
    CLOUD_ENV: JSON.stringify(process.env.TARO_APP_CLOUD_ENV ?? ''),
  };
}

// https://docs.taro.zone/docs/config
export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'wuye-kefu',
    date: '2026-11-27',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'client/src',
    // weapp and h5 must not overwrite each other. CLIENT_OUTPUT_DIR (relative to the repository
    // root) puts a build elsewhere, e.g. the tests' CloudBase build (TARO_APP_TRANSPORT=cloud) in
    // dist/weapp-cloud beside the gateway build other tests load from dist/weapp.
    outputRoot: process.env.CLIENT_OUTPUT_DIR || `dist/${platform}`,
    plugins: [],
    defineConstants: clientConstants(),
    alias: {
      '@shared': sharedDir,
      '@': path.join(root, 'client/src'),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      // shared/ lives outside sourceRoot: let babel compile it too.
      compile: { include: [sharedDir] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
    h5: {
      publicPath: '/',
      // No React fast refresh in dev (it needs react-refresh packages we don't ship); live reload still works.
      devServer: { hot: false },
      staticDirectory: 'static',
      router: { mode: 'hash' },
      compile: { include: [sharedDir] },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      webpackChain(chain) {
        // Pages are lazy chunks: share what several pages use (services, hooks, Taro
        // components) instead of copying it into every page chunk (Taro's default: 'initial').
        const splitChunks = chain.optimization.get('splitChunks');
        if (splitChunks) chain.optimization.splitChunks({ ...splitChunks, chunks: 'all' });
        // No webpack size hint (a bare 编译警告 in `npm start`): bench/size.ts tracks the sizes.
        chain.performance.hints(false);
      },
    },
  };

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig);
  }
  return merge({}, baseConfig, prodConfig);
});
