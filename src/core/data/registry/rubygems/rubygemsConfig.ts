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
 *
 * The OSPO's mirror (`sources.mirror`) stands in for rubygems.org the way a Bundler mirror does,
 * below the developer's own: where the source is rubygems.org (the default, or the
 * `source "https://rubygems.org"` nearly every Gemfile starts with) and Bundler's configuration
 * names no mirror for it, requests go to the OSPO's mirror. Other sources a Gemfile names are
 * the developer's choice and are used as they are.
 */
export async function readRubygemsConfig(sources: RegistryConfigSources): Promise<{ config: RubygemsRegistryConfig; files: string[]; problems: string[] }> {
  const { settings, files, problems } = await readBundlerSettings(sources);
  const ospoMirror = ospoMirrorUrl(sources.mirror, problems);
  const gemSource = (written: string, where: string) => sourceOf(written, settings, problems, where, ospoMirror);
  const global: GemSource[] = [];
  const scoped: Record<string, GemSource> = Object.create(null) as Record<string, GemSource>;
  if (sources.trustProject) {
    const gemfile = await readGemfile(sources.projectDir, files, problems);
    if (gemfile !== undefined) {
      const declared = readGemfileSources(gemfile.text);
      for (const url of [...declared.global].reverse()) {
        const source = gemSource(url, gemfile.label);
        if (source !== undefined && !global.some((known) => known.url === source.url)) {
          global.push(source);
        }
      }
      for (const [name, url] of Object.entries(declared.scoped)) {
        const source = gemSource(url, gemfile.label);
        if (source !== undefined) {
          scoped[name] = source;
        }
      }
    }
  }
  if (global.length === 0) {
    const fallback = gemSource(RUBYGEMS_ORG, 'the default source');
    if (fallback !== undefined) {
      global.push(fallback);
    }
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

/**
 * The OSPO's mirror as a source URL, without any credentials written into it (the mirror gets only
 * those Bundler's configuration gives its host); `null` when it is unusable, which leaves
 * rubygems.org unasked rather than asked.
 */
function ospoMirrorUrl(mirror: string | undefined, problems: string[]): URL | null | undefined {
  if (mirror === undefined) {
    return undefined;
  }
  const url = httpUrl(mirror);
  if (url === undefined) {
    problems.push("your OSPO's RubyGems mirror is not an http(s) URL; rubygems.org is not used in its place");
    return null;
  }
  url.username = '';
  url.password = '';
  return url;
}

/** A source URL as Bundler normalises it (absolute http(s), trailing `/`), with its mirror and credentials; undefined when it is not one or cannot be asked. */
function sourceOf(written: string, settings: BundlerSettings, problems: string[], where: string, ospoMirror: URL | null | undefined): GemSource | undefined {
  const url = httpUrl(written);
  if (url === undefined) {
    problems.push(`${where}: the gem source "${written.slice(0, 200)}" is not an http(s) URL; ignored`);
    return undefined;
  }
  const inline = userinfo(url);
  url.username = '';
  url.password = '';
  const configuredMirror = bundlerMirror(settings, url);
  if (configuredMirror === undefined && ospoMirror !== undefined && isRubygemsOrg(url)) {
    if (ospoMirror === null) {
      return undefined;
    }
    const credentials = bundlerCredentials(settings, ospoMirror);
    const authorization = credentials === undefined ? undefined : basic(credentials);
    return { url: url.href, fetchUrl: ospoMirror.href, ...(authorization !== undefined ? { authorization } : {}) };
  }
  const mirror = configuredMirror === undefined ? undefined : httpUrl(configuredMirror);
  if (configuredMirror !== undefined && mirror === undefined) {
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

function isRubygemsOrg(url: URL): boolean {
  return url.hostname.toLowerCase() === 'rubygems.org' && url.pathname === '/';
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
