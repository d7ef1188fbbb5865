/**
 * Architecture boundaries (STYLE.md §What we take, 5; docs/architecture.md §Layers), checked by
 * `npm run lint:deps` and tests/unit/boundaries.test.ts. No exceptions: a rule that needs one is
 * changed in this file, with its reason, or the code is.
 *
 * Layers, lowest first: shared/ ← cloud/lib/ ← cloud/modules/<m>/ (each reached only through its
 * index.ts) ← cloud/runtime/ (the composition root) ← cloud/functions/ ← cloud/gateway/ (a
 * transport handed the functions). The client reaches the cloud only over the wire.
 */
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
      comment: 'the client reaches the cloud only through client/src/services/cloud.ts, over the wire (never by importing it)',
      severity: 'error',
      from: { path: '^client/' },
      to: { path: '^cloud/' },
    },
    {
      name: 'client-takes-only-types-from-contracts',
      comment:
        'shared/contracts carry zod schemas for the cloud to validate with; the client takes their types only (values it needs — limits, labels, choices — live in shared/domain), so no schema code ships in the mini-program',
      severity: 'error',
      from: { path: '^client/' },
      to: { path: '^shared/contracts/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'cloud-never-imports-client',
      severity: 'error',
      from: { path: '^cloud/' },
      to: { path: '^client/' },
    },
    {
      name: 'lib-is-infrastructure',
      comment: 'cloud/lib/ (db, errors, clock, config, claims, hooks, wechat…) knows no business module, function, gateway or the composition root',
      severity: 'error',
      from: { path: '^cloud/lib/' },
      to: { path: '^cloud/(modules|functions|gateway|runtime)/' },
    },
    {
      name: 'modules-use-public-apis',
      comment:
        'a module reaches another module only through its index.ts (its public API), never its models, services or notify; a cycle between modules is broken with a hook (cloud/lib/hooks.ts) that the runtime wires',
      severity: 'error',
      from: { path: '^cloud/modules/([^/]+)/' },
      to: { path: '^cloud/modules/[^/]+/', pathNot: ['^cloud/modules/$1/', '^cloud/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'module-internals-stay-inside',
      comment: 'outside cloud/modules (runtime, functions, gateway, lib, build), a module is reached only through its index.ts',
      severity: 'error',
      from: { path: '^cloud/', pathNot: '^cloud/modules/' },
      to: { path: '^cloud/modules/[^/]+/', pathNot: '^cloud/modules/[^/]+/index\\.ts$' },
    },
    {
      name: 'modules-stay-below-runtime',
      comment: 'modules never import the cloud functions, the gateway or the composition root (cloud/runtime) above them',
      severity: 'error',
      from: { path: '^cloud/modules/' },
      to: { path: '^cloud/(functions|gateway|runtime)/' },
    },
    {
      name: 'function-entries-stay-thin',
      comment: 'cloud/functions/* are one line per action over the runtime and modules: they never touch mongoose, a model, cloud/lib or the gateway',
      severity: 'error',
      from: { path: '^cloud/functions/' },
      to: { path: '(^node_modules/mongoose/|\\.model\\.ts$|^cloud/(lib|gateway)/)' },
    },
    {
      name: 'gateway-is-a-transport',
      comment: 'the gateway hosts the functions it is handed (scripts/system.ts); it imports no module, function or runtime code',
      severity: 'error',
      from: { path: '^cloud/gateway/' },
      to: { path: '^cloud/(modules|functions|runtime)/' },
    },
    { name: 'no-circular', comment: 'no import cycles anywhere (between modules: a hook instead)', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '(^dist/|\\.d\\.ts$)' },
  },
};
