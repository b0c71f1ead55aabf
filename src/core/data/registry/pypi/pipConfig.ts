import * as path from 'node:path';
import { readCapped } from '../../../feed/fetchFeed';
import { isDirectory } from '../../dataFiles';
import { iniValue, parsePythonIni, type IniSections } from './pythonIni';

/** No real pip.conf comes close. */
const MAX_PIP_CONF_BYTES = 256 * 1024;

/** One setting with where it came from, in words. */
export interface PipSetting {
  readonly value: string;
  readonly origin: string;
}

/** What pip's configuration says about indexes, before any requirements file. */
export interface PipIndexSettings {
  readonly indexUrl?: PipSetting;
  readonly extraIndexUrls: readonly PipSetting[];
  readonly noIndex: boolean;
}

export interface PipConfigSources {
  readonly home: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `$VIRTUAL_ENV/pip.conf` inside these folders is the project's, read only when `trustProject`. */
  readonly projectDirs: readonly string[];
  readonly trustProject: boolean;
  /** Default `process.platform`; tests pass their own. */
  readonly platform?: NodeJS.Platform;
  /** Folders holding the global `pip.conf`, instead of the system's (tests). */
  readonly globalDirs?: readonly string[];
}

interface ConfigFile {
  readonly file: string;
  readonly origin: string;
}

/**
 * pip's configuration as `pip install` reads it (pip docs, "Configuration": "Location", "Loading
 * order", "Environment Variables", "Precedence / Override order"; pip's
 * `_internal/configuration.py`): global files, then the user's (legacy `~/.pip/pip.conf` before
 * `$XDG_CONFIG_HOME/pip/pip.conf`; skipped when `PIP_CONFIG_FILE` names an existing file), then
 * the virtualenv's (`$VIRTUAL_ENV/pip.conf`), then `PIP_CONFIG_FILE`, each overriding the one
 * before; `PIP_CONFIG_FILE=/dev/null` disables every file. Within that, `[install]` overrides
 * `[global]`, and `PIP_*` variables override both.
 */
export async function readPipConfig(sources: PipConfigSources): Promise<{ settings: PipIndexSettings; files: string[]; problems: string[] }> {
  const env = sources.env;
  const files: string[] = [];
  const problems: string[] = [];
  const layers: { sections: IniSections; origin: string }[] = [];
  const configFile = nonEmpty(env.PIP_CONFIG_FILE);
  const platform = sources.platform ?? process.platform;
  const devNull = platform === 'win32' ? 'nul' : '/dev/null';
  if (configFile === undefined || configFile.toLowerCase() !== devNull) {
    const read = async (candidate: ConfigFile): Promise<boolean> => {
      let bytes: Buffer | undefined;
      try {
        bytes = await readCapped(candidate.file, MAX_PIP_CONF_BYTES, 'pip configuration');
      } catch (error) {
        problems.push((error as Error).message);
        return false;
      }
      if (bytes === undefined) {
        return false;
      }
      files.push(candidate.file);
      const parsed = parsePythonIni(bytes.toString('utf8'));
      problems.push(...parsed.problems.map((problem) => `${candidate.origin}, ${problem}`));
      layers.push({ sections: parsed.sections, origin: candidate.origin });
      return true;
    };
    for (const candidate of globalFiles(sources, platform)) {
      await read(candidate);
    }
    const explicit = configFile === undefined ? undefined : { file: path.resolve(configFile), origin: 'PIP_CONFIG_FILE' };
    // pip skips the user files when PIP_CONFIG_FILE names a file that exists.
    const explicitLayers = layers.length;
    const explicitExists = explicit !== undefined && (await read(explicit));
    const explicitLayer = explicitExists ? layers.splice(explicitLayers, 1)[0] : undefined;
    if (!explicitExists) {
      for (const candidate of await userFiles(sources, platform)) {
        await read(candidate);
      }
    }
    const site = siteFile(sources, platform);
    if (site !== undefined) {
      await read(site);
    }
    if (explicitLayer !== undefined) {
      layers.push(explicitLayer);
    }
  }
  return { settings: indexSettings(layers, env, problems), files, problems };
}

/** The effective index settings: for each option the `PIP_*` variable, else `[install]`, else `[global]`, each from the last file that sets it. */
function indexSettings(layers: readonly { sections: IniSections; origin: string }[], env: Readonly<Record<string, string | undefined>>, problems: string[]): PipIndexSettings {
  const lookup = (key: string): PipSetting | undefined => {
    const fromEnv = envSetting(env, key);
    if (fromEnv !== undefined) {
      return fromEnv;
    }
    for (const section of ['install', 'global']) {
      for (let index = layers.length - 1; index >= 0; index--) {
        const value = optionValue(layers[index].sections, section, key);
        if (value !== undefined) {
          return { value, origin: `${layers[index].origin} [${section}]` };
        }
      }
    }
    return undefined;
  };
  const index = lookup('index-url');
  const extras = lookup('extra-index-url');
  const noIndex = lookup('no-index');
  let indexUrl: PipSetting | undefined;
  if (index !== undefined) {
    // pip takes the value whole; several words there are a mistake, and the first is what was meant.
    const words = splitWords(index.value);
    if (words.length > 1) {
      problems.push(`index-url in ${index.origin} holds several values; using the first`);
    }
    if (words.length > 0) {
      indexUrl = { value: words[0], origin: index.origin };
    }
  }
  return {
    ...(indexUrl !== undefined ? { indexUrl } : {}),
    // Appendable options are split on whitespace (pip's ConfigOptionParser), so one value can list several URLs.
    extraIndexUrls: extras === undefined ? [] : splitWords(extras.value).map((value) => ({ value, origin: extras.origin })),
    noIndex: noIndex !== undefined && isTrue(noIndex.value),
  };
}

