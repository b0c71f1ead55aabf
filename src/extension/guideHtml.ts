// The guide panel's HTML, built from a plain model. Pure (no `vscode`): the unit tests render
// hostile feeds with it. Every feed string goes through escapeHtml; feed markdown arrives already
// rendered by renderFeedMarkdown (raw HTML off, only https/mailto links). The page loads one
// script, the bundled media/guide.js, under a fresh nonce; no inline script, style or handler.
import type { FolderContribution, LocalCheck } from '../core/guide/contribution';
import type { PolicyOverview } from '../core/guide/policyOverview';
import { escapeHtml } from '../core/guide/escapeHtml';
import type { TrainingEntry } from '../core/guide/training';
import type { ContributionStatus } from '../core/policy/feedModel';
import type { FundingReport } from '../core/report/funding';
import { directScopeText, transitiveCountsText } from '../core/report/workspaceSummary';
import { readablePurl } from '../core/policy/readablePurl';
import { NOT_CONNECTED, noContactText, type OspoReach } from '../core/report/ospoReach';
import { GUIDE_SECTIONS, MAX_QUERY, type GuideSection } from '../webview/protocol';
import { codicon } from './codiconHtml';
import { fundingSection } from './guideFundingHtml';
import { webviewHead } from './webviewHead';

/** Everything the panel shows, as data. */
export interface GuideModel {
  readonly organization: string;
  /** Whether the feed names a contact; without one, no "Ask the OSPO" and one sentence saying why. */
  readonly ospo: OspoReach;
  readonly trusted: boolean;
  /** One per workspace folder. */
  readonly contributions: readonly FolderContribution[];
  /** Recommended first. */
  readonly training: readonly TrainingEntry[];
  readonly policy: PolicyOverview;
  /** The workspace's dependencies that ask for funding, as `ospo-guide fund` ranks them. */
  readonly funding: FundingReport;
}

/** Where the page opens: a section, and a snippet to scroll to. */
export interface GuideFocus {
  readonly section: GuideSection;
  readonly training?: string;
}

/** Webview URIs and the CSP facts of one render. */
export interface GuideResources {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  /** Fresh for every render. */
  readonly nonce: string;
  readonly script: string;
  readonly styles: readonly string[];
}

const e = escapeHtml;

/** The Content-Security-Policy of the page: nothing but our own script (by nonce), styles, images and fonts. */
export function guideCsp(cspSource: string, nonce: string): string {
  return `default-src 'none'; script-src 'nonce-${nonce}'; style-src ${cspSource}; img-src ${cspSource}; font-src ${cspSource}`;
}

const SECTION_TITLES: Readonly<Record<GuideSection, { title: string; icon: string }>> = {
  contribute: { title: 'Contribute', icon: 'git-pull-request' },
  learn: { title: 'Learn', icon: 'mortar-board' },
  policy: { title: 'Policy', icon: 'law' },
  funding: { title: 'Funding', icon: 'heart' },
};

