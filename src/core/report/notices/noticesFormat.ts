import { escapeHtml } from '../../guide/escapeHtml';
import { standaloneHtmlPage } from '../htmlPage';
import { ecosystemName } from '../missingData';
import { printableText } from '../printableText';
import { escapeMarkdownText } from '../safeMarkdown';
import { type LicensedPackage, type LicenseTextGroup, type NoticePackage, type NoticesDocument } from './noticesDocument';
import { STANDARD_TEXTS_SOURCE } from './standardLicenseTexts';

export const NOTICES_FORMATS = ['text', 'markdown', 'html'] as const;
export type NoticesFormat = (typeof NOTICES_FORMATS)[number];

/** The notices in one of the formats; every string from a package is treated as hostile. */
export function formatNotices(document: NoticesDocument, format: NoticesFormat): string {
  return format === 'markdown' ? noticesMarkdown(document) : format === 'html' ? noticesHtml(document) : noticesText(document);
}

/** One line: what a name or a copyright statement may contribute. */
function oneLine(text: string): string {
  return printableText(text).replace(/[\n\f\t]+/g, ' ');
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

function packageLabel(item: NoticePackage): string {
  return `${oneLine(item.name)} ${oneLine(item.version)}`;
}

function introduction(document: NoticesDocument): string {
  const scope = document.includesDev ? 'dev dependencies included' : 'dev dependencies not included';
  return `${oneLine(document.projectName)} uses the third-party packages below (${plural(document.packageCount, 'package')}, ${scope}). Each license text is printed once, after the packages that ship it and their copyright lines.`;
}

function groupHeading(group: LicenseTextGroup): string {
  return `${oneLine(group.title)} (${plural(group.packages.length, 'package')})`;
}

function standardNote(group: LicenseTextGroup): string | undefined {
  return group.standardId === undefined ? undefined : `These packages declare ${group.standardId}, and no license file of theirs was read (each says why): the standard text of ${group.standardId} from ${STANDARD_TEXTS_SOURCE} stands in for it.`;
}

const NO_TEXT_BECAUSE: Readonly<Record<NonNullable<LicensedPackage['noTextBecause']>, string>> = {
  'not-installed': 'not installed here',
  'no-license-file': 'ships no license file',
};

function packageLine(item: LicensedPackage): string {
  const license = item.license ? `, declared ${oneLine(item.license)}` : '';
  const files = item.files.length > 0 ? ` — ${item.files.map(oneLine).join(', ')}` : item.noTextBecause ? ` — ${NO_TEXT_BECAUSE[item.noTextBecause]}` : '';
  return `${ecosystemName(item.ecosystem)} ${packageLabel(item)}${license}${files}`;
}

const RULE = '='.repeat(80);
const THIN_RULE = '-'.repeat(80);

function noticesText(document: NoticesDocument): string {
  const out: string[] = ['THIRD-PARTY SOFTWARE NOTICES', '', introduction(document), ''];
  out.push('Contents:');
  document.licenseTexts.forEach((group) => out.push(`  ${groupHeading(group)}`));
  if (document.noticeFiles.length > 0) {
    out.push(`  NOTICE files (${plural(document.noticeFiles.length, 'text')})`);
  }
  if (document.missing.length > 0) {
    out.push(`  License texts not found (${plural(document.missing.length, 'package')})`);
  }
  for (const group of document.licenseTexts) {
    out.push('', RULE, groupHeading(group), RULE, '');
    const note = standardNote(group);
    if (note) {
      out.push(note, '');
    }
    for (const item of group.packages) {
      out.push(packageLine(item));
      item.copyrights.forEach((line) => out.push(`    ${oneLine(line)}`));
    }
    out.push('', THIN_RULE, '', printableText(group.text));
  }
  if (document.noticeFiles.length > 0) {
    out.push('', RULE, 'NOTICE files, reproduced as the packages ship them', RULE);
    for (const notice of document.noticeFiles) {
      out.push('', ...notice.packages.map((item) => `${ecosystemName(item.ecosystem)} ${packageLabel(item)} — ${oneLine(item.file)}`), '', THIN_RULE, '', printableText(notice.text), '', THIN_RULE);
    }
  }
  if (document.missing.length > 0) {
    out.push('', RULE, 'License texts not found', RULE, '');
    document.missing.forEach((item) => out.push(`${ecosystemName(item.ecosystem)} ${packageLabel(item)}${item.license ? `, declared ${oneLine(item.license)}` : ''}: ${oneLine(item.reason)}`));
  }
  return `${out.join('\n')}\n`;
}

/** A fence longer than any run of backticks in the text, so the text cannot close it. */
function fenced(text: string): string {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) {
    longest = Math.max(longest, run.length);
  }
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}text\n${printableText(text)}\n${fence}`;
}

function noticesMarkdown(document: NoticesDocument): string {
  const out: string[] = ['# Third-party software notices', '', escapeMarkdownText(introduction(document)), ''];
  // Plain headings and a plain list of them: Markdown renderers that allow no HTML (VS Code's preview
  // of an untrusted file, most viewers) would show an HTML anchor as text.
  document.licenseTexts.forEach((group) => out.push(`- ${escapeMarkdownText(groupHeading(group))}`));
  if (document.noticeFiles.length > 0) {
    out.push('- NOTICE files');
  }
  if (document.missing.length > 0) {
    out.push('- License texts not found');
  }
  document.licenseTexts.forEach((group) => {
    out.push('', `## ${escapeMarkdownText(groupHeading(group))}`, '');
    const note = standardNote(group);
    if (note) {
      out.push(escapeMarkdownText(note), '');
    }
    for (const item of group.packages) {
      out.push(`- ${escapeMarkdownText(packageLine(item))}`);
      item.copyrights.forEach((line) => out.push(`  - ${escapeMarkdownText(oneLine(line))}`));
    }
    out.push('', fenced(group.text));
  });
  if (document.noticeFiles.length > 0) {
    out.push('', '## NOTICE files', '', 'Reproduced as the packages ship them.');
    for (const notice of document.noticeFiles) {
      out.push('', ...notice.packages.map((item) => `- ${escapeMarkdownText(`${ecosystemName(item.ecosystem)} ${packageLabel(item)} — ${oneLine(item.file)}`)}`), '', fenced(notice.text));
    }
  }
  if (document.missing.length > 0) {
    out.push('', '## License texts not found', '');
    document.missing.forEach((item) => out.push(`- ${escapeMarkdownText(`${ecosystemName(item.ecosystem)} ${packageLabel(item)}${item.license ? `, declared ${oneLine(item.license)}` : ''}: ${oneLine(item.reason)}`)}`));
  }
  return `${out.join('\n')}\n`;
}