/** An option under pip's normalised name (`index_url`, `--index-url` and `index-url` are one). */
function optionValue(sections: IniSections, section: string, key: string): string | undefined {
  const direct = iniValue(sections, section, key);
  if (direct !== undefined) {
    return direct;
  }
  const values = sections.get(section);
  if (values === undefined) {
    return undefined;
  }
  let found: string | undefined;
  for (const [name, value] of values) {
    if (normalizeOption(name) === key) {
      found = value;
    }
  }
  return found;
}

/** pip reads every `PIP_<NAME>` variable as the option `<name>` with `_` read as `-`. */
function envSetting(env: Readonly<Record<string, string | undefined>>, key: string): PipSetting | undefined {
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith('PIP_') && value !== undefined && value.trim() !== '' && normalizeOption(name.slice(4)) === key) {
      return { value, origin: name };
    }
  }
  return undefined;
}

function normalizeOption(name: string): string {
  const key = name.toLowerCase().split('_').join('-');
  return key.startsWith('--') ? key.slice(2) : key;
}

/** Python's `strtobool`, which pip applies to boolean options. */
function isTrue(value: string): boolean {
  return ['y', 'yes', 't', 'true', 'on', '1'].includes(value.trim().toLowerCase());
}

function splitWords(value: string): string[] {
  return value.split(/\s+/).filter((word) => word !== '');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** pip's `site_config_dirs`: each `$XDG_CONFIG_DIRS` entry's `pip/` (default `/etc/xdg`), then `/etc`. */
function globalFiles(sources: PipConfigSources, platform: NodeJS.Platform): ConfigFile[] {
  if (sources.globalDirs !== undefined) {
    return sources.globalDirs.map((dir) => ({ file: path.join(dir, platform === 'win32' ? 'pip.ini' : 'pip.conf'), origin: path.join(dir, 'pip.conf') }));
  }
  if (platform === 'win32') {
    const programData = nonEmpty(sources.env.ProgramData) ?? nonEmpty(sources.env.PROGRAMDATA) ?? 'C:\\ProgramData';
    return [{ file: path.win32.join(programData, 'pip', 'pip.ini'), origin: 'the global pip.ini' }];
  }
  if (platform === 'darwin') {
    return [{ file: '/Library/Application Support/pip/pip.conf', origin: 'the global pip.conf' }];
  }
  const dirs = (nonEmpty(sources.env.XDG_CONFIG_DIRS) ?? '/etc/xdg').split(':').filter((dir) => path.isAbsolute(dir));
  return [...dirs.map((dir) => path.join(dir, 'pip')), '/etc'].map((dir) => ({ file: path.join(dir, 'pip.conf'), origin: path.join(dir, 'pip.conf') }));
}

/** The legacy per-user file first, then the current one, which overrides it. */
async function userFiles(sources: PipConfigSources, platform: NodeJS.Platform): Promise<ConfigFile[]> {
  const home = sources.home;
  if (platform === 'win32') {
    const appData = nonEmpty(sources.env.APPDATA) ?? path.win32.join(home, 'AppData', 'Roaming');
    return [
      { file: path.win32.join(home, 'pip', 'pip.ini'), origin: '%HOME%\\pip\\pip.ini' },
      { file: path.win32.join(appData, 'pip', 'pip.ini'), origin: '%APPDATA%\\pip\\pip.ini' },
    ];
  }
  const legacy = { file: path.join(home, '.pip', 'pip.conf'), origin: '~/.pip/pip.conf' };
  if (platform === 'darwin') {
    const library = path.join(home, 'Library', 'Application Support', 'pip');
    if (await isDirectory(library)) {
      return [legacy, { file: path.join(library, 'pip.conf'), origin: '~/Library/Application Support/pip/pip.conf' }];
    }
  }
  const configHome = nonEmpty(sources.env.XDG_CONFIG_HOME);
  const current = configHome !== undefined && path.isAbsolute(configHome) ? path.join(configHome, 'pip', 'pip.conf') : path.join(home, '.config', 'pip', 'pip.conf');
  return [legacy, { file: current, origin: current.startsWith(home + path.sep) ? `~/${path.relative(home, current).split(path.sep).join('/')}` : current }];
}

/**
 * The virtualenv's own `pip.conf` (pip reads `sys.prefix`; the active `$VIRTUAL_ENV` is that
 * prefix when pip runs from it). A virtualenv inside the project is the project's file.
 */
function siteFile(sources: PipConfigSources, platform: NodeJS.Platform): ConfigFile | undefined {
  const venv = nonEmpty(sources.env.VIRTUAL_ENV);
  if (venv === undefined || !path.isAbsolute(venv)) {
    return undefined;
  }
  if (!sources.trustProject && sources.projectDirs.some((dir) => isInside(venv, dir))) {
    return undefined;
  }
  return { file: path.join(venv, platform === 'win32' ? 'pip.ini' : 'pip.conf'), origin: '$VIRTUAL_ENV/pip.conf' };
}

function isInside(candidate: string, dir: string): boolean {
  const relative = path.relative(dir, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
