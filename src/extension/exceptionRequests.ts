import * as vscode from 'vscode';
import { exceptionRequestTarget, type ExceptionRequestFacts } from '../core/policy/exceptionRequest';
import { readablePurl } from '../core/policy/readablePurl';
import { currentOspoReach, tellNoOspo } from './connectFeed';
import { Commands } from './constants';
import type { FeatureDeps } from './featureDeps';
import { showError } from './log';

function optionalString(value: unknown): string | null | undefined {
  return value === null || value === undefined ? null : typeof value === 'string' ? value : undefined;
}

/** The command's argument, which may come from a link: checked field by field, never trusted. */
export function toExceptionFacts(value: unknown): ExceptionRequestFacts | undefined {
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  const record = value as Record<string, unknown>;
  const version = optionalString(record.version);
  const license = optionalString(record.license);
  const repo = optionalString(record.repo);
  if (typeof record.purl !== 'string' || typeof record.verdict !== 'string' || typeof record.file !== 'string' || version === undefined || license === undefined || repo === undefined) {
    return undefined;
  }
  return { purl: record.purl, version, license, verdict: record.verdict, repo, file: record.file };
}

/**
 * `ospoGuide.requestException`: opens the OSPO's request form, or a mail to the OSPO, with the facts
 * filled in. The quick fix and the hover offer it only where the feed names one of them; a stale
 * link (the policy changed since) says what is possible instead.
 */
export function registerExceptionRequests(deps: FeatureDeps): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.requestException, async (argument?: unknown) => {
    const facts = toExceptionFacts(argument);
    if (!facts) {
      await showError(deps.log, vscode.l10n.t('Requesting an exception needs a dependency; use the quick fix or the hover of one.'), new Error(`Bad argument: ${JSON.stringify(argument)}`));
      return;
    }
    const organization = deps.policies.organization().policy.feed.organization;
    const target = exceptionRequestTarget(organization, facts);
    const label = readablePurl(facts.purl, facts.version);
    if (target === null) {
      const reach = currentOspoReach(deps);
      if (reach === 'reachable') {
        // No form and no address for requests, but a way to ask: the OSPO's contacts.
        deps.log.info(`The policy names nowhere to request an exception for ${label}; offering its contacts.`);
        await vscode.commands.executeCommand(Commands.askOspo);
      } else {
        tellNoOspo(deps, reach);
      }
      return;
    }
    try {
      const opened = await vscode.env.openExternal(vscode.Uri.parse(target, true));
      if (!opened) {
        deps.log.warn(`Opening ${target} was declined or failed.`);
      } else {
        deps.log.info(`Opened an exception request for ${label}.`);
      }
    } catch (error) {
      await showError(deps.log, vscode.l10n.t('Opening the exception request for {0} failed.', label), error);
    }
  });
}
