import type { ResolvedPackage } from '../../data/types';
import { mapLimited } from '../../data/dataFiles';
import { LicenseTextIdentifier } from '../../data/licenseText/identifyOnDemand';
import type { Ecosystem } from '../../manifests/types';
import { normalizeLicense } from '../../policy/spdx';
import { leafLicenses } from '../../policy/spdx/licenseTree';
import { splitLicenseText } from './licenseBody';
import { shippedTexts } from '../../data/packageTexts';
import { STANDARD_LICENSE_TEXTS } from './standardLicenseTexts';

/** A package as the notices name it. */
export interface NoticePackage {
  readonly ecosystem: Ecosystem;
  readonly name: string;
  readonly version: string;
  /** Its declared license as written (several entries joined with AND), or undefined when nothing says. */
  readonly license?: string;
}

/** A package under one license text: its own copyright lines and the files the text was read from. */
export interface LicensedPackage extends NoticePackage {
  readonly copyrights: readonly string[];
  /** The files holding this text, for people (`LICENSE`, `licenses/LICENSE.txt`); none for a standard text. */
  readonly files: readonly string[];
  /** Under a standard text only: why none of its own was read. */
  readonly noTextBecause?: 'not-installed' | 'no-license-file';
}

/** One license text and every package that ships it (or, for a standard text, declares it and ships none). */
export interface LicenseTextGroup {
  /** How the document heads it: the license it was identified as (`MIT`, `MIT, text 2 of 3`, `Apache-2.0, standard text`). */
  readonly title: string;
  /** The terms, copyright statements taken out (they are listed per package). */
  readonly text: string;
  /** What the text was identified as (SPDX ids), when it was. */
  readonly licenseIds: readonly string[];
  /** Set when no package of the group ships a text: the SPDX License List's text of this id. */
  readonly standardId?: string;
  readonly packages: readonly LicensedPackage[];
}

/** One NOTICE text, reproduced as found, and the packages that ship it. */
export interface NoticeFileGroup {
  readonly text: string;
  readonly packages: ReadonlyArray<NoticePackage & { readonly file: string }>;
}

export interface MissingText extends NoticePackage {
  /** Why there is no text, in a sentence. */
  readonly reason: string;
}

export interface NoticesDocument {
  readonly projectName: string;
  /** Packages covered: every package of the tree, dev dependencies only when asked. */
  readonly packageCount: number;
  readonly includesDev: boolean;
  readonly licenseTexts: readonly LicenseTextGroup[];
  readonly noticeFiles: readonly NoticeFileGroup[];
  /** Packages whose license text was not found, never dropped. */
  readonly missing: readonly MissingText[];
  /** Files that could not be read. */
  readonly problems: readonly string[];
}

export interface NoticesOptions {
  readonly projectName: string;
  readonly includeDev: boolean;
}

/** Packages whose files are read at once. */
const CONCURRENCY = 16;

/**
 * The third-party notices of a resolved tree: for each package, its license texts as it ships
 * them, grouped so that identical terms appear once with every package's copyright lines; the
 * standard text where a package declares an SPDX license and ships none; every NOTICE file; and,
 * at the end, the packages whose text was not found.
 */
export async function buildNotices(packages: readonly ResolvedPackage[], options: NoticesOptions): Promise<NoticesDocument> {
  const covered = packages.filter((item) => options.includeDev || item.scope !== 'dev').slice().sort(byPackage);
  const shipped = await mapLimited(covered, CONCURRENCY, shippedTexts);
  const identifier = new LicenseTextIdentifier();
  const groups = new Map<string, { text: string; licenseIds: readonly string[]; standardId?: string; packages: LicensedPackage[]; ids: Set<string> }>();
  const notices = new Map<string, Array<NoticePackage & { file: string }>>();
  const missing: MissingText[] = [];
  const problems: string[] = [];
  const addToGroup = (key: string, text: string, entry: LicensedPackage, standardId?: string): void => {
    let group = groups.get(key);
    if (group === undefined) {
      group = { text, licenseIds: identifier.identify(text)?.ids ?? [], ...(standardId ? { standardId } : {}), packages: [], ids: new Set() };
      groups.set(key, group);
    }
    const id = `${entry.ecosystem}\0${entry.name}\0${entry.version}`;
    if (!group.ids.has(id)) {
      group.ids.add(id);
      group.packages.push(entry);
    }
  };
  covered.forEach((item, index) => {
    const { texts, problems: unreadable } = shipped[index];
    problems.push(...unreadable);
    const named = noticePackage(item);
    const licenses = texts.filter((text) => text.kind === 'license');
    for (const text of texts.filter((one) => one.kind === 'notice')) {
      const key = text.text.replace(/\r\n?/g, '\n').trim();
      if (key !== '') {
        const shippedBy = notices.get(key) ?? [];
        shippedBy.push({ ...named, file: text.file });
        notices.set(key, shippedBy);
      }
    }
    const bodies = new Map<string, { copyrights: string[]; files: string[] }>();
    for (const text of licenses) {
      const { copyrights, body } = splitLicenseText(text.text);
      if (body === '') {
        continue;
      }
      const seen = bodies.get(body) ?? { copyrights: [], files: [] };
      seen.copyrights.push(...copyrights.filter((line) => !seen.copyrights.includes(line)));
      seen.files.push(text.file);
      bodies.set(body, seen);
    }
    for (const [body, { copyrights, files }] of bodies) {
      // Texts that differ only in how their lines are wrapped or indented are one text; the first one read is printed.
      addToGroup(`file:${body.replace(/\s+/g, ' ')}`, body, { ...named, copyrights, files });
    }
    if (bodies.size > 0) {
      return;
    }
    const fallback = standardTexts(item);
    const noTextBecause = shipped[index].found ? 'no-license-file' : 'not-installed';
    for (const id of fallback.found) {
      addToGroup(`standard:${id}`, STANDARD_LICENSE_TEXTS.get(id) ?? '', { ...named, copyrights: [], files: [], noTextBecause }, id);
    }
    if (fallback.found.length === 0 || fallback.lacking.length > 0) {
      missing.push({ ...named, reason: missingReason(item, shipped[index].found, fallback.lacking) });
    }
  });
  const untitled = [...groups.values()].map((group) => ({
    text: group.text,
    licenseIds: group.licenseIds,
    ...(group.standardId ? { standardId: group.standardId } : {}),
    packages: group.packages,
  }));
  return {
    projectName: options.projectName,
    packageCount: covered.length,
    includesDev: options.includeDev,
    licenseTexts: titled(untitled),
    noticeFiles: [...notices].map(([text, shippedBy]) => ({ text, packages: shippedBy })),
    missing,
    problems,
  };
}

