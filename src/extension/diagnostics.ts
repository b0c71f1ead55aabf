import * as vscode from 'vscode';
import { findingCode, type FindingCode } from '../core/report/findingCode';
import type { Verdict } from '../core/policy/verdict';
import type { DependencyFinding } from './api';
import { CONFIGURATION_SECTION, Commands, DIAGNOSTIC_SOURCE } from './constants';
import { mapMarkLineThrough } from '../core/report/mapMarkLines';
import { toVscodeRange } from './dependencyLocation';
import type { FeatureDeps } from './featureDeps';
import { lineChangesOf } from './lineChanges';
import type { ManifestReport } from './manifestFindings';
import type { SeveritySetting, Settings } from './settings';

const SEVERITIES: Readonly<Record<Exclude<SeveritySetting, 'none'>, vscode.DiagnosticSeverity>> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/**
 * Findings in the Problems panel for every manifest of the workspace, open or not: one diagnostic
 * per dependency that is not allowed (or whose exception expired), on its name, with a code that
 * links to the training snippet or policy explanation behind it.
 */
export function registerDiagnostics(deps: Pick<FeatureDeps, 'findings' | 'settings'>): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('ospoGuide');
  const publish = (report: ManifestReport) => collection.set(report.uri, diagnosticsFor(report, deps.settings(report.uri)));
  return vscode.Disposable.from(
    collection,
    deps.findings.onDidChange(({ uri, report }) => (report ? publish(report) : collection.delete(uri))),
    // A dependency's line deleted takes its problem with it at once, not when the new text is checked. Other
    // edits move the squiggles with the text in VS Code itself; ranges sent meanwhile could land a line off.
    vscode.workspace.onDidChangeTextDocument((event) => {
      const published = collection.get(event.document.uri);
      if (published === undefined || published.length === 0 || event.contentChanges.length === 0) {
        return;
      }
      const changes = lineChangesOf(event);
      const kept = published.flatMap((diagnostic) => {
        const mapped = mapMarkLineThrough(diagnostic.range.start.line, changes);
        if (mapped === undefined || mapped.line >= event.document.lineCount) {
          return [];
        }
        const moved = new vscode.Diagnostic(event.document.lineAt(mapped.line).range.intersection(diagnostic.range.with(diagnostic.range.start.with(mapped.line), diagnostic.range.end.with(mapped.line))) ?? event.document.lineAt(mapped.line).range, diagnostic.message, diagnostic.severity);
        return [Object.assign(moved, { source: diagnostic.source, code: diagnostic.code })];
      });
      if (kept.length < published.length) {
        collection.set(event.document.uri, kept);
      }
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`${CONFIGURATION_SECTION}.diagnostics`)) {
        deps.findings.all().forEach(publish);
      }
    }),
  );
}

export function diagnosticsFor(report: ManifestReport, settings: Settings): vscode.Diagnostic[] {
  const diagnostics: vscode.Diagnostic[] = [];
  for (const item of report.findings) {
    const code = findingCode(item.finding);
    const severity = code === null ? undefined : severityOf(code, item.finding.shown, settings);
    if (code === null || severity === undefined) {
      continue;
    }
    const diagnostic = new vscode.Diagnostic(toVscodeRange(report, item.dependency.nameRange), messageOf(item, code), severity);
    diagnostic.source = DIAGNOSTIC_SOURCE;
    diagnostic.code = { value: code, target: explanationLink(item) };
    diagnostics.push(diagnostic);
  }
  return diagnostics;
}

/** An expired exception on an allowed package is news, not a problem. */
function severityOf(code: FindingCode, verdict: Verdict, settings: Settings): vscode.DiagnosticSeverity | undefined {
  if (code === 'exception-expired' && verdict === 'allow') {
    return vscode.DiagnosticSeverity.Information;
  }
  const setting = verdict === 'deny' ? settings.diagnostics.denySeverity : verdict === 'review' ? settings.diagnostics.reviewSeverity : settings.diagnostics.unknownSeverity;
  return setting === 'none' ? undefined : SEVERITIES[setting];
}

function messageOf({ dependency, finding }: DependencyFinding, code: FindingCode): string {
  const version = finding.version ? `@${finding.version}` : '';
  const license = finding.license ?? vscode.l10n.t('no license data');
  const reason = code === 'exception-expired' ? (finding.reasons.find((item) => item.kind === 'exception-expired')?.message ?? finding.decisive.message) : finding.decisive.message;
  return `${dependency.name}${version} (${license}): ${reason}`;
}

/** The related training snippet where the feed names one, else the policy overview. */
function explanationLink({ finding }: DependencyFinding): vscode.Uri {
  const training = finding.training[0];
  return training === undefined ? commandUri(Commands.showPolicy, []) : commandUri(Commands.openTraining, [training]);
}

export function commandUri(command: string, args: readonly unknown[]): vscode.Uri {
  return vscode.Uri.from({ scheme: 'command', path: command, query: JSON.stringify(args) });
}
