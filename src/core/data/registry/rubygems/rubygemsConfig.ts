import * as path from 'node:path';
import { readCapped } from '../../../feed/fetchFeed';
import { MAX_MANIFEST_BYTES } from '../../../manifests/limits';
import type { RegistryConfigSources } from '../types';
import { type BundlerSettings, bundlerCredentials, bundlerMirror, readBundlerSettings } from './bundlerSettings';
import { readGemfileSources } from './gemfileSources';

export const RUBYGEMS_ORG = 'https://rubygems.org/';

/** One gem server as Bundler would use it. */
export interface GemSource {
  /** The source as configured, normalised with a trailing `/` and without credentials. */
  readonly url: string;
  /** Where requests go: the mirror Bundler's configuration names for `url`, else `url`. Ends in `/`. */
  readonly fetchUrl: string;
  /** `Basic …` for `fetchUrl`'s host only. */
  readonly authorization?: string;
}

export interface RubygemsRegistryConfig {
  /** The Gemfile's global sources, highest priority first (the last written; Gemfile(5) "Source priority"); rubygems.org without one. */
  readonly global: readonly GemSource[];
  /** Gems given a source by a `source … do` block or a `source:` option. */
  readonly scoped: Readonly<Record<string, GemSource>>;
}

/**
 * The gem servers Bundler would ask for a project: the Gemfile's (or `gems.rb`'s) `source`
 * statements, read only in a trusted workspace (a cloned repository must not choose where our
 * gem names go), else rubygems.org; each through the mirror and with the credentials Bundler's
 * configuration gives for it (bundle-config(1) "Mirrors of gem sources", "Credentials for gem
 * sources"). Credentials written into a source URL win over configured ones, as Gemfile(5)
 * "Credentials" says.
 */
export async function readRubygemsConfig(sources: RegistryConfigSources): Promise<{ config: RubygemsRegistryConfig; files: string[]; problems: string[] }> {
  const { settings, files, problems } = await readBundlerSettings(sources);
  const global: GemSource[] = [];
  const scoped: Record<string, GemSource> = Object.create(null) as Record<string, GemSource>;
  if (sources.trustProject) {
    const gemfile = await readGemfile(sources.projectDir, files, problems);
    if (gemfile !== undefined) {
      const declared = readGemfileSources(gemfile.text);
      for (const url of [...declared.global].reverse()) {
        const source = gemSource(url, settings, problems, gemfile.label);
        if (source !== undefined && !global.some((known) => known.url === source.url)) {
          global.push(source);
        }
      }
      for (const [name, url] of Object.entries(declared.scoped)) {
        const source = gemSource(url, settings, problems, gemfile.label);
        if (source !== undefined) {
          scoped[name] = source;
        }
      }
    }
  }
  if (global.length === 0) {
    global.push(gemSource(RUBYGEMS_ORG, settings, problems, 'the default source') as GemSource);
  }
  return { config: { global, scoped }, files, problems };
}

async function readGemfile(dir: string, files: string[], problems: string[]): Promise<{ text: string; label: string } | undefined> {
  for (const name of ['Gemfile', 'gems.rb']) {
    const file = path.join(dir, name);
    try {
      const bytes = await readCapped(file, MAX_MANIFEST_BYTES, 'Gemfile');
      if (bytes !== undefined) {
        files.push(file);
        return { text: bytes.toString('utf8'), label: name };
      }
    } catch (error) {
      problems.push((error as Error).message);
      return undefined;
    }
  }
  return undefined;
}

/** A source URL as Bundler normalises it (absolute http(s), trailing `/`), with its mirror and credentials; undefined when it is not one. */
function gemSource(written: string, settings: BundlerSettings, problems: string[], where: string): GemSource | undefined {
  const url = httpUrl(written);
  if (url === undefined) {
    problems.push(`${where}: the gem source "${written.slice(0, 200)}" is not an http(s) URL; ignored`);
    return undefined;
  }
  const inline = userinfo(url);
  url.username = '';
  url.password = '';
  const mirrorText = bundlerMirror(settings, url);
  const mirror = mirrorText === undefined ? undefined : httpUrl(mirrorText);
  if (mirrorText !== undefined && mirror === undefined) {
    problems.push(`the Bundler mirror configured for ${url.host} is not an http(s) URL; ignored`);
  }
  const fetchUrl = mirror ?? url;
  const mirrorInline = mirror === undefined ? undefined : userinfo(mirror);
  fetchUrl.username = '';
  fetchUrl.password = '';
  // Bundler's `Remote`: the mirror replaces the URI (its own user info included), then configured credentials for it.
  const credentials = (mirror === undefined ? inline : mirrorInline) ?? bundlerCredentials(settings, fetchUrl);
  const authorization = credentials === undefined ? undefined : basic(credentials);
  return { url: url.href, fetchUrl: fetchUrl.href, ...(authorization !== undefined ? { authorization } : {}) };
}

function httpUrl(text: string): URL | undefined {
  try {
    const url = new URL(text.trim());
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      return undefined;
    }
    url.search = '';
    url.hash = '';
    if (!url.pathname.endsWith('/')) {
      url.pathname = `${url.pathname}/`;
    }
    return url;
  } catch {
    return undefined;
  }
}

function userinfo(url: URL): string | undefined {
  return url.username === '' && url.password === '' ? undefined : `${url.username}:${url.password}`;
}

/** `user:password` (each percent-encoded, as in a URL) as a Basic header; Bundler unescapes both before sending. */
function basic(credentials: string): string {
  const colon = credentials.indexOf(':');
  const user = colon < 0 ? credentials : credentials.slice(0, colon);
  const password = colon < 0 ? '' : credentials.slice(colon + 1);
  return `Basic ${Buffer.from(`${percentDecoded(user)}:${percentDecoded(password)}`).toString('base64')}`;
}

function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
