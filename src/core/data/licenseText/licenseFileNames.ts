/**
 * Which file names hold a license text (LICENSE, LICENCE.md, COPYING, COPYING.LESSER, UNLICENSE,
 * LICENSE-MIT, MIT-LICENSE.txt, …). Case-insensitive; a bare name, not a path.
 */

/** Common names in order of preference, for probing a directory by exact name. */
export const LICENSE_FILE_NAMES: readonly string[] = [
  'LICENSE',
  'LICENSE.md',
  'LICENSE.txt',
  'LICENCE',
  'LICENCE.md',
  'LICENCE.txt',
  'COPYING',
  'COPYING.md',
  'COPYING.txt',
  'UNLICENSE',
  'UNLICENSE.md',
  'UNLICENSE.txt',
  'LICENSE.markdown',
  'LICENSE.rst',
  'LICENSE-MIT',
  'LICENSE-APACHE',
  'COPYING.LESSER',
  'COPYING.LIB',
  'LICENSES.md',
  'LICENSES.txt',
];

/** Document extensions a license file may carry. */
const DOC_EXTENSIONS: ReadonlySet<string> = new Set(['md', 'markdown', 'mdown', 'txt', 'text', 'rst', 'html', 'htm', 'adoc', 'asciidoc', 'org', 'rtf']);

/** Extensions that make "license.<ext>" source code or data rather than a license text. */
const NOT_LICENSE_EXTENSIONS: ReadonlySet<string> = new Set([
  'js', 'mjs', 'cjs', 'jsx', 'ts', 'mts', 'cts', 'tsx', 'json', 'jsonc', 'json5', 'yml', 'yaml', 'toml', 'xml', 'ini', 'cfg',
  'go', 'py', 'pyc', 'pyi', 'rb', 'php', 'java', 'kt', 'kts', 'scala', 'groovy', 'gradle', 'cs', 'fs', 'vb', 'swift', 'm', 'mm',
  'c', 'h', 'cc', 'cpp', 'cxx', 'hpp', 'hh', 'rs', 'dart', 'lua', 'pl', 'pm', 'r', 'sh', 'bash', 'zsh', 'ps1', 'bat', 'cmd',
  'css', 'scss', 'sass', 'less', 'vue', 'svelte', 'map', 'lock', 'spdx', 'header', 'tmpl', 'template', 'erb', 'ejs', 'hbs',
  'pdf', 'png', 'jpg', 'jpeg', 'gif', 'svg', 'ico', 'zip', 'gz', 'tgz', 'jar', 'class', 'so', 'dll', 'exe', 'o', 'a', 'bin',
]);

/** "license", "licence", "licenses", "unlicense", "copying". */
const BASE = /^(?:un)?licen[cs]es?$|^copying$/;
/** LICENSE-MIT, LICENSE_APACHE, LICENSE.BSD, COPYING.LESSER, COPYING-GPL… (qualifier after the base). */
const BASE_WITH_QUALIFIER = /^(?:(?:un)?licen[cs]es?|copying)[-_.]([a-z0-9][a-z0-9.+_-]{0,39})$/;
/** MIT-LICENSE, APACHE_LICENSE, BSD.LICENSE (qualifier before the base). */
const QUALIFIER_WITH_BASE = /^[a-z0-9][a-z0-9.+_-]{0,39}[-_.](?:licen[cs]e|copying)$/;

/**
 * 0 when `name` is not a license file name; otherwise a preference rank (higher is better):
 * 4 `LICENSE` / `LICENCE` / `UNLICENSE`, 3 the same with a document extension, 2 `COPYING…`,
 * 1 qualified names (`LICENSE-MIT`, `MIT-LICENSE`, `COPYING.LESSER`, `LICENSES.md`).
 */
export function licenseFileNameRank(name: string): number {
  if (typeof name !== 'string' || name.length === 0 || name.length > 80) {
    return 0;
  }
  let lower = name.toLowerCase();
  let extension = '';
  const dot = lower.lastIndexOf('.');
  if (dot > 0 && DOC_EXTENSIONS.has(lower.slice(dot + 1))) {
    extension = lower.slice(dot + 1);
    lower = lower.slice(0, dot);
  }
  if (BASE.test(lower)) {
    if (lower === 'copying') {
      return 2;
    }
    if (lower.endsWith('s')) {
      return 1; // LICENSES: usually a list of third-party licenses
    }
    return extension === '' ? 4 : 3;
  }
  const qualified = BASE_WITH_QUALIFIER.exec(lower);
  if (qualified !== null) {
    const lastDot = qualified[1].lastIndexOf('.');
    const trailing = lastDot >= 0 ? qualified[1].slice(lastDot + 1) : qualified[1];
    return NOT_LICENSE_EXTENSIONS.has(trailing) ? 0 : 1;
  }
  return QUALIFIER_WITH_BASE.test(lower) ? 1 : 0;
}

/** True for LICENSE, LICENCE, COPYING, UNLICENSE, LICENSE-MIT, LICENSE.md, COPYING.LESSER, MIT-LICENSE… */
export function isLicenseFileName(name: string): boolean {
  return licenseFileNameRank(name) > 0;
}