/** Groups in title order, the most shared text first among those of one license, each titled so no two read alike. */
function titled(groups: ReadonlyArray<Omit<LicenseTextGroup, 'title'>>): LicenseTextGroup[] {
  const base = (group: Omit<LicenseTextGroup, 'title'>): string =>
    group.standardId !== undefined ? `${group.standardId}, standard text` : group.licenseIds.length > 0 ? group.licenseIds.join(', ') : 'Other license texts';
  const sorted = [...groups].sort((a, b) => base(a).localeCompare(base(b), 'en') || b.packages.length - a.packages.length || byPackage(a.packages[0], b.packages[0]));
  const counts = new Map<string, number>();
  sorted.forEach((group) => counts.set(base(group), (counts.get(base(group)) ?? 0) + 1));
  const seen = new Map<string, number>();
  return sorted.map((group) => {
    const title = base(group);
    const total = counts.get(title) ?? 1;
    const nth = (seen.get(title) ?? 0) + 1;
    seen.set(title, nth);
    return { title: total > 1 ? `${title}, text ${nth} of ${total}` : title, ...group };
  });
}

function noticePackage(item: ResolvedPackage): NoticePackage {
  const value = item.license?.value;
  const license = value === undefined ? undefined : typeof value === 'string' ? value : value.join(' AND ');
  return { ecosystem: item.ecosystem, name: item.name, version: item.version, ...(license ? { license } : {}) };
}

/** The ids of the package's declared expression that have a standard text bundled, and those that have none. */
function standardTexts(item: ResolvedPackage): { found: string[]; lacking: string[] } {
  const value = item.license?.value;
  if (value === undefined) {
    return { found: [], lacking: [] };
  }
  const normalized = normalizeLicense(typeof value === 'string' ? value : value.join(' AND '));
  if (normalized.tree === null) {
    return { found: [], lacking: [] };
  }
  const found: string[] = [];
  const lacking: string[] = [];
  for (const id of leafLicenses(normalized.tree)) {
    (STANDARD_LICENSE_TEXTS.has(id) ? found : lacking).push(id);
  }
  return { found: [...new Set(found)], lacking: [...new Set(lacking)] };
}

function missingReason(item: ResolvedPackage, installed: boolean, lacking: readonly string[]): string {
  if (!installed) {
    return lacking.length > 0 || item.license === undefined ? 'not installed here, so its files could not be read' : 'not installed here, and its declared license is not an SPDX expression';
  }
  if (item.license === undefined) {
    return 'no license file in its folder, and no license declared';
  }
  if (lacking.length > 0) {
    const spdx = lacking.filter((id) => !id.startsWith('LicenseRef-') && !id.startsWith('DocumentRef-'));
    return `no license file in its folder, and no standard text is bundled for ${lacking.join(', ')}${spdx.length > 0 ? ` (${spdx.map((id) => `https://spdx.org/licenses/${id}.html`).join(', ')})` : ''}`;
  }
  return 'no license file in its folder, and its declared license is not an SPDX expression';
}

function byPackage(a: Pick<NoticePackage, 'ecosystem' | 'name' | 'version'>, b: Pick<NoticePackage, 'ecosystem' | 'name' | 'version'>): number {
  return a.ecosystem.localeCompare(b.ecosystem) || a.name.localeCompare(b.name, 'en') || a.version.localeCompare(b.version, 'en', { numeric: true });
}