export function guideHtml(model: GuideModel, focus: GuideFocus, resources: GuideResources): string {
  const nonce = e(resources.nonce);
  const tabs = GUIDE_SECTIONS.map((section) => {
    const selected = section === focus.section;
    const { title, icon } = SECTION_TITLES[section];
    return `<button type="button" role="tab" id="tab-${section}" class="tab" data-action="tab" data-section="${section}" aria-controls="panel-${section}" aria-selected="${selected}" tabindex="${selected ? 0 : -1}">${codicon(icon)}<span>${title}</span></button>`;
  }).join('');
  const panels: Readonly<Record<GuideSection, string>> = {
    contribute: contributeSection(model),
    learn: learnSection(model),
    policy: policySection(model),
    funding: fundingSection(model.funding),
  };
  const sections = GUIDE_SECTIONS.map(
    (section) =>
      `<section role="tabpanel" id="panel-${section}" class="panel" aria-labelledby="tab-${section}" tabindex="0"${section === focus.section ? '' : ' hidden'}>\n${panels[section]}\n</section>`,
  ).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
${webviewHead(guideCsp(resources.cspSource, resources.nonce), resources.styles, 'OSPO Guide')}
<body data-section="${focus.section}"${focus.training !== undefined ? ` data-training="${e(focus.training)}"` : ''}>
<header class="masthead">
<div class="title"><h1>${codicon('book')} OSPO Guide</h1><span class="organization">${e(model.organization)}</span></div>
<nav role="tablist" aria-label="Guide sections" class="tabs">${tabs}</nav>
</header>
<main>
${sections}
</main>
<script nonce="${nonce}" src="${e(resources.script)}"></script>
</body>
</html>
`;
}

const STATUS: Readonly<Record<ContributionStatus, { label: string; icon: string }>> = {
  'pre-approved': { label: 'Pre-approved', icon: 'pass' },
  'needs-approval': { label: 'Needs approval', icon: 'question' },
  forbidden: { label: 'Forbidden', icon: 'circle-slash' },
  'inner-source': { label: 'Inner source', icon: 'organization' },
};

const CHECK_ICONS: Readonly<Record<LocalCheck['state'], { icon: string; label: string }>> = {
  ok: { icon: 'pass', label: 'OK' },
  warn: { icon: 'warning', label: 'Warning' },
  fail: { icon: 'error', label: 'Problem' },
  info: { icon: 'info', label: 'Note' },
};

function askOspoButton(): string {
  return `<button type="button" class="secondary" data-action="askOspo">${codicon('comment-discussion')}<span>Ask the OSPO</span></button>`;
}

function contributeSection(model: GuideModel): string {
  const intro = `<h2 class="visually-hidden">Contribute</h2>`;
  if (model.contributions.length === 0) {
    return `${intro}<p class="empty">${codicon('folder')} Open a folder to see what your OSPO says about contributing to it.</p>`;
  }
  const restricted = model.trusted
    ? ''
    : `<p class="notice">${codicon('shield')} Restricted Mode: git is not run in this workspace, so recent commits are not checked.</p>`;
  return `${intro}${restricted}${noOspoNotice(model)}${model.contributions.map((contribution) => folderArticle(contribution, model.ospo === 'reachable')).join('\n')}`;
}

/** Said once per section where OSPO actions would be, when the policy names no contact. */
function noOspoNotice(model: GuideModel): string {
  if (model.ospo === 'reachable') {
    return '';
  }
  if (model.ospo === 'no-contact') {
    return `<p class="notice no-ospo" role="note">${codicon('info')} ${e(noContactText(model.organization))}</p>`;
  }
  return `<div class="notice no-ospo" role="note"><p><strong>${codicon('plug')} ${NOT_CONNECTED.title}</strong> — ${e(NOT_CONNECTED.text)}</p>
<div class="actions"><button type="button" class="primary" data-action="connectFeed">${codicon('settings-gear')}<span>${NOT_CONNECTED.button}</span></button></div></div>`;
}

/** One folder's status; `reachable`: whether there is an OSPO to ask (else the section's notice says so, once). */
function folderArticle(contribution: FolderContribution, reachable: boolean): string {
  const status = STATUS[contribution.status];
  const { rule } = contribution;
  const facts: string[] = [`<dt>Folder</dt><dd>${e(contribution.folderName)}</dd>`];
  if (contribution.remote) {
    facts.push(`<dt>Upstream</dt><dd><code>${e(contribution.remote.repo)}</code> <span class="muted">(remote ${e(contribution.remote.name)}: ${e(contribution.remote.url)})</span></dd>`);
  } else {
    facts.push(`<dt>Upstream</dt><dd class="muted">No git remote names a repository.</dd>`);
  }
  facts.push(`<dt>Rule</dt><dd>${contribution.matchedPattern === null ? 'the policy\'s default' : `project <code>${e(contribution.matchedPattern)}</code>`}</dd>`);
  const rules: string[] = [];
  // The CLA "check" is a rule, not a fact of this machine: it is listed with the rules.
  const cla = contribution.checks.find((check) => check.id === 'cla');
  if (cla) {
    rules.push(`<li>${codicon('file-text')} <span><strong>CLA:</strong> ${e(cla.message)}</span></li>`);
  }
  if (rule.dco !== undefined) {
    rules.push(`<li>${codicon('edit')} <span><strong>DCO:</strong> ${rule.dco ? 'required: sign off every commit (<code>git commit -s</code>).' : 'not required.'}</span></li>`);
  }
  if (rule.email !== undefined) {
    rules.push(`<li>${codicon('mail')} <span><strong>Email:</strong> ${rule.email === 'corporate' ? 'commit with your corporate address.' : 'any address you choose.'}</span></li>`);
  }
  // Without an approval URL, "Request approval" asks the OSPO's contacts: offered only where there are some.
  const approval =
    contribution.approvalUrl !== null || (contribution.status === 'needs-approval' && reachable)
      ? `<button type="button" class="primary" data-action="requestApproval" data-folder="${e(contribution.folderName)}">${codicon('link-external')}<span>Request approval</span></button>`
      : '';
  return `<article class="folder status-${contribution.status}" data-folder="${e(contribution.folderName)}" aria-labelledby="status-${e(slug(contribution.folderName))}">
<div class="status" role="status">
<h2 id="status-${e(slug(contribution.folderName))}" class="status-label">${codicon(status.icon)} ${status.label}</h2>
<p class="statement">${e(contribution.statement)}</p>
${approval !== '' || reachable ? `<div class="actions">${approval}${reachable ? askOspoButton() : ''}</div>` : ''}
</div>
<dl class="facts">${facts.join('')}</dl>
${rules.length > 0 ? `<h3>Rules</h3><ul class="rules">${rules.join('')}</ul>` : ''}
${contribution.notesHtml !== null ? `<h3>Notes from your OSPO</h3><div class="markdown">${contribution.notesHtml}</div>` : ''}
<h3>This machine</h3>
<ul class="checks">${contribution.checks.filter((check) => check.id !== 'cla').map((check) => `<li class="check check-${check.state}" data-check="${check.id}">${codicon(CHECK_ICONS[check.state].icon, CHECK_ICONS[check.state].label)}<span>${e(check.message)}</span></li>`).join('')}</ul>
${contribution.checklist.length > 0 ? `<h3>Before you contribute</h3><ul class="checklist">${contribution.checklist.map((item) => `<li>${codicon('circle-large-outline')}<span>${e(item)}</span></li>`).join('')}</ul>` : ''}
</article>`;
}

/** The training snippets, recommended first; the search box asks the extension which ones match. */
function learnSection(model: GuideModel): string {
  const entries = model.training;
  const read = entries.filter((entry) => entry.read).length;
  const header = `<h2 class="visually-hidden">Learn</h2>
<div class="search">
<label for="training-search">${codicon('search')}<span class="visually-hidden">Search training</span></label>
<input id="training-search" type="search" placeholder="Search training" maxlength="${MAX_QUERY}" autocomplete="off" spellcheck="false" aria-describedby="training-count">
<span id="training-count" class="muted" aria-live="polite"></span>
</div>
<p id="training-progress" class="progress" data-template="{0} of {1} read">${read} of ${entries.length} read</p>`;
  if (entries.length === 0) {
    return `${header}<p class="empty">Your OSPO's policy has no training snippets.</p>`;
  }
  const items = entries.map((entry) => {
    const meta: string[] = [];
    if (entry.minutes !== null) {
      meta.push(`${codicon('clock')} ${entry.minutes} min`);
    }
    if (entry.audience.length > 0) {
      meta.push(`${codicon('person')} ${entry.audience.map(e).join(', ')}`);
    }
    meta.push(`<span class="read-state" data-read="Read" data-unread="Not read">${entry.read ? 'Read' : 'Not read'}</span>`);
    const recommended = entry.recommended
      ? `<p class="recommended">${codicon('star-full')} Recommended for this workspace${entry.because.length > 0 ? `: ${entry.because.map(e).join('; ')}` : ''}</p>`
      : '';
    return `<li><article class="training${entry.read ? ' read' : ''}${entry.recommended ? ' is-recommended' : ''}" id="training-${e(slug(entry.id))}" data-training-id="${e(entry.id)}" tabindex="-1" aria-labelledby="training-title-${e(slug(entry.id))}">
<h3 id="training-title-${e(slug(entry.id))}">${e(entry.title)}</h3>
<p class="meta">${meta.join(' <span class="separator" aria-hidden="true">·</span> ')}</p>
${recommended}
<div class="markdown">${entry.html}</div>
<button type="button" class="secondary" data-action="setRead" data-id="${e(entry.id)}" aria-pressed="${entry.read}" data-label-read="Read" data-label-unread="Mark as read">${codicon('check')}<span class="label">${entry.read ? 'Read' : 'Mark as read'}</span></button>
</article></li>`;
  });
  return `${header}<p id="training-none" class="empty" hidden>No snippet matches.</p><ul class="training-list">${items.join('\n')}</ul>`;
}

