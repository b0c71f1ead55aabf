import { isDue, startPace, takeTurn, type Pace } from '../turns';
import { graphToPackages, type GraphNode } from './graph';
import { downloadUrl } from '../downloadUrl';
import { integrityToHashes, sha1FromTarballUrl } from './integrity';
import { asObject, asString, errorMessage } from './io';
import type { LockParseResult } from './packageLock';
import { manifestDependencyKinds, type EdgeKind } from './scopes';
import { parseBlockYamlInTurns } from '../blockYaml';

/** A package.json of the project or one of its workspace packages. */
export interface ProjectManifest {
  /** Its folder relative to the project folder with forward slashes; `''` for the project itself. */
  readonly relativeDir: string;
  readonly manifest: Readonly<Record<string, unknown>>;
}

/** `yarn.lock`: Berry (YAML with `__metadata`) or classic v1 (its own indented format). */
export function parseYarnLock(text: string, fileName: string, projectManifests: readonly ProjectManifest[]): Promise<LockParseResult> {
  return isBerry(text) ? parseBerry(text, fileName, projectManifests) : parseClassic(text, fileName, projectManifests);
}

function isBerry(text: string): boolean {
  return text.startsWith('__metadata:') || text.includes('\n__metadata:');
}

/** `"@babel/core@^7.0.0"` → `@babel/core`; the name ends at the first `@` after the first character. */
function descriptorName(descriptor: string): string {
  const at = descriptor.indexOf('@', 1);
  return at === -1 ? descriptor : descriptor.slice(0, at);
}

interface ClassicEntry {
  readonly descriptors: string[];
  readonly fields: Map<string, string>;
  readonly dependencies: Map<string, string>;
  readonly optionalDependencies: Map<string, string>;
}

/** Splits a line into tokens: double-quoted strings (with `\` escapes) or runs of non-blank characters. */
function tokens(line: string): string[] {
  const result: string[] = [];
  let index = 0;
  while (index < line.length) {
    const char = line[index];
    if (char === ' ' || char === '\t') {
      index++;
    } else if (char === '"') {
      let value = '';
      index++;
      while (index < line.length && line[index] !== '"') {
        if (line[index] === '\\' && index + 1 < line.length) {
          index++;
        }
        value += line[index];
        index++;
      }
      index++;
      result.push(value);
    } else {
      const start = index;
      while (index < line.length && line[index] !== ' ' && line[index] !== '\t') {
        index++;
      }
      result.push(line.slice(start, index));
    }
  }
  return result;
}

function unquote(text: string): string {
  const trimmed = text.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed;
}

/**
 * yarn.lock v1: blocks headed by `"name@^1", name@~1:` at column 0, fields `version "1.2.3"`,
 * `resolved`, `integrity` indented by two, and `dependencies:`/`optionalDependencies:` blocks of
 * `name "range"` lines below them. Lines that fit none of these are skipped.
 */
export async function parseClassicEntries(text: string, pace: Pace): Promise<ClassicEntry[]> {
  const entries: ClassicEntry[] = [];
  let current: ClassicEntry | undefined;
  let block: Map<string, string> | undefined;
  let blockIndent = 0;
  for (const rawLine of text.split('\n')) {
    if (isDue(pace)) {
      await takeTurn(pace);
    }
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      continue;
    }
    const indent = line.length - line.trimStart().length;
    if (indent === 0) {
      block = undefined;
      current = undefined;
      if (trimmed.endsWith(':')) {
        const descriptors = trimmed
          .slice(0, -1)
          .split(',')
          .map(unquote)
          .filter((descriptor) => descriptor !== '');
        current = { descriptors, fields: new Map(), dependencies: new Map(), optionalDependencies: new Map() };
        entries.push(current);
      }
      continue;
    }
    if (!current) {
      continue;
    }
    if (block && indent > blockIndent) {
      const [name, range] = tokens(trimmed);
      if (name !== undefined && range !== undefined) {
        block.set(name.endsWith(':') ? name.slice(0, -1) : name, range);
      }
      continue;
    }
    block = undefined;
    if (trimmed.endsWith(':')) {
      const section = unquote(trimmed.slice(0, -1));
      block = section === 'dependencies' ? current.dependencies : section === 'optionalDependencies' ? current.optionalDependencies : new Map();
      blockIndent = indent;
      continue;
    }
    const [key, value] = tokens(trimmed);
    if (key !== undefined && value !== undefined) {
      current.fields.set(key.endsWith(':') ? key.slice(0, -1) : key, value);
    }
  }
  return entries;
}

