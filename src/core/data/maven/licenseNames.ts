import { aliasKey } from '../../policy/spdx/corrections';
import { normalizeLicense } from '../../policy/spdx/normalizeLicense';
import type { DeclaredLicense } from '../types';

/**
 * POM `<license>` names and URLs → SPDX, as data. Names are compared after the policy's
 * `aliasKey` (lower case, punctuation and filler words such as "the", "license", "version"
 * dropped, `2.0` → `2`), so each entry is written once in the spelling POMs use. Names not here
 * go through the policy's own normalizer, which knows the generic aliases (`Apache 2.0`,
 * `MIT License`, `BSD 3-Clause`…). URLs decide where the name does not (an unversioned "GNU
 * Lesser General Public License" is ambiguous alone, and never guessed, as in the policy).
 */
const NAME_TABLE: readonly (readonly [spdx: string, names: readonly string[]])[] = [
  ['Apache-2.0', [
    'The Apache Software License, Version 2.0', 'Apache License, Version 2.0', 'The Apache License, Version 2.0',
    'Apache Software License - Version 2.0', 'Apache License Version 2.0', 'Apache 2', 'ASL, version 2', 'Apache License 2',
    'AL2', 'ASL2', 'Apache-2.0 License',
  ]],
  ['Apache-1.1', ['The Apache Software License, Version 1.1', 'Apache License, Version 1.1']],
  ['MIT', ['MIT License', 'The MIT License', 'The MIT License (MIT)', 'MIT', 'MIT license (also X11)', 'Bouncy Castle Licence', 'Bouncy Castle License']],
  ['BSD-3-Clause', [
    'BSD-3-Clause', 'BSD 3-Clause License', 'The BSD 3-Clause License', '3-Clause BSD License', 'New BSD License', 'The New BSD License',
    'Revised BSD License', 'Modified BSD License', 'BSD License 3', 'Eclipse Distribution License - v 1.0', 'Eclipse Distribution License v. 1.0',
    'EDL 1.0', 'Go License', 'BSD 3-clause New License',
  ]],
  ['BSD-2-Clause', ['BSD-2-Clause', 'BSD 2-Clause License', 'The BSD 2-Clause License', 'Simplified BSD License', 'FreeBSD License']],
  ['EPL-2.0', ['Eclipse Public License - v 2.0', 'Eclipse Public License v2.0', 'Eclipse Public License 2.0', 'EPL 2.0', 'EPL-2.0']],
  ['EPL-1.0', ['Eclipse Public License - v 1.0', 'Eclipse Public License v1.0', 'Eclipse Public License 1.0', 'EPL 1.0', 'EPL-1.0']],
  ['CDDL-1.0', ['Common Development and Distribution License (CDDL) v1.0', 'COMMON DEVELOPMENT AND DISTRIBUTION LICENSE (CDDL) Version 1.0', 'CDDL 1.0']],
  ['CDDL-1.1', ['CDDL 1.1', 'Common Development and Distribution License 1.1', 'CDDL v1.1']],
  ['CDDL-1.1 OR GPL-2.0-only WITH Classpath-exception-2.0', [
    'CDDL + GPLv2 with classpath exception', 'CDDL+GPL License', 'CDDL+GPL', 'CDDL/GPLv2+CE', 'CDDL + GPLv2 w/ CPE', 'CDDL 1.1 + GPL 2 with Classpath exception',
    'Dual license consisting of the CDDL v1.1 and GPL v2',
  ]],
  ['GPL-2.0-only WITH Classpath-exception-2.0', [
    'GPL2 w/ CPE', 'GPLv2 with classpath exception', 'GNU General Public License, version 2 with the GNU Classpath Exception',
    'GNU General Public License, version 2, with the Classpath Exception', 'GPL-2.0-with-classpath-exception', 'GPLv2+CE', 'GPL 2 with Classpath exception',
  ]],
  ['EPL-2.0 OR GPL-2.0-only WITH Classpath-exception-2.0', ['EPL 2.0 + GPL2 w/ CPE', 'Eclipse Public License v2.0 + GPL2 w/ CPE']],
  ['LGPL-2.1-only', ['GNU Lesser General Public License, Version 2.1', 'LGPL, version 2.1', 'LGPL 2.1', 'GNU LESSER GENERAL PUBLIC LICENSE Version 2.1', 'LGPL-2.1']],
  ['LGPL-2.1-or-later', ['GNU Lesser General Public License, Version 2.1 or later', 'LGPL 2.1 or later', 'LGPL-2.1+']],
  ['LGPL-3.0-only', ['GNU Lesser General Public License v3.0', 'GNU Lesser General Public License, Version 3', 'LGPL 3.0', 'LGPLv3', 'LGPL-3.0']],
  ['GPL-2.0-only', ['GNU General Public License, version 2', 'GPLv2', 'GPL 2.0', 'GNU General Public License v2.0']],
  ['GPL-3.0-only', ['GNU General Public License, version 3', 'GPLv3', 'GPL 3.0', 'GNU General Public License v3.0']],
  ['MPL-2.0', ['Mozilla Public License, Version 2.0', 'Mozilla Public License 2.0', 'MPL 2.0']],
  ['MPL-1.1', ['Mozilla Public License, Version 1.1', 'MPL 1.1']],
  ['CC0-1.0', ['CC0', 'CC0 1.0 Universal', 'Public Domain, per Creative Commons CC0', 'Creative Commons CC0']],
  ['UPL-1.0', ['Universal Permissive License, Version 1.0', 'The Universal Permissive License (UPL), Version 1.0']],
  ['Unlicense', ['The Unlicense']],
  ['ISC', ['ISC License', 'ISC']],
  ['JSON', ['The JSON License']],
  ['BSL-1.0', ['Boost Software License 1.0', 'Boost Software License, Version 1.0']],
  ['Unicode-3.0', ['Unicode License v3', 'Unicode License V3']],
  ['Unicode-DFS-2016', ['Unicode/ICU License', 'Unicode License Agreement - Data Files and Software (2016)']],
  ['ICU', ['ICU License']],
  ['Zlib', ['zlib License', 'The zlib/libpng License']],
];

