import * as path from 'node:path';
import { parseLenientToml } from '../../manifests/toml/lenientToml';
import { findEntry, isTrue, stringItems, stringValue, tomlPathEntries } from '../../manifests/toml/tomlPaths';
import type { TomlValue } from '../../manifests/toml/tomlTypes';
import { listFolder } from '../dataFiles';

/** The few fields of a Cargo.toml the resolver needs. */
export interface CargoManifestFields {
  /** `[package] name` (or the old `[project]`). */
  readonly name?: string;
  readonly version?: string;
  readonly license?: string;
  readonly licenseFile?: string;
  /** `package.repository` as written; a published crate's Cargo.toml has it resolved (no workspace inheritance). */
  readonly repository?: string;
  /** `[workspace] members` as written (globs allowed), or null without a `[workspace]` table. */
  readonly workspaceMembers: readonly string[] | null;
  readonly workspaceExclude: readonly string[];
  /** Package keys taken from the workspace (`license.workspace = true`): `version`, `license`, `license-file`. */
  readonly inherited?: readonly InheritableKey[];
  /** `[workspace.package]`: what members inherit (Cargo Book, "Workspaces", "The `package` table"). */
  readonly workspacePackage?: { readonly version?: string; readonly license?: string; readonly licenseFile?: string };
  /** `package.workspace`: the path of the workspace root, when the member names it. */
  readonly workspacePath?: string;
}

export type InheritableKey = 'version' | 'license' | 'license-file';
const INHERITABLE: readonly InheritableKey[] = ['version', 'license', 'license-file'];

export function readCargoManifestFields(text: string): CargoManifestFields {
  const document = parseLenientToml(text);
  const values = new Map<string, TomlValue>();
  let hasWorkspace = false;
  for (const table of document.tables) {
    if (!table.broken && table.header.length >= 1 && table.header[0].name === 'workspace') {
      hasWorkspace = true;
    }
  }
  for (const entry of tomlPathEntries(document)) {
    const key = entry.path.map((part) => part.name).join('.');
    if (!values.has(key)) {
      values.set(key, entry.value);
    }
    if (entry.path[0]?.name === 'workspace') {
      hasWorkspace = true;
    }
  }
  const field = (name: string): string | undefined => stringValue(values.get(`package.${name}`)) ?? stringValue(values.get(`project.${name}`));
  const name = field('name');
  const version = field('version');
  const license = field('license');
  const licenseFile = field('license-file');
  const repository = field('repository');
  // `license.workspace = true`, or the inline `license = { workspace = true }`.
  const inheritsKey = (key: string): boolean => {
    const table = values.get(`package.${key}`);
    return isTrue(values.get(`package.${key}.workspace`)) || (table?.kind === 'table' && isTrue(findEntry(table.entries, 'workspace')));
  };
  const inherited = INHERITABLE.filter(inheritsKey);
  const shared = (key: string): string | undefined => stringValue(values.get(`workspace.package.${key}`));
  const workspacePackage = { version: shared('version'), license: shared('license'), licenseFile: shared('license-file') };
  const workspacePath = field('workspace');
  return {
    ...(name !== undefined ? { name } : {}),
    ...(version !== undefined ? { version } : {}),
    ...(license !== undefined ? { license } : {}),
    ...(licenseFile !== undefined ? { licenseFile } : {}),
    ...(repository !== undefined ? { repository } : {}),
    workspaceMembers: hasWorkspace ? stringItems(values.get('workspace.members')) : null,
    workspaceExclude: stringItems(values.get('workspace.exclude')),
    ...(inherited.length > 0 ? { inherited } : {}),
    ...(Object.values(workspacePackage).some((value) => value !== undefined) ? { workspacePackage: withoutUndefined(workspacePackage) } : {}),
    ...(workspacePath !== undefined ? { workspacePath } : {}),
  };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}

/** Enough for any real workspace; a hostile pattern cannot make the walk run away. */
const MAX_MEMBER_FOLDERS = 2000;

/**
 * The folders `[workspace] members` names, relative paths with `*`, `?` and `**` (the `glob`
 * crate's syntax, without character classes), minus `exclude`. A literal path is returned whether
 * or not it exists; the caller reads its Cargo.toml.
 */
export async function expandMemberGlobs(root: string, patterns: readonly string[], exclude: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  for (const pattern of patterns) {
    const segments = pattern.split(/[\\/]+/).filter((segment) => segment !== '' && segment !== '.');
    await expand(root, segments, found, 0);
    if (found.size >= MAX_MEMBER_FOLDERS) {
      break;
    }
  }
  const excluded = new Set(exclude.map((entry) => path.resolve(root, entry)));
  return [...found].filter((folder) => ![...excluded].some((prefix) => folder === prefix || folder.startsWith(prefix + path.sep)));
}

/** `**` descends no deeper than this, and never into `target` or hidden folders. */
const MAX_GLOB_DEPTH = 8;

async function expand(folder: string, segments: readonly string[], found: Set<string>, depth: number): Promise<void> {
  if (found.size >= MAX_MEMBER_FOLDERS || depth > MAX_GLOB_DEPTH) {
    return;
  }
  if (segments.length === 0) {
    found.add(folder);
    return;
  }
  const [segment, ...rest] = segments;
  if (segment === '**') {
    await expand(folder, rest, found, depth);
    for (const entry of await listFolder(folder)) {
      if (entry.isDirectory && !entry.name.startsWith('.') && entry.name !== 'target') {
        await expand(path.join(folder, entry.name), segments, found, depth + 1);
      }
    }
    return;
  }
  if (!/[*?]/.test(segment)) {
    await expand(path.join(folder, segment), rest, found, depth);
    return;
  }
  const matcher = segmentPattern(segment);
  for (const entry of await listFolder(folder)) {
    if (entry.isDirectory && matcher.test(entry.name)) {
      await expand(path.join(folder, entry.name), rest, found, depth);
    }
  }
}

function segmentPattern(segment: string): RegExp {
  let source = '';
  for (const char of segment) {
    source += char === '*' ? '[^/\\\\]*' : char === '?' ? '[^/\\\\]' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
