// The guide panel's Funding section, built from `ospo-guide fund`'s report. Pure (no `vscode`), like
// guideHtml.ts: every string of a package's metadata or of the feed goes through escapeHtml, and
// the links are the https URLs the core kept (src/core/data/funding.ts), as plain anchors that VS
// Code opens outside the editor, as the Policy section's contact links are.
import { escapeHtml as e } from '../core/guide/escapeHtml';
import { sharedFundingDestinations, type FundedPackage, type FundingDestination, type FundingReport } from '../core/report/funding';
import { ecosystemName } from '../core/report/missingData';
import { codicon } from './codiconHtml';

/** Rows shown before "Show all": the most used packages, which an organization would fund first. */
const FUNDING_SHOWN = 20;

/** `85 dependencies ask for funding; your organization sponsors 2.` */
export function fundingCountText(report: FundingReport): string {
  const asking = report.packages.length;
  const sponsored = report.packages.filter((item) => item.sponsored).length;
  return `${asking} ${asking === 1 ? 'dependency asks' : 'dependencies ask'} for funding; your organization sponsors ${sponsored === 0 ? 'none of them' : sponsored}.`;
}

export function fundingSection(report: FundingReport): string {
  const header = `<h2 class="visually-hidden">Funding</h2>`;
  const source = `<p class="muted">${codicon('info')} Read from the lockfiles and installed packages, and for a direct dependency nothing installed describes from its registry when lookups are allowed: npm's and Composer's <code>funding</code>, a Python package's Funding, Sponsor or Donate link, a gem's <code>funding_uri</code>.</p>`;
  if (report.packages.length === 0) {
    return `${header}<p class="empty" id="funding-count">${codicon('heart')} No dependency of this workspace asks for funding.</p>${source}`;
  }
  const rows = report.packages.map((item, index) => fundedRow(item, index >= FUNDING_SHOWN)).join('\n');
  const more = report.packages.length - FUNDING_SHOWN;
  const showAll =
    more > 0
      ? `<div class="actions" id="funding-more"><span class="muted">The ${FUNDING_SHOWN} most used are shown.</span><button type="button" class="secondary" data-action="showAllFunding">${codicon('unfold')}<span>Show all ${report.packages.length}</span></button></div>`
      : '';
  return `${header}<p class="funding-count" id="funding-count">${codicon('heart')} ${e(fundingCountText(report))}</p>
<p class="muted">Most used first: by how many manifests of the workspace use each, directly or through their dependencies.</p>
<div class="table-wrap"><table class="funding" aria-describedby="funding-count"><thead><tr><th scope="col">Dependency</th><th scope="col">Ecosystem</th><th scope="col">Used by</th><th scope="col">Funding</th></tr></thead>
<tbody>${rows}</tbody></table></div>
${showAll}${sharedLinks(sharedFundingDestinations(report))}${source}`;
}

/** Shared links shown: the organization's first candidates for one sponsorship that answers many packages. */
const SHARED_SHOWN = 10;
/** Package names per shared link; the rest are counted. */
const NAMES_PER_LINK = 3;

/** The funding links several dependencies share, most shared first, as `fund` lists them after its table. */
function sharedLinks(destinations: readonly FundingDestination[]): string {
  if (destinations.length === 0) {
    return '';
  }
  const rows = destinations.slice(0, SHARED_SHOWN).map((destination) => {
    const more = destination.packages.length - NAMES_PER_LINK;
    const names = destination.packages.slice(0, NAMES_PER_LINK).join(', ') + (more > 0 ? ` and ${more} more` : '');
    const link = /^https:\/\//i.test(destination.url) ? `<a href="${e(destination.url)}" rel="noopener noreferrer">${e(linkText(destination.url))}</a>` : e(destination.url);
    return `<tr class="shared"><td class="short">${link}</td><td class="short">${destination.packages.length}</td><td>${e(names)}</td></tr>`;
  });
  return `<h3 id="funding-shared">${codicon('link')} Shared funding links</h3>
<p class="muted">One sponsorship there answers every dependency that asks there.</p>
<div class="table-wrap"><table class="funding" aria-describedby="funding-shared"><thead><tr><th scope="col">Funding</th><th scope="col" class="short">Dependencies</th><th scope="col">Asked by</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></div>`;
}

/** One package: its name, ecosystem, manifests and links; `hidden` beyond the first rows, until "Show all". */
function fundedRow(item: FundedPackage, hidden: boolean): string {
  const sponsored = item.sponsored
    ? `<p class="sponsored">${codicon('heart-filled')} Sponsored by your organization — ${e(item.sponsored.how)}${item.sponsored.contact !== undefined ? ` (${e(item.sponsored.contact)})` : ''}</p>`
    : '';
  // The core keeps https URLs only; checked again where they become links, as every link of the panel is.
  const links = item.funding.filter((url) => /^https:\/\//i.test(url)).map((url) => `<li><a href="${e(url)}" rel="noopener noreferrer">${e(linkText(url))}</a></li>`).join('');
  return `<tr class="funded"${hidden ? ' data-more hidden' : ''}><td><strong>${e(item.name)}</strong>${sponsored}</td><td class="short">${e(ecosystemName(item.ecosystem))}</td><td class="short">${manifestsText(item.manifests)}</td><td><ul class="funding-links">${links}</ul></td></tr>`;
}

/** Installed packages no manifest reaches (left over from an earlier install) count none. */
function manifestsText(count: number): string {
  return count === 0 ? 'no manifest' : count === 1 ? '1 manifest' : `${count} manifests`;
}

/** A URL as read aloud: without `https://` and a final slash (the href keeps them). */
function linkText(url: string): string {
  return url.replace(/^https:\/\//i, '').replace(/\/$/, '');
}
