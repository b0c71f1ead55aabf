import * as path from 'node:path';
import * as vscode from 'vscode';
import { LineIndex } from '../core/manifests/lineIndex';
import { alternativeRequirement, versionFromListing } from '../core/manifests/alternativeRequirement';
import { manifestNameOf, lowerBoundOnly, replacementEdits, specEdits, type TextEdit } from '../core/manifests/dependencyEdits';
import { atLeastSpec, pinBelowSpec } from '../core/manifests/requirementSyntax';
import type { Ecosystem, ManifestDependency } from '../core/manifests/types';
import type { Finding } from '../core/policy/compiledPolicy';
import { exceptionRequestTarget } from '../core/policy/exceptionRequest';
import type { PolicyFeed } from '../core/policy/feedModel';
import { isoDate, mergeLicenseChoice, parseLicenseChoices, recommendedLicenseOptions } from '../core/policy/licenseChoices';
import { parsePurlPattern } from '../core/policy/purl';
import { parseSpdxExpression } from '../core/policy/spdx/normalizeLicense';
import { leafLicenses } from '../core/policy/spdx/licenseTree';
import { LICENSE_IDS } from '../core/policy/spdx/spdxIds';
import type { DependencyFinding } from './api';
import { Commands, DIAGNOSTIC_SOURCE } from './constants';
import { dependencySpan, exceptionFacts, manifestSelector, reportForText, toVscodeRange } from './dependencyLocation';
import type { FeatureDeps } from './featureDeps';
import { choicesUri, readOptionalText } from './licenseChoiceStore';
import type { ManifestReport } from './manifestFindings';
import type { ReplaceRequest } from './replaceWithVersion';

const QUICK_FIX = vscode.CodeActionKind.QuickFix;
/** A registry slower than this leaves the fix asking for the version (the answer is cached for the next time). */
const REGISTRY_WAIT_MS = 2_000;
const MAX_SPDX_LINKS = 3;

/** The SPDX list ids of a license expression (no LicenseRef), once each, in order. */
export function spdxIdsOf(license: string | null): string[] {
  const tree = license === null ? null : parseSpdxExpression(license);
  const ids = tree ? leafLicenses(tree).filter((id) => LICENSE_IDS.has(id)) : [];
  return [...new Set(ids)].slice(0, MAX_SPDX_LINKS);
}

function isLicenseChoice(finding: Finding): boolean {
  return finding.reasons.some((reason) => reason.kind === 'license-choice');
}

/** The package rules behind a finding, in order, once each. */
function rulesOf(finding: Finding, feed: PolicyFeed): PolicyFeed['packages'][number][] {
  const indices = new Set<number>();
  for (const { rule } of finding.reasons) {
    if (rule?.section === 'packages') {
      indices.add(rule.index);
    }
  }
  return [...indices].map((index) => feed.packages[index]).filter((rule) => rule !== undefined);
}

class Builder {
  readonly actions: vscode.CodeAction[] = [];

  constructor(
    private readonly deps: FeatureDeps,
    private readonly document: vscode.TextDocument,
    private readonly report: ManifestReport,
    private readonly feed: PolicyFeed,
    private readonly canEdit: boolean,
  ) {}

  async add(item: DependencyFinding, diagnostics: vscode.Diagnostic[]): Promise<void> {
    const { dependency, finding } = item;
    const push = (action: vscode.CodeAction) => {
      if (diagnostics.length > 0) {
        action.diagnostics = diagnostics;
      }
      this.actions.push(action);
    };
    if (this.canEdit && finding.verdict !== 'allow') {
      await this.addAlternatives(item, push);
      this.addPinBelow(item, push);
    }
    if (this.canEdit && isLicenseChoice(finding)) {
      await this.addLicenseChoices(item, push);
    }
    const facts = exceptionFacts(this.report, item);
    // Offered only where the feed names a form or an address for requests: a fix that can do nothing is no fix.
    if (finding.verdict !== 'allow' && exceptionRequestTarget(this.feed.organization, facts) !== null) {
      const action = new vscode.CodeAction(vscode.l10n.t('Request an exception for {0}', dependency.name), QUICK_FIX);
      action.command = { command: Commands.requestException, title: action.title, arguments: [facts] };
      push(action);
    }
    if (finding.verdict !== 'allow' || isLicenseChoice(finding)) {
      const titles = new Map(this.feed.training.map((snippet) => [snippet.id, snippet.title]));
      for (const id of finding.training) {
        const action = new vscode.CodeAction(vscode.l10n.t('Open training: {0}', titles.get(id) ?? id), QUICK_FIX);
        action.command = { command: Commands.openTraining, title: action.title, arguments: [id] };
        push(action);
      }
      for (const id of spdxIdsOf(finding.license)) {
        const action = new vscode.CodeAction(vscode.l10n.t('Read {0} on spdx.org', id), QUICK_FIX);
        action.command = { command: 'vscode.open', title: action.title, arguments: [vscode.Uri.parse(`https://spdx.org/licenses/${encodeURIComponent(id)}.html`)] };
        push(action);
      }
    }
  }

