import { releaseDay } from '../releaseDay';

/** What we keep of one published gem version: its number, its platforms, its licenses and the day it was pushed, when the answer carried them. */
export interface GemVersionEntry {
  readonly number: string;
  /** `ruby` for the pure-Ruby gem; `java`, `x86_64-linux`, … for platform builds of the same number. */
  readonly platforms: readonly string[];
  /** The gemspec's `licenses`; null when the answer had none (`null`, `[]`) or does not carry them (compact index). */
  readonly licenses: readonly string[] | null;
  /** `YYYY-MM-DD`; '' when the answer does not say (compact index). */
  readonly published: string;
}

/** RubyGems versions look like `1.2.3`, `7.1.3.2`, `1.0.0.beta1` (`Gem::Version`); nothing else goes into a URL. */
export function isGemVersion(value: string): boolean {
  return value.length > 0 && value.length <= 128 && /^[0-9][0-9A-Za-z.]*$/.test(value);
}

/** Platform names as RubyGems writes them (`x86_64-linux`, `universal-darwin-22`, `java`). */
function isPlatform(value: string): boolean {
  return value.length > 0 && value.length <= 128 && /^[0-9A-Za-z_.-]+$/.test(value);
}

/**
 * `GET /api/v1/versions/<gem>.json` (guides.rubygems.org "RubyGems.org API", "Gem Version Methods"):
 * an array with one object per version and platform, `number`, `platform`, `licenses` (array or
 * null), and `created_at`, when the version was pushed (in rubygems.org's answers and Artifactory's
 * documented sample, though the guide's older example of this endpoint omits it: absent, no day).
 * Yanked versions are not listed. Several platforms of one number become one entry; its licenses
 * are the `ruby` platform's, else the first listed; it was released the day its first build was pushed.
 */
export function parseVersionsApi(json: unknown): GemVersionEntry[] | undefined {
  if (!Array.isArray(json)) {
    return undefined;
  }
  const byNumber = new Map<string, { platforms: string[]; licenses: string[] | null; fromRuby: boolean; published: string }>();
  for (const item of json) {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      continue;
    }
    const { number, platform, licenses, created_at: createdAt } = item as { number?: unknown; platform?: unknown; licenses?: unknown; created_at?: unknown };
    if (typeof number !== 'string' || !isGemVersion(number)) {
      continue;
    }
    const platformName = typeof platform === 'string' && isPlatform(platform) ? platform : 'ruby';
    const list = licenseList(licenses);
    const pushed = releaseDay(createdAt) ?? '';
    const known = byNumber.get(number);
    if (known === undefined) {
      byNumber.set(number, { platforms: [platformName], licenses: list, fromRuby: platformName === 'ruby', published: pushed });
      continue;
    }
    // `YYYY-MM-DD` strings sort as the days they name.
    if (pushed !== '' && (known.published === '' || pushed < known.published)) {
      known.published = pushed;
    }
    if (!known.platforms.includes(platformName)) {
      known.platforms.push(platformName);
    }
    if (platformName === 'ruby' && !known.fromRuby) {
      known.licenses = list;
      known.fromRuby = true;
    }
  }
  return [...byNumber].map(([number, entry]) => ({ number, platforms: entry.platforms, licenses: entry.licenses, published: entry.published }));
}

/**
 * `GET /info/<gem>` of the compact index (guides.rubygems.org "Compact Index API", "`info` File
 * Format"): lines before `---` are opaque; each line after is `VERSION[-PLATFORM] DEPS|REQS`, the
 * first `-` splitting the platform off. Yanked versions are left out of the file. Licenses are not
 * in it. Undefined when the text has no `---` line (not a compact index answer).
 */
export function parseCompactInfo(text: string): GemVersionEntry[] | undefined {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.trimEnd() === '---');
  if (start < 0) {
    return undefined;
  }
  const byNumber = new Map<string, string[]>();
  for (const line of lines.slice(start + 1)) {
    const space = line.indexOf(' ');
    const head = space < 0 ? line.trimEnd() : line.slice(0, space);
    if (head === '') {
      continue;
    }
    const dash = head.indexOf('-');
    const number = dash < 0 ? head : head.slice(0, dash);
    const platform = dash < 0 ? 'ruby' : head.slice(dash + 1);
    if (!isGemVersion(number) || !isPlatform(platform)) {
      continue;
    }
    const platforms = byNumber.get(number);
    if (platforms === undefined) {
      byNumber.set(number, [platform]);
    } else if (!platforms.includes(platform)) {
      platforms.push(platform);
    }
  }
  return [...byNumber].map(([number, platforms]) => ({ number, platforms, licenses: null, published: '' }));
}

/** `GET /api/v2/rubygems/<gem>/versions/<version>.json` ("API v2"): the one version's `licenses`. */
export function parseVersionV2(json: unknown): { licenses: string[] | null } | undefined {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return undefined;
  }
  return { licenses: licenseList((json as { licenses?: unknown }).licenses) };
}

function licenseList(value: unknown): string[] | null {
  const list = (Array.isArray(value) ? value : typeof value === 'string' ? [value] : []).flatMap((item) => (typeof item === 'string' && item.trim() !== '' ? [item.trim()] : []));
  const unique = [...new Set(list)];
  return unique.length === 0 ? null : unique;
}
