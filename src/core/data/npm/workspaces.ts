import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { asObject, type Limiter } from './io';
import { parseBlockYaml } from '../blockYaml';

/** The `workspaces` of a package.json: an array of globs, or `{ packages: [...] }` (Yarn classic). */
export function manifestWorkspacePatterns(manifest: Readonly<Record<string, unknown>> | undefined): string[] {
  const workspaces = manifest?.workspaces;
  const list = Array.isArray(workspaces) ? workspaces : asObject(workspaces)?.packages;
  return Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string' && item.trim() !== '') : [];
}

/** The `packages` globs of a pnpm-workspace.yaml; throws when it is not YAML. */
export function pnpmWorkspacePatterns(text: string): string[] {
  const packages = asObject(parseBlockYaml(text))?.packages;
  return Array.isArray(packages) ? packages.filter((item): item is string => typeof item === 'string' && item.trim() !== '') : [];
}

const MAX_GLOBSTAR_DEPTH = 8;

/** A glob (`*`, `?`, `**`) as a regular expression over forward-slash relative paths. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index];
    if (char === '*') {
      if (glob[index + 1] === '*') {
        const slash = glob[index + 2] === '/';
        source += slash ? '(?:.*/)?' : '.*';
        index += slash ? 2 : 1;
      } else {
        source += '[^/]*';
      }
    } else if (char === '?') {
      source += '[^/]';
    } else {
      source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}/?$`);
}

function normalizePattern(pattern: string): string {
  let result = pattern.trim().split('\\').join('/');
  while (result.startsWith('./')) {
    result = result.slice(2);
  }
  return result.replace(/\/+$/, '');
}

/**
 * The folders the workspace globs name, absolute; `!` patterns exclude. Only folders are
 * returned; whether they hold a package.json is up to the caller. `node_modules` and dot
 * folders are never searched by `*` or `**`.
 */
export async function expandWorkspaces(rootDir: string, patterns: readonly string[], limiter: Limiter): Promise<string[]> {
  const includes = patterns.filter((pattern) => !pattern.trim().startsWith('!')).map(normalizePattern);
  const excludes = patterns
    .filter((pattern) => pattern.trim().startsWith('!'))
    .map((pattern) => globToRegExp(normalizePattern(pattern.trim().slice(1))));
  const found = new Set<string>();
  const subfolders = async (dir: string): Promise<string[]> => {
    try {
      const entries = await limiter.run(() => fs.readdir(dir, { withFileTypes: true }));
      return entries.filter((entry) => (entry.isDirectory() || entry.isSymbolicLink()) && entry.name !== 'node_modules' && !entry.name.startsWith('.')).map((entry) => entry.name);
    } catch {
      return [];
    }
  };
  const step = async (dir: string, segments: readonly string[], index: number, globstarDepth: number): Promise<void> => {
    if (index === segments.length) {
      found.add(dir);
      return;
    }
    const segment = segments[index];
    if (segment === '**') {
      await step(dir, segments, index + 1, globstarDepth);
      if (globstarDepth < MAX_GLOBSTAR_DEPTH) {
        await Promise.all((await subfolders(dir)).map((name) => step(path.join(dir, name), segments, index, globstarDepth + 1)));
      }
    } else if (segment.includes('*') || segment.includes('?')) {
      const matcher = globToRegExp(segment);
      await Promise.all((await subfolders(dir)).filter((name) => matcher.test(name)).map((name) => step(path.join(dir, name), segments, index + 1, globstarDepth)));
    } else {
      await step(path.join(dir, segment), segments, index + 1, globstarDepth);
    }
  };
  await Promise.all(includes.filter((pattern) => pattern !== '' && pattern !== '.').map((pattern) => step(rootDir, pattern.split('/').filter((segment) => segment !== '' && segment !== '.'), 0, 0)));
  return [...found]
    .filter((dir) => {
      const relative = path.relative(rootDir, dir).split(path.sep).join('/');
      return relative !== '' && !excludes.some((exclude) => exclude.test(relative));
    })
    .sort();
}
