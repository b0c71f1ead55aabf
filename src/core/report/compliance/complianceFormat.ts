import { escapeHtml } from '../../guide/escapeHtml';
import type { Verdict } from '../../policy/verdict';
import { licenseWords } from '../annotation';
import { standaloneHtmlPage } from '../htmlPage';
import type { ReportFinding } from '../checkReport';
import { ecosystemName } from '../missingData';
import { printableText } from '../printableText';
import { escapeMarkdownText } from '../safeMarkdown';
import { dependencyScopeText, transitiveCountsText, verdictCountsText } from '../workspaceSummary';
import type { ComplianceReport } from './complianceReport';

/** One table of the report: a heading, what it holds, and its rows (plain text cells, escaped by each format). */
interface Section {
  readonly heading: string;
  /** A sentence under the heading: what the table holds, or that there is nothing. */
  readonly lead: string;
  readonly columns: readonly string[];
  readonly rows: ReadonlyArray<readonly string[]>;
}

const VERDICT_LABELS: Readonly<Record<Verdict, string>> = { deny: 'denied', review: 'review', unknown: 'unknown', allow: 'allowed' };

function packageCell(finding: ReportFinding): string {
  return `${ecosystemName(finding.ecosystem)} ${finding.name}`;
}

function whereCell(finding: ReportFinding): string {
  return finding.direct ? `${finding.file}:${finding.line}` : `transitive (${finding.file})`;
}

function sections(report: ComplianceReport): Section[] {
  const { policy } = report;
  const counts = verdictCountsText(report.summary.byVerdict);
  const transitive = transitiveCountsText(report.summary.transitiveByVerdict);
  return [
    {
      heading: 'Policy',
      lead: `The policy in force: ${policy.id}, version ${policy.version}, from ${policy.organization}.`,
      columns: ['', ''],
      rows: [
        ['Policy', `${policy.id}, version ${policy.version}`],
        ['Organization', policy.organization],
        ['Issued', policy.issued],
        ...(policy.expires ? [['Expires', policy.expires]] : []),
        ['Read from', policy.source],
        ...(report.repo ? [['Repository', report.repo]] : []),
        ['Checked', `${report.generatedAt} by ${report.tool.name} ${report.tool.version}`],
      ],
    },
    {
      heading: 'Summary',
      lead: `${counts} (${dependencyScopeText(report.summary.dependencies, report.summary.manifests)}).${transitive === '' ? '' : ` ${transitive}`}`,
      columns: ['Verdict', 'Direct dependencies', 'Transitive packages'],
      rows: (['deny', 'review', 'unknown', 'allow'] as const).map((verdict) => [VERDICT_LABELS[verdict], String(report.summary.byVerdict[verdict]), String(report.summary.transitiveByVerdict[verdict])]),
    },
    {
      heading: 'Findings',
      lead: report.attention.length === 0 ? 'Every dependency is allowed, with nothing to note.' : 'Every dependency that is not simply allowed (allowed by an exception included), worst first, with the reason that decided it.',
      columns: ['Verdict', 'Package', 'Version', 'License', 'Where', 'Why'],
      rows: report.attention.map((finding) => [VERDICT_LABELS[finding.shown], packageCell(finding), finding.version ?? finding.spec ?? '', finding.license === null ? 'no license data' : licenseWords(finding), whereCell(finding), finding.why]),
    },
    {
      heading: 'Exceptions',
      lead: report.exceptions.length === 0 ? "No exception of the policy applies to this repository's dependencies." : 'The exceptions of the policy that this repository’s dependencies meet: in force, or expired and so no longer applied.',
      columns: ['Package', 'Versions', 'Grants', 'Ticket', 'Until', 'State', 'Applies to'],
      rows: report.exceptions.map((exception) => [exception.target, exception.versions ?? 'all', VERDICT_LABELS[exception.verdict], exception.ticket ?? 'none', exception.until ?? 'no end', exception.state, exception.appliesTo.join('; ')]),
    },
    {
      heading: 'License choices',
      lead: report.choices.length === 0 ? 'No license choice is recorded in .ospo/choices.json.' : 'The license this repository uses where a dependency offers a choice (an OR), as recorded in .ospo/choices.json.',
      columns: ['Package', 'Offered', 'Chosen', 'Recorded', 'Still offered'],
      rows: report.choices.map((choice) => [choice.target, choice.expression, choice.license, choice.recordedAt, choice.stillOffered === undefined ? 'not among the dependencies checked' : choice.stillOffered ? 'yes' : 'no: the dependency no longer offers it']),
    },
    {
      heading: 'Unknown',
      lead: report.unknown.length === 0 ? 'Every dependency has license data the policy could read.' : 'Dependencies with no license data, or with a license text that is no SPDX expression: nobody has decided about these yet.',
      columns: ['Package', 'Version', 'License', 'Where'],
      rows: report.unknown.map((finding) => [packageCell(finding), finding.version ?? finding.spec ?? '', finding.license === null ? 'no license data' : licenseWords(finding), whereCell(finding)]),
    },
    ...(report.problems.length > 0 ? [{ heading: 'Not checked', lead: 'Manifests that could not be read, or were read with problems (what could be read is above).', columns: ['Problem'], rows: report.problems.map((problem) => [problem]) }] : []),
  ];
}

function title(report: ComplianceReport): string {
  return `Open source compliance report: ${report.project}`;
}

/** The report as Markdown: every cell escaped, one line each, so no dependency can add a row, a link or HTML. */
export function complianceMarkdown(report: ComplianceReport): string {
  const out: string[] = [`# ${escapeMarkdownText(title(report))}`];
  for (const section of sections(report)) {
    out.push('', `## ${escapeMarkdownText(section.heading)}`, '', escapeMarkdownText(section.lead));
    if (section.rows.length > 0) {
      out.push('', `| ${section.columns.map(escapeMarkdownText).join(' | ')} |`, `|${section.columns.map(() => ' --- ').join('|')}|`);
      for (const row of section.rows) {
        out.push(`| ${row.map(escapeMarkdownText).join(' | ')} |`);
      }
    }
  }
  return `${out.join('\n')}\n`;
}

const HTML_STYLE = 'body{font-family:system-ui,sans-serif;margin:2rem;line-height:1.4}table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#f3f3f3}';

/** The report as a stand-alone HTML page: escaped throughout, and a CSP that lets nothing run or load. */
export function complianceHtml(report: ComplianceReport): string {
  const out: string[] = [`<h1>${escapeHtml(title(report))}</h1>`];
  for (const section of sections(report)) {
    out.push(`<h2>${escapeHtml(section.heading)}</h2>`, `<p>${escapeHtml(section.lead)}</p>`);
    if (section.rows.length > 0) {
      out.push('<table>', `<tr>${section.columns.map((column) => `<th>${escapeHtml(column)}</th>`).join('')}</tr>`);
      for (const row of section.rows) {
        out.push(`<tr>${row.map((cell) => `<td>${escapeHtml(printableText(cell))}</td>`).join('')}</tr>`);
      }
      out.push('</table>');
    }
  }
  return standaloneHtmlPage(title(report), HTML_STYLE, out);
}
