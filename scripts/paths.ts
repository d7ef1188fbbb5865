import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** The repository root, whether running from scripts/ (tsx) or from a bundle in dist/server/. */
export function repoRoot(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'project.config.json')) || !existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot find the repository root above ${from}`);
    dir = up;
  }
  return dir;
}

function newestMtime(p: string): number {
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(p).reduce((max, name) => Math.max(max, newestMtime(path.join(p, name))), st.mtimeMs);
}

/** What a client build (weapp or h5) is made from, relative to the repository root. */
export const CLIENT_BUILD_INPUTS = ['client/src', 'shared', 'config', 'babel.config.js', 'project.config.json'];

/** True when `builtFile` exists and is newer than every file of the build's inputs. */
export function isBuildFresh(builtFile: string, root: string = repoRoot()): boolean {
  if (!existsSync(builtFile)) return false;
  const inputsAt = Math.max(...CLIENT_BUILD_INPUTS.map((s) => path.join(root, s)).filter(existsSync).map(newestMtime));
  return statSync(builtFile).mtimeMs >= inputsAt;
}
