import * as path from 'node:path';
import type { ManifestDependency } from '../../manifests/types';
import type { LocalFacts, LocalReader } from '../localDependencies';
import { parseGemspec, type GemspecInfo } from './gemspec';

/** Gemspecs read for one path gem, at most (Bundler's glob reaches one folder level down). */
const MAX_GEMSPECS = 200;

/**
 * A gem from a folder (`gem "x", path: "../x"`, or a `path "…" do … end` block): Bundler looks for
 * `{,*,*\/*}.gemspec` under the path (`Bundler::Source::Path::DEFAULT_GLOB`) and takes the spec
 * whose name is the gem's. Its `license`/`licenses` are the gem's license, a list kept as a list
 * (RubyGems states no relation between several); its version when written as a literal (a
 * `Foo::VERSION` constant is left to Gemfile.lock). Nothing further is followed.
 */
export async function gemLocalFacts(dependency: ManifestDependency, reader: LocalReader): Promise<LocalFacts | undefined> {
  const name = dependency.package ?? dependency.name;
  if (dependency.source?.kind !== 'path') {
    return undefined;
  }
  const folder = await reader.folder(name, reader.manifestDir, dependency.source.value);
  if (!folder) {
    return undefined;
  }
  for (const file of await gemspecCandidates(reader, folder.lexical, name)) {
    const text = await reader.text(name, file);
    if (text === undefined) {
      continue;
    }
    let info: GemspecInfo;
    try {
      info = parseGemspec(text);
    } catch {
      continue;
    }
    if (info.name === name || (info.name === undefined && path.basename(file) === `${name}.gemspec`)) {
      return factsOf(info, reader.label(file));
    }
  }
  return undefined;
}

function factsOf(info: GemspecInfo, label: string): LocalFacts {
  const { licenses } = info;
  return {
    ...(info.version !== undefined ? { version: { value: info.version, source: label } } : {}),
    ...(licenses.length > 0 ? { license: { value: licenses.length === 1 ? licenses[0] : [...licenses], source: `${label} ${licenses.length === 1 ? 'license' : 'licenses'}` } } : {}),
  };
}

/** `<path>/<name>.gemspec` first, then the rest of `<path>/*.gemspec` and `<path>/*\/*.gemspec`. */
async function gemspecCandidates(reader: LocalReader, folder: string, name: string): Promise<string[]> {
  const preferred = path.join(folder, `${name}.gemspec`);
  const files = [preferred];
  const entries = await reader.entries(folder);
  for (const entry of entries) {
    if (!entry.folder && entry.name.endsWith('.gemspec')) {
      files.push(path.join(folder, entry.name));
    }
  }
  const subfolders = entries.filter((entry) => entry.folder && !entry.name.startsWith('.')).slice(0, MAX_GEMSPECS);
  for (const entry of subfolders) {
    if (files.length >= MAX_GEMSPECS) {
      break;
    }
    for (const inner of await reader.entries(path.join(folder, entry.name))) {
      if (!inner.folder && inner.name.endsWith('.gemspec')) {
        files.push(path.join(folder, entry.name, inner.name));
      }
    }
  }
  return [...new Set(files)].slice(0, MAX_GEMSPECS);
}
