/**
 * `npm run test:<tier> [-- <jest arguments>]`: jest with the caller's arguments and
 * `--selectProjects <tier>` placed last — that option takes every word after it, so it cannot
 * come first in the npm script (a file path or `--json` would be read as a project name).
 */
'use strict';
const [tier, ...args] = process.argv.slice(2);
require('jest').run([...args, '--selectProjects', tier]);
