/** Architecture boundaries (STYLE.md §What we take, 5), checked by `npm run lint:deps` and a unit test. */
module.exports = {
  forbidden: [
    {
      name: 'shared-is-leaf',
      comment: 'shared/ is imported by both sides and imports nothing from client/ or cloud/',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(client|cloud)/' },
    },
    {
      name: 'client-never-imports-cloud',
      comment: 'the client reaches the cloud only through services/cloud.ts over the wire',
      severity: 'error',
      from: { path: '^client/' },
      to: { path: '^cloud/' },
    },
    {
      name: 'cloud-never-imports-client',
      severity: 'error',
      from: { path: '^cloud/' },
      to: { path: '^client/' },
    },
    {
      name: 'function-entries-stay-thin',
      comment: 'cloud/functions/* call services; they never touch mongoose or models directly',
      severity: 'error',
      from: { path: '^cloud/functions/' },
      to: { path: '(^node_modules/mongoose/|\\.model\\.ts$)' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '(^dist/|\\.d\\.ts$)' },
  },
};