  private editFor(edits: readonly TextEdit[]): vscode.WorkspaceEdit {
    const edit = new vscode.WorkspaceEdit();
    for (const { range, newText } of edits) {
      edit.replace(this.document.uri, toVscodeRange(this.report, range), newText);
    }
    return edit;
  }

  private async addAlternatives({ dependency, finding }: DependencyFinding, push: (action: vscode.CodeAction) => void): Promise<void> {
    const kind = this.report.manifest.kind;
    let first = true;
    for (const alternative of finding.alternatives) {
      const parsed = parsePurlPattern(alternative.purl);
      if ('error' in parsed || parsed.pattern.kind !== 'exact' || parsed.pattern.key.ecosystem !== dependency.ecosystem) {
        continue;
      }
      const name = manifestNameOf(dependency.ecosystem, parsed.pattern.key.name);
      let requirement = alternativeRequirement(kind, name, alternative);
      if (requirement.kind === 'needs-version') {
        const found = await this.registryVersion(dependency.ecosystem, name, requirement.range);
        requirement = found === null ? requirement : { kind: 'write', spec: found };
      }
      const action = requirement.kind === 'write' ? this.replaceAction(dependency, name, requirement.spec) : requirement.kind === 'needs-version' ? this.askVersionAction(dependency, name, requirement.range) : null;
      if (action === null) {
        continue;
      }
      action.isPreferred = first;
      first = false;
      push(action);
    }
  }

  private replaceAction(dependency: ManifestDependency, name: string, spec: string | undefined): vscode.CodeAction | null {
    const edits = replacementEdits(this.report.manifest.kind, this.report.lines.text, dependency, { name, ...(spec !== undefined ? { spec } : {}) });
    if (edits === null) {
      return null;
    }
    const action = new vscode.CodeAction(spec !== undefined ? vscode.l10n.t('Replace with {0} {1}', name, spec) : vscode.l10n.t('Replace with {0}', name), QUICK_FIX);
    action.edit = this.editFor(edits);
    return action;
  }

  /** The manifest needs one version that neither the feed nor a registry gives: the action asks for it (checked) and then edits. */
  private askVersionAction(dependency: ManifestDependency, name: string, range: string | undefined): vscode.CodeAction | null {
    // Only where the edit can be made at all once a version is known.
    if (replacementEdits(this.report.manifest.kind, this.report.lines.text, dependency, { name, spec: '0' }) === null) {
      return null;
    }
    const title = range === undefined ? vscode.l10n.t('Replace with {0} at a version you enter…', name) : vscode.l10n.t('Replace with {0} at a version you enter ({1})…', name, range);
    const action = new vscode.CodeAction(title, QUICK_FIX);
    const request: ReplaceRequest = { uri: this.document.uri.toString(), dependency: dependency.name, offset: dependency.nameRange.start, name, ...(range !== undefined ? { range } : {}) };
    action.command = { command: Commands.replaceWithVersion, title, arguments: [request] };
    return action;
  }

