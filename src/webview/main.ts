// The guide panel's script (bundled to media/guide.js, run under the panel's nonce CSP). The
// extension renders all the HTML; this script only switches sections, filters the training list,
// unfolds the funding list, and turns clicks into typed messages (src/webview/protocol.ts). It
// never builds markup from data.
import { GUIDE_SECTIONS, MAX_QUERY, isGuideSection, isHostMessage, type GuideSection, type HostMessage, type WebviewMessage } from './protocol';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** What the page keeps across renders (the extension renders the whole page again when its model changes). */
interface SavedState {
  readonly query: string;
  /** The whole funding list was asked for. */
  readonly allFunding: boolean;
}

const vscode = acquireVsCodeApi();

function savedState(): Partial<SavedState> {
  const state: unknown = vscode.getState();
  return typeof state === 'object' && state !== null ? (state as Partial<SavedState>) : {};
}

function saveState(change: Partial<SavedState>): void {
  vscode.setState({ ...savedState(), ...change });
}

function post(message: WebviewMessage): void {
  vscode.postMessage(message);
}

function tabFor(section: GuideSection): HTMLElement | null {
  return document.getElementById(`tab-${section}`);
}

function panelFor(section: GuideSection): HTMLElement | null {
  return document.getElementById(`panel-${section}`);
}

function showSection(section: GuideSection, options: { focusTab?: boolean; notify?: boolean } = {}): void {
  for (const candidate of GUIDE_SECTIONS) {
    const selected = candidate === section;
    const tab = tabFor(candidate);
    const panel = panelFor(candidate);
    tab?.setAttribute('aria-selected', String(selected));
    tab?.setAttribute('tabindex', selected ? '0' : '-1');
    if (panel) {
      panel.hidden = !selected;
    }
  }
  document.body.dataset.section = section;
  if (options.focusTab) {
    tabFor(section)?.focus();
  }
  if (options.notify !== false) {
    post({ type: 'showSection', section });
  }
}

function trainingArticles(): HTMLElement[] {
  return Array.from(document.querySelectorAll<HTMLElement>('article[data-training-id]'));
}

/** Scrolls to a snippet and opens it; ids are compared as data, never put into a selector. */
function revealTraining(id: string): void {
  const article = trainingArticles().find((candidate) => candidate.dataset.trainingId === id);
  if (!article) {
    return;
  }
  const input = document.getElementById('training-search');
  if (input instanceof HTMLInputElement && article.closest('li')?.hidden) {
    input.value = '';
    showMatches('', trainingArticles().map((candidate) => candidate.dataset.trainingId ?? ''));
    search('');
  }
  article.classList.add('focused');
  article.scrollIntoView({ block: 'start' });
  article.focus({ preventScroll: true });
}

/** Sends the query to the extension, which answers with the matching ids (`searchResult`). */
function search(query: string): void {
  saveState({ query });
  post({ type: 'search', query: query.slice(0, MAX_QUERY) });
}

function showMatches(query: string, ids: readonly string[]): void {
  const input = document.getElementById('training-search');
  // An answer to an older query than the box holds now is dropped; the newer one is on its way.
  if (input instanceof HTMLInputElement && input.value.slice(0, MAX_QUERY) !== query) {
    return;
  }
  const matching = new Set(ids);
  const articles = trainingArticles();
  let shown = 0;
  for (const article of articles) {
    const match = matching.has(article.dataset.trainingId ?? '');
    const item = article.closest('li');
    if (item) {
      item.hidden = !match;
    }
    shown += match ? 1 : 0;
  }
  const count = document.getElementById('training-count');
  if (count) {
    count.textContent = query.trim() === '' ? '' : `${shown} of ${articles.length} shown`;
  }
  const none = document.getElementById('training-none');
  if (none) {
    none.hidden = shown > 0 || articles.length === 0;
  }
}

/** Shows the funding rows beyond the first ones; `focus`: a click hid the button, so focus goes to the first row shown. */
function showAllFunding(options: { focus: boolean }): void {
  const rows = Array.from(document.querySelectorAll<HTMLElement>('#panel-funding tr[data-more]'));
  for (const row of rows) {
    row.hidden = false;
  }
  const more = document.getElementById('funding-more');
  if (more) {
    more.hidden = true;
  }
  if (options.focus) {
    rows[0]?.querySelector<HTMLElement>('a')?.focus();
  }
}