/**
 * License URLs → SPDX. Compared after `urlKey`: no scheme, no `www.`, no trailing `/`, no
 * `.txt`/`.html`/`.php`/`.md` extension, lower case.
 */
const URL_TABLE: readonly (readonly [spdx: string, urls: readonly string[]])[] = [
  ['Apache-2.0', [
    'https://www.apache.org/licenses/LICENSE-2.0', 'https://www.apache.org/licenses/LICENSE-2.0.txt', 'https://opensource.org/licenses/Apache-2.0',
    'https://apache.org/licenses/LICENSE-2.0.html', 'https://repository.jboss.org/licenses/apache-2.0.txt', 'https://spdx.org/licenses/Apache-2.0',
  ]],
  ['Apache-1.1', ['https://www.apache.org/licenses/LICENSE-1.1']],
  ['MIT', ['https://opensource.org/licenses/MIT', 'https://opensource.org/licenses/mit-license.php', 'https://www.opensource.org/licenses/mit-license', 'https://spdx.org/licenses/MIT', 'https://www.bouncycastle.org/licence.html']],
  ['BSD-3-Clause', ['https://opensource.org/licenses/BSD-3-Clause', 'https://www.eclipse.org/org/documents/edl-v10', 'https://www.eclipse.org/org/documents/edl-v10.php', 'https://spdx.org/licenses/BSD-3-Clause']],
  ['BSD-2-Clause', ['https://opensource.org/licenses/BSD-2-Clause', 'https://spdx.org/licenses/BSD-2-Clause']],
  ['EPL-2.0', ['https://www.eclipse.org/legal/epl-2.0', 'https://www.eclipse.org/legal/epl-v20.html', 'https://www.eclipse.org/legal/epl-2.0/', 'https://opensource.org/licenses/EPL-2.0', 'https://spdx.org/licenses/EPL-2.0']],
  ['EPL-1.0', ['https://www.eclipse.org/legal/epl-v10.html', 'https://www.eclipse.org/org/documents/epl-v10.php', 'https://opensource.org/licenses/EPL-1.0', 'https://spdx.org/licenses/EPL-1.0']],
  ['LGPL-2.1-only', ['https://www.gnu.org/licenses/old-licenses/lgpl-2.1', 'https://www.gnu.org/licenses/old-licenses/lgpl-2.1.html', 'https://www.gnu.org/licenses/lgpl-2.1', 'https://opensource.org/licenses/LGPL-2.1']],
  ['LGPL-3.0-only', ['https://www.gnu.org/licenses/lgpl-3.0', 'https://www.gnu.org/licenses/lgpl-3.0.html', 'https://www.gnu.org/licenses/lgpl.html', 'https://opensource.org/licenses/LGPL-3.0']],
  ['GPL-2.0-only', ['https://www.gnu.org/licenses/old-licenses/gpl-2.0', 'https://www.gnu.org/licenses/old-licenses/gpl-2.0.html', 'https://opensource.org/licenses/GPL-2.0']],
  ['GPL-2.0-only WITH Classpath-exception-2.0', ['https://openjdk.java.net/legal/gplv2+ce.html', 'https://openjdk.org/legal/gplv2+ce.html', 'https://www.gnu.org/software/classpath/license.html']],
  ['GPL-3.0-only', ['https://www.gnu.org/licenses/gpl-3.0', 'https://www.gnu.org/licenses/gpl-3.0.html', 'https://www.gnu.org/licenses/gpl.html', 'https://opensource.org/licenses/GPL-3.0']],
  ['CDDL-1.0', ['https://opensource.org/licenses/CDDL-1.0', 'https://www.opensource.org/licenses/cddl1']],
  ['CDDL-1.1 OR GPL-2.0-only WITH Classpath-exception-2.0', ['https://glassfish.dev.java.net/public/CDDL+GPL_1_1.html', 'https://oss.oracle.com/licenses/CDDL+GPL-1.1', 'https://glassfish.java.net/public/CDDL+GPL_1_1.html', 'https://github.com/javaee/javax.annotation/blob/master/LICENSE']],
  ['MPL-2.0', ['https://www.mozilla.org/MPL/2.0', 'https://www.mozilla.org/en-US/MPL/2.0', 'https://opensource.org/licenses/MPL-2.0']],
  ['MPL-1.1', ['https://www.mozilla.org/MPL/MPL-1.1']],
  ['CC0-1.0', ['https://creativecommons.org/publicdomain/zero/1.0', 'https://creativecommons.org/publicdomain/zero/1.0/legalcode']],
  ['UPL-1.0', ['https://oss.oracle.com/licenses/upl', 'https://opensource.org/licenses/UPL']],
  ['Unlicense', ['https://unlicense.org', 'https://unlicense.org/UNLICENSE']],
  ['ISC', ['https://opensource.org/licenses/ISC']],
  ['BSL-1.0', ['https://www.boost.org/LICENSE_1_0.txt']],
];