function policySection(model: GuideModel): string {
  const policy = model.policy;
  const age = policy.ageDays === 0 ? 'today' : policy.ageDays === 1 ? '1 day ago' : `${policy.ageDays} days ago`;
  const state: string[] = [
    policy.signed ? `<span class="badge ok">${codicon('verified')} signed</span>` : `<span class="badge warn">${codicon('unverified')} not signed</span>`,
  ];
  if (policy.stale) {
    state.push(`<span class="badge warn">${codicon('history')} stale${policy.expires !== null ? `: expired ${e(policy.expires)}` : ''}</span>`);
  }
  const facts = [
    `<dt>Policy</dt><dd><code>${e(policy.id)}</code> version ${policy.version}</dd>`,
    `<dt>From</dt><dd>${e(policy.organization)}</dd>`,
    `<dt>Issued</dt><dd>${e(day(policy.issued))} (${age})</dd>`,
    ...(policy.expires !== null ? [`<dt>Expires</dt><dd>${e(day(policy.expires))}</dd>`] : []),
    `<dt>Signature</dt><dd>${state.join(' ')}</dd>`,
    `<dt>Source</dt><dd>${e(policy.origin)}: <code class="wrap">${e(policy.source)}</code></dd>`,
    ...(policy.lastError !== null ? [`<dt>Last refresh</dt><dd class="error-text">${codicon('error')} ${e(policy.lastError)}</dd>`] : []),
  ];
  const list = (label: string, kind: string, ids: readonly string[]) =>
    `<div class="license-list ${kind}"><h4>${label}</h4>${ids.length === 0 ? '<p class="muted">none</p>' : `<ul class="chips">${ids.map((id) => `<li><code>${e(id)}</code></li>`).join('')}</ul>`}</div>`;
  const exceptions =
    policy.exceptions.length === 0
      ? '<p class="muted">No exception applies to this repository.</p>'
      : `<div class="table-wrap"><table><thead><tr><th scope="col">Package</th><th scope="col">Versions</th><th scope="col">Verdict</th><th scope="col">Until</th><th scope="col">Ticket</th></tr></thead><tbody>${policy.exceptions
          .map(
            (grant) =>
              `<tr class="${grant.expired ? 'expired' : ''}"><td>${e(readablePurl(grant.match))}</td><td>${grant.versions === null ? 'all' : e(grant.versions)}</td><td>${e(grant.verdict)}</td><td>${grant.until === null ? 'no end' : e(grant.until)}${grant.expired ? ` <span class="badge warn">expired</span>` : ''}</td><td>${grant.ticket === null ? '' : e(grant.ticket)}</td></tr>`,
          )
          .join('')}</tbody></table></div>`;
  const { findings } = policy;
  const transitive = transitiveCountsText(findings.transitive);
  const count = (kind: string, icon: string, label: string, value: number) => `<li class="count ${kind}">${codicon(icon)}<strong>${value}</strong> <span>${label}</span></li>`;
  const contacts =
    policy.contacts.length === 0
      ? ''
      : `<ul class="contacts">${policy.contacts.map((contact) => `<li>${codicon(contact.kind === 'email' ? 'mail' : contact.kind === 'chat' ? 'comment-discussion' : 'globe')} <a href="${e(contact.href)}" rel="noopener noreferrer">${e(contact.label)}</a></li>`).join('')}</ul>`;
  return `<h2 class="visually-hidden">Policy</h2>
<div class="card"><h3>${codicon('law')} The policy in force</h3><dl class="facts">${facts.join('')}</dl>
<div class="actions"><button type="button" class="secondary" data-action="refresh">${codicon('refresh')}<span>Refresh</span></button>${model.ospo === 'reachable' ? askOspoButton() : ''}</div>${contacts}${noOspoNotice(model)}</div>
<div class="card"><h3>${codicon('checklist')} This workspace</h3>
<p class="muted" id="direct-counts">${e(directScopeText(findings))}</p>
<ul class="counts" aria-labelledby="direct-counts">${count('deny', 'error', 'denied', findings.deny)}${count('review', 'warning', 'to review', findings.review)}${count('unknown', 'question', 'unknown license', findings.unknown)}${count('allow', 'pass', 'allowed', findings.allow)}</ul>
${transitive === '' ? '' : `<p class="muted transitive-counts">${codicon('type-hierarchy-sub')} ${e(transitive)}</p>`}
<div class="actions"><button type="button" class="secondary" data-action="openInventory">${codicon('list-tree')}<span>Show in the Open Source view</span></button></div></div>
<div class="card"><h3>${codicon('symbol-key')} Licenses</h3><div class="license-lists">${list('Allowed', 'allow', policy.licenses.allow)}${list('To review', 'review', policy.licenses.review)}${list('Denied', 'deny', policy.licenses.deny)}</div>
<p class="muted">Any other license: <strong>${e(policy.licenses.default)}</strong>. No license data: <strong>${e(policy.licenses.unknown)}</strong>.</p></div>
<div class="card"><h3>${codicon('unlock')} Exceptions for this repository</h3>${exceptions}</div>`;
}

/** `2026-11-01T00:00:00Z` → `2026-11-01`; anything else as it is. */
function day(timestamp: string): string {
  return /^\d{4}-\d{2}-\d{2}T/.test(timestamp) ? timestamp.slice(0, 10) : timestamp;
}

/** An id-safe form of feed text for `id`/`aria-labelledby` pairs (the text itself stays in data attributes). */
function slug(text: string): string {
  let hash = 0;
  for (let index = 0; index < text.length; index++) {
    hash = (hash * 31 + text.charCodeAt(index)) >>> 0;
  }
  return `${text.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 40)}-${hash.toString(36)}`;
}
