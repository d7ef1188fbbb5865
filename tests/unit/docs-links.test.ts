import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The documentation's relative links resolve: README.md and every page under docs/ link only to
 * files and folders that exist, and a link with an anchor (`page.md#heading`, `#heading`) names a
 * heading of that page (as GitHub makes its anchors). And every page under docs/ is reachable from
 * both the README's Documentation list and the docs index.
 */
const ROOT = path.resolve(__dirname, '../..');
const DOCS = path.join(ROOT, 'docs');

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? markdownFiles(p) : p.endsWith('.md') ? [p] : [];
  });
}

const PAGES = [path.join(ROOT, 'README.md'), ...markdownFiles(DOCS)];
const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join('/');

/** The text outside fenced code blocks, inline code and HTML comments (links there are examples, not links). */
function prose(markdown: string): string {
  return markdown
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '')
    .replace(/`[^`\n]*`/g, '');
}

/** Inline links and images: `[text](target)` / `![alt](target "title")`. */
function linksOf(markdown: string): string[] {
  return [...prose(markdown).matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]);
}

/** GitHub's anchor of a heading: its text without markup, lower case, punctuation dropped, spaces → '-'. */
function slug(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*~]|<[^>]+>/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors of a page's headings (a repeated heading gets -1, -2…, as on GitHub). */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const withoutCode = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  for (const m of withoutCode.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = slug(m[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n ? `${base}-${n}` : base);
  }
  return anchors;
}

const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target);

/** Every relative link of a page that does not resolve, with the reason. */
function brokenLinks(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const broken: string[] = [];
  for (const target of linksOf(text)) {
    if (isExternal(target)) continue;
    const [pathPart, anchor] = target.split('#', 2) as [string, string | undefined];
    const resolved = pathPart ? path.resolve(path.dirname(file), decodeURI(pathPart)) : file;
    if (!resolved.startsWith(ROOT)) {
      broken.push(`${rel(file)}: ${target} leaves the repository`);
      continue;
    }
    if (!existsSync(resolved)) {
      broken.push(`${rel(file)}: ${target} → ${rel(resolved)} does not exist`);
      continue;
    }
    if (anchor !== undefined && resolved.endsWith('.md') && !anchorsOf(readFileSync(resolved, 'utf8')).has(decodeURIComponent(anchor))) {
      broken.push(`${rel(file)}: ${target} → no heading #${anchor} in ${rel(resolved)}`);
    }
  }
  return broken;
}

/** The pages a page links to (resolved, without anchors). */
function linkedPages(file: string): Set<string> {
  const out = new Set<string>();
  for (const target of linksOf(readFileSync(file, 'utf8'))) {
    if (isExternal(target)) continue;
    const pathPart = target.split('#')[0];
    if (pathPart) out.add(path.resolve(path.dirname(file), decodeURI(pathPart)));
  }
  return out;
}

describe('documentation links', () => {
  it('When README.md or a page under docs/ links to a file, a folder or a heading, then it exists', () => {
    expect(PAGES.flatMap(brokenLinks)).toEqual([]);
  });

  it('When a page is under docs/, then the README and the docs index link to it', () => {
    const index = path.join(DOCS, 'README.md');
    const fromReadme = linkedPages(path.join(ROOT, 'README.md'));
    const fromIndex = linkedPages(index);
    const pages = markdownFiles(DOCS);
    expect(pages.filter((p) => !fromReadme.has(p)).map(rel)).toEqual([]);
    expect(pages.filter((p) => p !== index && !fromIndex.has(p)).map(rel)).toEqual([]);
  });

  it('When a heading has markup, punctuation or Chinese, then its anchor is the one GitHub makes', () => {
    expect(slug('What `npm start` does')).toBe('what-npm-start-does');
    expect(slug('Demo logins (demo mode only)')).toBe('demo-logins-demo-mode-only');
    expect(slug('Repairs (报修 → 派单)')).toBe('repairs-报修--派单');
    expect(slug('Agent and manager: repairs')).toBe('agent-and-manager-repairs');
    expect(slug('Owner-group sentiment')).toBe('owner-group-sentiment');
  });

  it('When a link is broken, then the check reports it', () => {
    // Guards the check itself: a parser that found no links would pass vacuously.
    expect(linksOf('see [a](docs/x.md#y), `[b](not-a-link.md)` and ![c](img.png "t")')).toEqual(['docs/x.md#y', 'img.png']);
    expect(PAGES.reduce((n, p) => n + linksOf(readFileSync(p, 'utf8')).length, 0)).toBeGreaterThan(50);
  });
});
