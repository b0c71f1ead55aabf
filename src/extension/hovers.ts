import * as vscode from 'vscode';
import { exceptionRequestTarget } from '../core/policy/exceptionRequest';
import { hoverMarkdown, type HoverCommands } from '../core/report/hoverMarkdown';
import { currentOspoReach } from './connectFeed';
import { Commands, DIAGNOSTIC_SOURCE } from './constants';
import { dependencyAtOffset, exceptionFacts, manifestSelector, reportForText, toVscodeRange } from './dependencyLocation';
import type { FeatureDeps } from './featureDeps';
import { LicenseChoiceStore } from './licenseChoiceStore';

/** The only commands a hover's links may run. */
export const HOVER_COMMANDS: HoverCommands = {
  openTraining: Commands.openTraining,
  requestException: Commands.requestException,
  askOspo: Commands.askOspo,
  connectFeed: Commands.connectPolicyFeed,
};

/**
 * Hovering a dependency's name or spec explains its verdict: license, what decided, health, support,
 * what to do. On the name, VS Code shows our diagnostic in the same hover, above this one; what it
 * says is not repeated.
 */
export function registerHovers(deps: FeatureDeps): vscode.Disposable {
  const choices = new LicenseChoiceStore(deps.log);
  const provider: vscode.HoverProvider = {
    async provideHover(document, position, token) {
      const report = await reportForText(deps, document);
      if (!report || token.isCancellationRequested) {
        return undefined;
      }
      const hit = dependencyAtOffset(report, document.offsetAt(position));
      if (!hit) {
        return undefined;
      }
      const { item, range } = hit;
      const recorded = (await choices.choicesFor(document.uri)).get(item.finding.purl);
      const { policy } = deps.policies.forUri(document.uri);
      const feed = policy.feed;
      const facts = exceptionFacts(report, item);
      const markdown = new vscode.MarkdownString(
        hoverMarkdown({
          dependency: item.dependency,
          finding: item.finding,
          training: feed.training,
          commands: HOVER_COMMANDS,
          ...(exceptionRequestTarget(feed.organization, facts) !== null ? { exceptionRequest: facts } : {}),
          reach: currentOspoReach(deps),
          organization: feed.organization.name,
          ...(recorded ? { recordedChoice: recorded, recordedChoiceVerdict: policy.licenseVerdict(recorded.license) } : {}),
          shownAbove: diagnosticsAt(document, position),
        }),
      );
      markdown.isTrusted = { enabledCommands: Object.values(HOVER_COMMANDS) };
      markdown.supportHtml = false;
      markdown.supportThemeIcons = false;
      return new vscode.Hover(markdown, toVscodeRange(report, range));
    },
  };
  return vscode.Disposable.from(choices, vscode.languages.registerHoverProvider(manifestSelector(), provider));
}

/** The messages of our diagnostics VS Code shows in a hover over the character at `position`: those whose range covers it. */
function diagnosticsAt(document: vscode.TextDocument, position: vscode.Position): string {
  return vscode.languages
    .getDiagnostics(document.uri)
    .filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE && diagnostic.range.contains(position) && position.isBefore(diagnostic.range.end))
    .map((diagnostic) => diagnostic.message)
    .join('\n');
}