const HTML_STYLE = 'body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.4}pre{white-space:pre-wrap;background:#f6f6f6;padding:1rem;border-radius:4px}li span{color:#555}';

function noticesHtml(document: NoticesDocument): string {
  const out: string[] = [
    '<h1>Third-party software notices</h1>',
    `<p>${escapeHtml(introduction(document))}</p>`,
    '<ul>',
  ];
  document.licenseTexts.forEach((group, index) => out.push(`<li><a href="#license-${index + 1}">${escapeHtml(groupHeading(group))}</a></li>`));
  if (document.noticeFiles.length > 0) {
    out.push('<li><a href="#notice-files">NOTICE files</a></li>');
  }
  if (document.missing.length > 0) {
    out.push('<li><a href="#not-found">License texts not found</a></li>');
  }
  out.push('</ul>');
  document.licenseTexts.forEach((group, index) => {
    out.push(`<section id="license-${index + 1}">`, `<h2>${escapeHtml(groupHeading(group))}</h2>`);
    const note = standardNote(group);
    if (note) {
      out.push(`<p>${escapeHtml(note)}</p>`);
    }
    out.push('<ul>');
    for (const item of group.packages) {
      const copyrights = item.copyrights.map((line) => `<br><span>${escapeHtml(oneLine(line))}</span>`).join('');
      out.push(`<li>${escapeHtml(packageLine(item))}${copyrights}</li>`);
    }
    out.push('</ul>', `<pre>${escapeHtml(printableText(group.text))}</pre>`, '</section>');
  });
  if (document.noticeFiles.length > 0) {
    out.push('<section id="notice-files">', '<h2>NOTICE files</h2>', '<p>Reproduced as the packages ship them.</p>');
    for (const notice of document.noticeFiles) {
      out.push('<ul>', ...notice.packages.map((item) => `<li>${escapeHtml(`${ecosystemName(item.ecosystem)} ${packageLabel(item)} — ${oneLine(item.file)}`)}</li>`), '</ul>', `<pre>${escapeHtml(printableText(notice.text))}</pre>`);
    }
    out.push('</section>');
  }
  if (document.missing.length > 0) {
    out.push('<section id="not-found">', '<h2>License texts not found</h2>', '<ul>');
    document.missing.forEach((item) => out.push(`<li>${escapeHtml(`${ecosystemName(item.ecosystem)} ${packageLabel(item)}${item.license ? `, declared ${oneLine(item.license)}` : ''}: ${oneLine(item.reason)}`)}</li>`));
    out.push('</ul>', '</section>');
  }
  return standaloneHtmlPage(`Third-party software notices — ${oneLine(document.projectName)}`, HTML_STYLE, out);
}