async function parseClassic(text: string, fileName: string, projectManifests: readonly ProjectManifest[]): Promise<LockParseResult> {
  const pace = startPace();
  const entries = await parseClassicEntries(text, pace);
  const byDescriptor = new Map<string, string>();
  const nodes = new Map<string, GraphNode>();
  const pending: Array<[string, ClassicEntry]> = [];
  for (const [index, entry] of entries.entries()) {
    if (isDue(pace)) {
      await takeTurn(pace);
    }
    const version = entry.fields.get('version');
    const first = entry.descriptors[0];
    if (!version || first === undefined) {
      continue;
    }
    let name = descriptorName(first);
    const range = first.slice(name.length + 1);
    if (range.startsWith('npm:')) {
      name = descriptorName(range.slice(4));
    }
    const key = String(index);
    for (const descriptor of entry.descriptors) {
      byDescriptor.set(descriptor, key);
    }
    pending.push([key, entry]);
    const hashes = integrityToHashes(entry.fields.get('integrity')) ?? optionalList(sha1FromTarballUrl(entry.fields.get('resolved')));
    const resolved = downloadUrl(entry.fields.get('resolved'));
    nodes.set(key, { name, version, ...(hashes ? { hashes } : {}), edges: [], ...(resolved !== undefined ? { downloadUrl: resolved } : {}) });
  }
  for (const [key, entry] of pending) {
    if (isDue(pace)) {
      await takeTurn(pace);
    }
    const edges: Array<readonly [string, EdgeKind]> = [];
    for (const [dependencies, kind] of [
      [entry.dependencies, 'prod'],
      [entry.optionalDependencies, 'optional'],
    ] as const) {
      for (const [name, range] of dependencies) {
        const target = byDescriptor.get(`${name}@${range}`);
        if (target !== undefined) {
          edges.push([target, kind]);
        }
      }
    }
    const node = nodes.get(key);
    if (node) {
      nodes.set(key, { ...node, edges });
    }
  }
  const roots: Array<readonly [string, EdgeKind]> = [];
  for (const { manifest } of projectManifests) {
    const sections = [manifest.dependencies, manifest.devDependencies, manifest.optionalDependencies, manifest.peerDependencies];
    for (const [name, kind] of manifestDependencyKinds(manifest, true)) {
      const spec = sections.map((section) => asString(asObject(section)?.[name])).find((value) => value !== undefined);
      const target = spec === undefined ? undefined : byDescriptor.get(`${name}@${spec}`);
      if (target !== undefined) {
        roots.push([target, kind]);
      }
    }
  }
  return { packages: await graphToPackages({ nodes, roots, source: fileName }, pace), problems: [] };
}

/** Local references that are the project's own code, not packages: workspaces, links, portals. */
function isLocal(reference: string): boolean {
  return reference.startsWith('workspace:') || reference.startsWith('link:') || reference.startsWith('portal:');
}

/**
 * Berry: keys are comma-separated descriptors (`lodash@npm:^4.17.0, lodash@npm:^4.17.21`), each
 * entry has `version`, `resolution` (`lodash@npm:4.17.21`), `dependencies` as descriptors
 * (`npm:^1.0.0`) and `dependenciesMeta` for optional ones. Workspace entries list each workspace
 * package's dependencies, dev ones included; the package.json files tell which are dev. `checksum`
 * is a hash of Yarn's own cache archive, not of the published tarball, so it is not reported.
 */
async function parseBerry(text: string, fileName: string, projectManifests: readonly ProjectManifest[]): Promise<LockParseResult> {
  const pace = startPace();
  let document: Record<string, unknown> | undefined;
  try {
    document = asObject(await parseBlockYamlInTurns(text, pace));
  } catch (error) {
    return { packages: [], problems: [`${fileName}: not valid YAML (${errorMessage(error)})`] };
  }
  if (!document) {
    return { packages: [], problems: [`${fileName}: not a lockfile object`] };
  }
  const byDescriptor = new Map<string, string>();
  const entries: Array<[string, Record<string, unknown>]> = [];
  for (const [key, value] of Object.entries(document)) {
    const entry = asObject(value);
    if (key === '__metadata' || !entry) {
      continue;
    }
    for (const descriptor of key.split(',')) {
      byDescriptor.set(descriptor.trim(), key);
    }
    entries.push([key, entry]);
  }
  const lookup = (name: string, range: string): string | undefined => byDescriptor.get(`${name}@${range}`) ?? (range.includes(':') ? undefined : byDescriptor.get(`${name}@npm:${range}`));
  const edgesOf = (entry: Record<string, unknown>, kinds?: ReadonlyMap<string, EdgeKind>): Array<readonly [string, EdgeKind]> => {
    const meta = asObject(entry.dependenciesMeta);
    const edges: Array<readonly [string, EdgeKind]> = [];
    for (const [name, value] of Object.entries(asObject(entry.dependencies) ?? {})) {
      const range = asString(value);
      const target = range === undefined ? undefined : lookup(name, range);
      if (target === undefined) {
        continue;
      }
      const optional = asObject(meta?.[name])?.optional === true;
      edges.push([target, kinds?.get(name) ?? (optional ? 'optional' : 'prod')]);
    }
    return edges;
  };
  const manifestsByDir = new Map(projectManifests.map((project) => [project.relativeDir, project.manifest]));
  const nodes = new Map<string, GraphNode>();
  const roots: Array<readonly [string, EdgeKind]> = [];
  for (const [key, entry] of entries) {
    if (isDue(pace)) {
      await takeTurn(pace);
    }
    const resolution = asString(entry.resolution) ?? key.split(',')[0].trim();
    const name = descriptorName(resolution);
    const reference = resolution.slice(name.length + 1);
    if (isLocal(reference)) {
      if (reference.startsWith('workspace:')) {
        const location = reference.slice('workspace:'.length);
        const dir = location === '.' ? '' : location.startsWith('./') ? location.slice(2) : location;
        const manifest = manifestsByDir.get(dir);
        roots.push(...edgesOf(entry, manifest ? manifestDependencyKinds(manifest, true) : undefined));
      }
      continue;
    }
    const version = asString(entry.version);
    if (!version) {
      continue;
    }
    nodes.set(key, { name, version, edges: edgesOf(entry) });
  }
  return { packages: await graphToPackages({ nodes, roots, source: fileName }, pace), problems: [] };
}

function optionalList<T>(value: T | undefined): T[] | undefined {
  return value === undefined ? undefined : [value];
}
