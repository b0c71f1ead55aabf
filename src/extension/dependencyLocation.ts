import * as vscode from 'vscode';
import { MANIFEST_GLOBS } from '../core/manifests';
import type { TextRange } from '../core/manifests/types';
import type { ExceptionRequestFacts } from '../core/policy/exceptionRequest';
import type { DependencyFinding } from './api';
import { MANIFEST_SCHEMES } from './constants';
import type { FeatureDeps } from './featureDeps';
import type { ManifestReport } from './manifestFindings';

/** Every manifest file in every scheme that holds real manifests; shared by hovers and quick fixes. */
export function manifestSelector(): vscode.DocumentFilter[] {
  return MANIFEST_SCHEMES.flatMap((scheme) => MANIFEST_GLOBS.map((pattern) => ({ scheme, pattern })));
}

/** The report for exactly this text of the document, or undefined (offsets would not fit it). */
export async function reportForText(deps: FeatureDeps, document: vscode.TextDocument): Promise<ManifestReport | undefined> {
  const report = await deps.findings.current(document);
  return report?.documentVersion === document.version ? report : undefined;
}

/** The dependency's whole span: from its name to the end of its spec (or of the name). */
export function dependencySpan({ dependency }: DependencyFinding): TextRange {
  const ranges = dependency.specRange ? [dependency.nameRange, dependency.specRange] : [dependency.nameRange];
  return { start: Math.min(...ranges.map((range) => range.start)), end: Math.max(...ranges.map((range) => range.end)) };
}

/** The dependency whose name or spec contains the offset (end inclusive: the cursor right after a token). */
export function dependencyAtOffset(report: ManifestReport, offset: number): { item: DependencyFinding; range: TextRange } | undefined {
  for (const item of report.findings) {
    for (const range of [item.dependency.nameRange, item.dependency.specRange]) {
      if (range && range.start <= offset && offset <= range.end) {
        return { item, range };
      }
    }
  }
  return undefined;
}

/** A core range placed in the report's text. */
export function toVscodeRange(report: ManifestReport, range: TextRange): vscode.Range {
  const start = report.lines.positionAt(range.start);
  const end = report.lines.positionAt(range.end);
  return new vscode.Range(start.line, start.character, end.line, end.character);
}

/** The facts an exception request for this finding carries. */
export function exceptionFacts(report: ManifestReport, { finding }: DependencyFinding): ExceptionRequestFacts {
  return {
    purl: finding.purl,
    version: finding.version,
    license: finding.license,
    verdict: finding.verdict,
    repo: report.repo,
    file: vscode.workspace.asRelativePath(report.uri, false),
  };
}