function setReadState(id: string, read: boolean): void {
  const article = trainingArticles().find((candidate) => candidate.dataset.trainingId === id);
  if (!article) {
    return;
  }
  article.classList.toggle('read', read);
  const button = article.querySelector<HTMLButtonElement>('button[data-action="setRead"]');
  if (button) {
    button.setAttribute('aria-pressed', String(read));
    const label = button.querySelector('.label');
    if (label) {
      label.textContent = read ? (button.dataset.labelRead ?? 'Read') : (button.dataset.labelUnread ?? 'Mark as read');
    }
  }
  const badge = article.querySelector('.read-state');
  if (badge) {
    badge.textContent = read ? (badge.getAttribute('data-read') ?? 'Read') : (badge.getAttribute('data-unread') ?? 'Not read');
  }
  const progress = document.getElementById('training-progress');
  if (progress) {
    const total = trainingArticles().length;
    const done = trainingArticles().filter((candidate) => candidate.classList.contains('read')).length;
    progress.textContent = progress.dataset.template?.replace('{0}', String(done)).replace('{1}', String(total)) ?? `${done} of ${total} read`;
  }
}

function onClick(event: MouseEvent): void {
  const target = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-action]') : null;
  if (!target) {
    return;
  }
  switch (target.dataset.action) {
    case 'tab': {
      const section = target.dataset.section;
      if (isGuideSection(section)) {
        showSection(section);
      }
      break;
    }
    case 'setRead': {
      const id = target.dataset.id;
      if (id) {
        const read = target.getAttribute('aria-pressed') !== 'true';
        setReadState(id, read);
        post({ type: 'setRead', id, read });
      }
      break;
    }
    case 'requestApproval':
      if (target.dataset.folder) {
        post({ type: 'requestApproval', folder: target.dataset.folder });
      }
      break;
    case 'askOspo':
      post({ type: 'askOspo' });
      break;
    case 'connectFeed':
      post({ type: 'connectFeed' });
      break;
    case 'openInventory':
      post({ type: 'openInventory' });
      break;
    case 'refresh':
      post({ type: 'refresh' });
      break;
    case 'showAllFunding':
      // The rows are in the page already: nothing to ask the extension.
      showAllFunding({ focus: true });
      saveState({ allFunding: true });
      break;
    default:
      break;
  }
}

/** Arrow keys, Home and End move between the tabs (the WAI-ARIA tabs pattern). */
function onTabKey(event: KeyboardEvent): void {
  const current = document.body.dataset.section;
  if (!isGuideSection(current)) {
    return;
  }
  const index = GUIDE_SECTIONS.indexOf(current);
  const last = GUIDE_SECTIONS.length - 1;
  const next = { ArrowRight: index === last ? 0 : index + 1, ArrowLeft: index === 0 ? last : index - 1, Home: 0, End: last }[event.key];
  if (next !== undefined) {
    event.preventDefault();
    showSection(GUIDE_SECTIONS[next], { focusTab: true });
  }
}

function onHostMessage(event: MessageEvent): void {
  const message: unknown = event.data;
  if (!isHostMessage(message)) {
    return;
  }
  handle(message);
}

function handle(message: HostMessage): void {
  switch (message.type) {
    case 'reveal':
      showSection(message.section, { notify: false });
      if (message.training !== undefined) {
        revealTraining(message.training);
      } else {
        window.scrollTo(0, 0);
      }
      break;
    case 'readState':
      setReadState(message.id, message.read);
      break;
    case 'searchResult':
      showMatches(message.query, message.ids);
      break;
  }
}

function start(): void {
  document.addEventListener('click', onClick);
  document.querySelector('[role="tablist"]')?.addEventListener('keydown', (event) => onTabKey(event as KeyboardEvent));
  window.addEventListener('message', onHostMessage);
  const input = document.getElementById('training-search');
  const saved = savedState();
  if (input instanceof HTMLInputElement) {
    input.addEventListener('input', () => search(input.value));
    if (typeof saved.query === 'string' && saved.query !== '') {
      input.value = saved.query;
      search(saved.query);
    }
  }
  if (saved.allFunding === true) {
    showAllFunding({ focus: false });
  }
  const section = document.body.dataset.section;
  showSection(isGuideSection(section) ? section : 'contribute', { notify: false });
  const training = document.body.dataset.training;
  if (training) {
    revealTraining(training);
  }
  post({ type: 'ready' });
}

start();