  /** A version inside the range that the registry publishes, asked only where lookups run now, and not for longer than the lightbulb can wait. */
  private async registryVersion(ecosystem: Ecosystem, name: string, range: string | undefined): Promise<string | null> {
    const folder = path.dirname(this.document.uri.fsPath);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const listing = await Promise.race([
      this.deps.data.publishedVersions(folder, ecosystem, name),
      new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), REGISTRY_WAIT_MS);
      }),
    ]).finally(() => clearTimeout(timer));
    return listing === undefined ? null : versionFromListing(this.report.manifest.kind, name, range, listing.versions);
  }

  private addPinBelow({ dependency, finding }: DependencyFinding, push: (action: vscode.CodeAction) => void): void {
    const offered = new Set<string>();
    // The registry's license history, without any rule: keep to the versions under the best license the spec admits.
    const fix = finding.licenseChangeFix;
    const bounds: [string, string | null][] = [
      ...(fix?.below !== undefined ? [[vscode.l10n.t('Pin below {0}, before the license changes', fix.below), pinBelowSpec(this.report.manifest.kind, fix.below)] as [string, string | null]] : []),
      ...(fix?.from !== undefined ? [[vscode.l10n.t('Require {0} or later, after the license changes', fix.from), atLeastSpec(this.report.manifest.kind, fix.from)] as [string, string | null]] : []),
    ];
    for (const [title, spec] of bounds) {
      const edits = spec === null ? null : specEdits(this.report.manifest.kind, this.report.lines.text, dependency, spec);
      if (spec !== null && edits !== null && !offered.has(spec)) {
        offered.add(spec);
        const action = new vscode.CodeAction(`${title} (${spec})`, QUICK_FIX);
        action.edit = this.editFor(edits);
        push(action);
      }
    }
    for (const rule of rulesOf(finding, this.feed)) {
      const below = rule.versions === undefined ? null : lowerBoundOnly(rule.versions);
      const spec = below === null ? null : pinBelowSpec(this.report.manifest.kind, below);
      if (below === null || spec === null || offered.has(spec)) {
        continue;
      }
      const edits = specEdits(this.report.manifest.kind, this.report.lines.text, dependency, spec);
      if (edits === null) {
        continue;
      }
      offered.add(spec);
      const action = new vscode.CodeAction(vscode.l10n.t('Pin below {0} ({1})', below, spec), QUICK_FIX);
      action.edit = this.editFor(edits);
      push(action);
    }
  }

  private async addLicenseChoices({ finding }: DependencyFinding, push: (action: vscode.CodeAction) => void): Promise<void> {
    const folder = vscode.workspace.getWorkspaceFolder(this.document.uri);
    const { policy } = this.deps.policies.forUri(this.document.uri);
    const options = recommendedLicenseOptions(finding.license, (license) => policy.licenseVerdict(license));
    if (!folder || finding.license === null || options.length === 0) {
      return;
    }
    const file = choicesUri(folder);
    let existing: string | undefined;
    try {
      existing = await readOptionalText(file);
    } catch (error) {
      this.deps.log.warn(`Could not read ${file.toString(true)}: ${String(error)}`);
      return;
    }
    const recorded = parseLicenseChoices(existing).get(finding.purl);
    for (const option of options) {
      if (recorded?.license === option.license && recorded.expression === finding.license) {
        continue;
      }
      const merged = mergeLicenseChoice(existing, finding.purl, { license: option.license, expression: finding.license, recordedAt: isoDate(new Date()) });
      if ('error' in merged) {
        this.deps.log.warn(`Not offering to record a license choice in ${file.toString(true)}: ${merged.error}`);
        return;
      }
      // Text edits (not file contents): undoable, and the user sees and saves the change like any other.
      const edit = new vscode.WorkspaceEdit();
      if (existing === undefined) {
        edit.createFile(file, { ignoreIfExists: true });
        edit.insert(file, new vscode.Position(0, 0), merged.text);
      } else {
        const end = new LineIndex(existing).positionAt(existing.length);
        edit.replace(file, new vscode.Range(0, 0, end.line, end.character), merged.text);
      }
      const action = new vscode.CodeAction(vscode.l10n.t('Use {0} from {1} and record the choice', option.license, finding.license), QUICK_FIX);
      action.edit = edit;
      push(action);
    }
  }
}

function overlaps(a: vscode.Range, b: vscode.Range): boolean {
  return a.start.isBeforeOrEqual(b.end) && b.start.isBeforeOrEqual(a.end);
}

/**
 * Quick fixes on dependencies that are not allowed (and on `OR` choices): replace with an approved
 * alternative, pin below a relicensed version, record a license choice (edits: only for this exact
 * text, only in a trusted workspace), request an exception, open training, read the license.
 */
export function registerCodeActions(deps: FeatureDeps): vscode.Disposable {
  const provider: vscode.CodeActionProvider = {
    async provideCodeActions(document, range, context, token) {
      if (context.only && !context.only.contains(QUICK_FIX) && !QUICK_FIX.contains(context.only)) {
        return undefined;
      }
      const report = await reportForText(deps, document);
      if (!report || token.isCancellationRequested) {
        return undefined;
      }
      const canEdit = vscode.workspace.isTrusted && report.documentVersion === document.version;
      const builder = new Builder(deps, document, report, deps.policies.forUri(document.uri).policy.feed, canEdit);
      for (const item of report.findings) {
        if (item.finding.verdict === 'allow' && !isLicenseChoice(item.finding)) {
          continue;
        }
        const span = toVscodeRange(report, dependencySpan(item));
        if (!overlaps(span, range)) {
          continue;
        }
        const diagnostics = context.diagnostics.filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE && overlaps(diagnostic.range, span));
        await builder.add(item, diagnostics);
      }
      return builder.actions;
    },
  };
  return vscode.languages.registerCodeActionsProvider(manifestSelector(), provider, { providedCodeActionKinds: [QUICK_FIX] });
}
