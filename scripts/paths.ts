import { existsSync } from 'node:fs';
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
