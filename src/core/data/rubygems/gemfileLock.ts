import type { PackageHash } from '../types';

/** One `name (version[-platform])` under `specs:` of a `GEM`, `GIT`, `PATH` or `PLUGIN SOURCE` section. */
export interface LockedGem {
  readonly name: string;
  /** Without the platform: Bundler splits `1.16.5-x86_64-linux` at the first `-`. */
  readonly version: string;
  readonly platform?: string;
  /** `GEM`, `GIT`, `PATH` or `PLUGIN SOURCE`. */
  readonly section: string;
  /** The section's `remote:` (a registry URL, a git URL or a path). */
  readonly remote?: string;
  /** Names of the gems it depends on (the indented lines below it). */
  readonly dependencies: readonly string[];
  /** Line (1-based) of the spec. */
  readonly line: number;
}

export interface GemfileLock {
  readonly gems: readonly LockedGem[];
  /** Names under `DEPENDENCIES`: what the Gemfile asks for directly (a trailing `!` removed). */
  readonly direct: readonly string[];
  /** `CHECKSUMS` (Bundler 2.5+), by `name (version[-platform])`. */
  readonly checksums: ReadonlyMap<string, readonly PackageHash[]>;
  readonly platforms: readonly string[];
  readonly bundledWith?: string;
  readonly problems: readonly string[];
}

const SOURCE_SECTIONS = new Set(['GEM', 'GIT', 'PATH', 'PLUGIN SOURCE']);
const KNOWN_SECTIONS = new Set([...SOURCE_SECTIONS, 'PLATFORMS', 'DEPENDENCIES', 'CHECKSUMS', 'RUBY VERSION', 'BUNDLED WITH']);

/** `    name (version[-platform])` (Bundler's own pattern: the version stops at the first `-`). */
const SPEC_LINE = /^ {4}(?! )(\S+?)(?: \(([^-)\s]*)(?:-([^)\s]*))?\))?$/;
/** `      name (constraints)` below a spec, or `  name (constraints)` / `  name!` under DEPENDENCIES. */
const DEPENDENCY_LINE = /^(\S+?)(!)?(?: \((.*)\))?$/;
const CHECKSUM_LINE = /^ {2}(\S+) \(([^)]*)\)(?: (.*))?$/;

/**
 * Reads a `Gemfile.lock`: its own indented format, one top-level section per block. Unknown
 * sections are skipped (future Bundler versions add some); lines that cannot be read are skipped
 * and summed up in one problem (the first of them, and how many more).
 */
export function parseGemfileLock(text: string): GemfileLock {
  const gems: LockedGem[] = [];
  const direct: string[] = [];
  const checksums = new Map<string, PackageHash[]>();
  const platforms: string[] = [];
  const problems: string[] = [];
  let bundledWith: string | undefined;
  let section: string | undefined;
  let remote: string | undefined;
  let inSpecs = false;
  let current: { gem: LockedGem; dependencies: string[] } | undefined;
  let sawSection = false;
  let unreadable = 0;
  let firstUnreadable = '';
  const unreadableLine = (lineNumber: number, reason: string): void => {
    unreadable++;
    firstUnreadable ||= `line ${lineNumber}: ${reason}`;
  };
  const finish = (): void => {
    if (current) {
      gems.push({ ...current.gem, dependencies: current.dependencies });
      current = undefined;
    }
  };
  const lines = text.split(/\r\n|\n|\r/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    const lineNumber = index + 1;
    if (line.trim() === '') {
      continue;
    }
    if (/^(<{7}|={7}|>{7})/.test(line)) {
      unreadableLine(lineNumber, 'has an unresolved merge conflict marker');
      continue;
    }
    if (!/^\s/.test(line)) {
      finish();
      section = line.trim();
      remote = undefined;
      inSpecs = false;
      sawSection ||= KNOWN_SECTIONS.has(section);
      continue;
    }
    if (section === undefined) {
      unreadableLine(lineNumber, 'is outside any section');
      continue;
    }
    if (SOURCE_SECTIONS.has(section)) {
      const option = /^ {2}(\S[^:]*):(?: (.*))?$/.exec(line);
      if (option) {
        finish();
        inSpecs = option[1] === 'specs';
        if (option[1] === 'remote') {
          remote = option[2]?.trim();
        }
        continue;
      }
      if (!inSpecs) {
        continue;
      }
      const spec = SPEC_LINE.exec(line);
      if (spec) {
        finish();
        if (spec[2] === undefined || spec[2] === '') {
          unreadableLine(lineNumber, `"${spec[1]}" has no version`);
          continue;
        }
        current = {
          gem: { name: spec[1], version: spec[2], ...(spec[3] ? { platform: spec[3] } : {}), section, ...(remote !== undefined ? { remote } : {}), dependencies: [], line: lineNumber },
          dependencies: [],
        };
        continue;
      }
      const dependency = /^ {6}(?! )/.test(line) ? DEPENDENCY_LINE.exec(line.slice(6)) : null;
      if (dependency && current) {
        if (!current.dependencies.includes(dependency[1])) {
          current.dependencies.push(dependency[1]);
        }
        continue;
      }
      unreadableLine(lineNumber, `cannot be read as a gem: "${line.trim()}"`);
    } else if (section === 'DEPENDENCIES') {
      const dependency = /^ {2}(?! )/.test(line) ? DEPENDENCY_LINE.exec(line.slice(2)) : null;
      if (dependency) {
        if (!direct.includes(dependency[1])) {
          direct.push(dependency[1]);
        }
      } else {
        unreadableLine(lineNumber, `cannot be read as a dependency: "${line.trim()}"`);
      }
    } else if (section === 'PLATFORMS') {
      platforms.push(line.trim());
    } else if (section === 'BUNDLED WITH') {
      bundledWith = line.trim();
    } else if (section === 'CHECKSUMS') {
      const checksum = CHECKSUM_LINE.exec(line);
      if (checksum) {
        const hashes = (checksum[3] ?? '').split(',').flatMap((item) => {
          const match = /^\s*sha256=([0-9a-f]{64})\s*$/i.exec(item);
          return match ? [{ algorithm: 'SHA-256' as const, hex: match[1].toLowerCase() }] : [];
        });
        checksums.set(`${checksum[1]} (${checksum[2]})`, hashes);
      }
    }
  }
  finish();
  if (!sawSection && text.trim() !== '') {
    problems.push('is not a Gemfile.lock: no GEM, GIT, PATH or DEPENDENCIES section');
  } else if (unreadable > 0) {
    problems.push(`${firstUnreadable}${unreadable > 1 ? ` (and ${unreadable - 1} more unreadable lines)` : ''}`);
  }
  return { gems, direct, checksums, platforms, ...(bundledWith !== undefined ? { bundledWith } : {}), problems };
}