function urlKey(url: string): string {
  return url
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/^www\./, '')
    .replace(/[?#].*$/, '')
    .replace(/\/+$/, '')
    .replace(/\.(?:txt|html?|php|md)$/, '')
    .replace(/\/+$/, '');
}

function buildTable(entries: readonly (readonly [string, readonly string[]])[], key: (text: string) => string): ReadonlyMap<string, string> {
  const map = new Map<string, string>();
  for (const [spdx, names] of entries) {
    for (const name of names) {
      const keyed = key(name);
      if (keyed !== '' && !map.has(keyed)) {
        map.set(keyed, spdx);
      }
    }
  }
  return map;
}

const NAMES = buildTable(NAME_TABLE, aliasKey);
const URLS = buildTable(URL_TABLE, urlKey);

/** One `<license>` of a POM. */
export interface PomLicense {
  readonly name?: string;
  readonly url?: string;
}

/**
 * The SPDX expression of one `<license>`: the Maven table by name, then the policy's
 * normalizer on the name, then the URL table. Null when none of them knows it.
 */
export function pomLicenseToSpdx(license: PomLicense): string | null {
  const name = license.name?.trim() ?? '';
  if (name !== '') {
    const fromTable = NAMES.get(aliasKey(name));
    if (fromTable !== undefined) {
      return fromTable;
    }
    const normalized = normalizeLicense(name);
    if (normalized.expression !== null) {
      return normalized.expression;
    }
  }
  const url = license.url?.trim() ?? '';
  if (url !== '') {
    const fromUrl = URLS.get(urlKey(url));
    if (fromUrl !== undefined) {
      return fromUrl;
    }
    const spdxPage = /^spdx\.org\/licenses\/([A-Za-z0-9.+-]+)$/.exec(urlKey(url).replace(/\.json$/, ''));
    if (spdxPage) {
      const normalized = normalizeLicense(spdxPage[1]);
      if (normalized.expression !== null) {
        return normalized.expression;
      }
    }
  }
  return null;
}

/**
 * The declared license of a POM's `<licenses>`. Several `<license>` elements are a choice
 * (Maven's own reading: "the project may be used under any of them"), so they are joined with
 * OR. When every one maps to SPDX the value is one expression; a single unmapped license is kept
 * as its name (or URL) for the evaluator to report; an unmapped one among several becomes a
 * `LicenseRef-` so that the choice stays a valid expression.
 */
export function declaredFromPomLicenses(licenses: readonly PomLicense[], source: string): DeclaredLicense | undefined {
  const usable = licenses.filter((license) => (license.name?.trim() ?? '') !== '' || (license.url?.trim() ?? '') !== '');
  if (usable.length === 0) {
    return undefined;
  }
  const mapped = usable.map((license) => ({ license, spdx: pomLicenseToSpdx(license) }));
  if (mapped.length === 1) {
    const only = mapped[0];
    return { value: only.spdx ?? (only.license.name?.trim() || only.license.url?.trim() || ''), source };
  }
  const parts: string[] = [];
  for (const { license, spdx } of mapped) {
    const part = spdx === null ? licenseRef(license) : / (?:OR|AND) /.test(spdx) ? `(${spdx})` : spdx;
    if (!parts.includes(part)) {
      parts.push(part);
    }
  }
  return { value: parts.length === 1 ? parts[0].replace(/^\((.*)\)$/, '$1') : parts.join(' OR '), source };
}

/** `LicenseRef-` plus the name (or URL) reduced to the characters SPDX allows there. */
function licenseRef(license: PomLicense): string {
  const text = (license.name?.trim() || license.url?.trim() || 'unknown').replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '');
  return `LicenseRef-${text.slice(0, 100) || 'unknown'}`;
}
