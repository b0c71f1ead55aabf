/* global document, getComputedStyle, NodeFilter -- the functions given to page.evaluate run in the browser page */
// Lets tests in the extension host act on and read the workbench as a person sees it: a test
// writes `<name>.request` into the requests folder (its path is in OSPO_GUIDE_SCREENSHOT_REQUESTS)
// holding nothing (a screenshot) or a JSON action; this poller carries it out on the browser page
// and answers with `<name>.done` (the screenshot's path, or the action's JSON result) or
// `<name>.failed`, which the test waits for. Actions:
//   {"action":"click","role":"button","name":"Allow"}   clicks a visible control by its accessible name
//   {"action":"editorLines"}                             the active editor's rendered lines: number, text,
//                                                        and the text of each after-decoration (the marks)
//   {"action":"notifications"}                           the messages of the visible notification toasts
//   {"action":"statusBar"}                               the status bar entries: visible text and accessible label
//   {"action":"treeRows","view":"Open Source"}           the rendered rows of a view's tree: level, label,
//                                                        description, expanded (only rows the list draws)
//   {"action":"quickFixMenu"}                            the rows of the open quick-fix (action widget) menu
//   {"action":"visibleHover"}                            the visible editor hover: its text and links (text, target)
//   {"action":"webview","selector":"button"}             in the active webview's page: each match's text, data-action and href
//   {"action":"click","frame":"webview","name":"X"}      a click like the one above, inside the active webview
//   {"action":"settingsEditor"}                          the Settings editor as drawn: its search text and the settings shown
//   {"action":"press","keys":[{"key":"End"},{"type":"abc"}],"delayMs":100}   real key presses and typing
//       with "sampleEveryMs" and "settleMs": the rendered lines sampled meanwhile, as frames
//   {"action":"hover","line":5,"text":"left-pad","until":"OSPO Guide","screenshot":"hover"}   moves the mouse
//       onto that text of the active editor's line, waits for the hover to show `until`, and answers
//       the text of each of its rows as drawn (screenshot first, if named); the mouse then leaves
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

const POLL_MS = 200;
const NAME = /^[a-z0-9-]+$/;

/** Serves requests until the returned function is called. */
export function serveScreenshotRequests(requestsDir, screenshotsDir, page, log) {
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const names = await readdir(requestsDir).catch(() => []);
      for (const file of names.filter((entry) => entry.endsWith('.request'))) {
        const name = file.slice(0, -'.request'.length);
        const taking = join(requestsDir, `${name}.taking`);
        await rename(join(requestsDir, file), taking);
        try {
          if (!NAME.test(name)) {
            throw new Error(`bad request name "${name}"`);
          }
          const body = (await readFile(taking, 'utf8')).trim();
          const answer = body === '' ? await screenshot(page, screenshotsDir, name, log) : JSON.stringify(await act(page, JSON.parse(body), log, screenshotsDir));
          await answerWith(join(requestsDir, `${name}.done`), answer);
        } catch (error) {
          await answerWith(join(requestsDir, `${name}.failed`), String(error instanceof Error ? error.message : error));
        }
      }
      await delay(POLL_MS);
    }
  })();
  return async () => {
    stopped = true;
    await loop;
  };
}

/** Written whole, then renamed: the test polls for the name and must never read half an answer. */
async function answerWith(path, text) {
  await writeFile(`${path}.partial`, text);
  await rename(`${path}.partial`, path);
}

async function screenshot(page, screenshotsDir, name, log) {
  const path = join(screenshotsDir, `${name}.png`);
  await page.screenshot({ path });
  log(`[runner] screenshot ${path}`);
  return path;
}

async function act(page, request, log, screenshotsDir) {
  switch (request.action) {
    case 'click': {
      const scope = request.frame === 'webview' ? activeWebview(page) : page;
      const control = scope.getByRole(request.role ?? 'button', { name: request.name, exact: true }).first();
      await control.click({ timeout: 5_000 });
      log(`[runner] clicked ${request.role ?? 'button'} "${request.name}"`);
      return { clicked: true };
    }
    case 'press': {
      // Real key presses in the focused editor: `keys` like "End", "Enter", "Control+Shift+K", or text to type;
      // with `sampleEveryMs`, the rendered lines (and with `problems`, the Problems panel's rows) are sampled
      // meanwhile and for `settleMs` after, as frames.
      const frames = [];
      let sampling = request.sampleEveryMs !== undefined;
      const sampler = (async () => {
        while (sampling) {
          const at = Date.now();
          const lines = await page.evaluate(renderedEditorLines);
          frames.push({ at, lines, ...(request.problems ? { problems: await page.evaluate(problemRows) } : {}) });
          await new Promise((resolve) => setTimeout(resolve, request.sampleEveryMs));
        }
      })();
      for (const step of request.keys) {
        if (step.type !== undefined) {
          await page.keyboard.type(step.type, { delay: request.delayMs ?? 0 });
        } else {
          await page.keyboard.press(step.key);
        }
        if (request.delayMs) {
          await page.waitForTimeout(request.delayMs);
        }
      }
      await page.waitForTimeout(request.settleMs ?? 0);
      sampling = false;
      await sampler;
      return { pressed: request.keys.length, frames };
    }
    case 'hover':
      return hoverAt(page, request, log, screenshotsDir);
    case 'editorLines':
      return page.evaluate(renderedEditorLines);
    case 'statusBar':
      // Each status bar entry as drawn: its visible text (codicons draw no text) and its accessible label.
      return page.evaluate(() =>
        [...document.querySelectorAll('.part.statusbar .statusbar-item')].map((item) => ({ text: (item.textContent ?? '').trim(), label: item.querySelector('[aria-label]')?.getAttribute('aria-label') ?? item.getAttribute('aria-label') ?? '' })),
      );
    case 'quickFixMenu':
      return page.evaluate(() => [...document.querySelectorAll('.action-widget .monaco-list-row')].map((row) => (row.textContent ?? '').trim()));
    case 'visibleHover':
      return page.evaluate(() => {
        const hover = [...document.querySelectorAll('.monaco-hover')].find((element) => element.getBoundingClientRect().height > 0 && !element.classList.contains('hidden'));
        const content = hover?.querySelector('.monaco-hover-content');
        return content
          ? { text: (content.textContent ?? '').trim(), links: [...content.querySelectorAll('a')].map((link) => ({ text: (link.textContent ?? '').trim(), target: link.getAttribute('data-href') ?? link.getAttribute('href') ?? '' })) }
          : null;
      });
    case 'webview':
      return activeWebview(page)
        .locator(request.selector)
        .evaluateAll((elements) => elements.map((element) => ({ text: (element.textContent ?? '').replace(/\s+/g, ' ').trim(), action: element.getAttribute('data-action'), href: element.getAttribute('href') })));
    case 'settingsEditor':
      return page.evaluate(() => {
        const editor = document.querySelector('.editor-group-container.active .settings-editor');
        if (!editor) {
          return null;
        }
        const search = editor.querySelector('.settings-header .suggest-input-container .view-lines');
        const settings = [...editor.querySelectorAll('.settings-body .setting-item-contents')].filter((item) => item.getBoundingClientRect().height > 0).map((item) => ({
          key: item.closest('[data-key]')?.getAttribute('data-key') ?? '',
          title: (item.querySelector('.setting-item-title')?.textContent ?? '').trim(),
        }));
        return { search: (search?.textContent ?? '').replace(/\u00a0/g, ' ').trim(), settings };
      });
    case 'notifications':
      return page.evaluate(() => [...document.querySelectorAll('.notifications-toasts .notification-list-item-message')].map((element) => element.textContent ?? ''));
    case 'treeRows':
      return page.evaluate(renderedTreeRows, request.view);
    default:
      throw new Error(`unknown action ${JSON.stringify(request.action)}`);
  }
}

async function hoverAt(page, request, log, screenshotsDir) {
  const box = await page.evaluate(textBox, { line: request.line, text: request.text });
  if (!box) {
    throw new Error(`"${request.text}" is not drawn on line ${request.line}`);
  }
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
  const deadline = Date.now() + (request.timeoutMs ?? 10_000);
  let rows = [];
  while (Date.now() < deadline) {
    rows = await page.evaluate(visibleHoverRows);
    if (rows.some((row) => row.includes(request.until ?? ''))) {
      break;
    }
    await page.waitForTimeout(100);
  }
  // The parts of a hover arrive separately (problems first, then each provider's): let the last settle.
  await page.waitForTimeout(300);
  rows = await page.evaluate(visibleHoverRows);
  if (request.screenshot !== undefined) {
    if (!NAME.test(request.screenshot)) {
      throw new Error(`bad screenshot name "${request.screenshot}"`);
    }
    await screenshot(page, screenshotsDir, request.screenshot, log);
  }
  await page.mouse.move(1, 1);
  log(`[runner] hovered "${request.text}" on line ${request.line}: ${rows.length} rows`);
  return { rows };
}

/** Runs in the page: where `text` is drawn on view line `line` of the active editor, in page pixels. */
function textBox({ line, text }) {
  const editor = document.querySelector('.editor-group-container.active .monaco-editor') ?? document.querySelector('.monaco-editor');
  if (!editor) {
    return null;
  }
  let top = null;
  for (const number of editor.querySelectorAll('.margin-view-overlays .line-numbers')) {
    if (Number(number.textContent) === line) {
      top = Math.round(number.parentElement.getBoundingClientRect().top);
    }
  }
  const viewLine = [...editor.querySelectorAll('.view-lines .view-line')].find((candidate) => Math.round(candidate.getBoundingClientRect().top) === top);
  if (!viewLine) {
    return null;
  }
  const walker = document.createTreeWalker(viewLine, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = (node.textContent ?? '').replace(/\u00a0/g, ' ').indexOf(text);
    if (at !== -1) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + text.length);
      const rect = range.getBoundingClientRect();
      return { x: rect.left, y: rect.top, width: rect.width, height: rect.height };
    }
  }
  return null;
}

/** Runs in the page: the text of each row of the editor hover on screen (a problem, a provider's content). */
function visibleHoverRows() {
  const hover = [...document.querySelectorAll('.monaco-editor .monaco-hover')].find((element) => !element.classList.contains('hidden') && element.getBoundingClientRect().height > 0);
  if (!hover) {
    return [];
  }
  const rows = [...hover.querySelectorAll('.hover-row')].filter((row) => !row.parentElement?.closest('.hover-row'));
  return (rows.length > 0 ? rows : [hover]).map((row) => (row.innerText ?? row.textContent ?? '').trim()).filter((text) => text !== '');
}

/** Runs in the page: the accessible label of every row the Problems panel shows (file rows and problems). */
function problemRows() {
  return [...document.querySelectorAll('.markers-panel .monaco-list-row')].map((row) => row.getAttribute('aria-label') ?? row.textContent ?? '');
}

/**
 * The page inside the visible webview: VS Code draws webviews as overlays of the workbench (not
 * inside the editor group), an iframe holding the page's own active frame.
 */
function activeWebview(page) {
  return page.frameLocator('iframe.webview.ready:visible').first().frameLocator('iframe#active-frame');
}

/**
 * Runs in the page: the active editor's view lines in screen order, each with its line number (from
 * the gutter at the same height), its text, and the content of every `::after` the line renders
 * (where VS Code draws `after` decorations' contentText).
 */
function renderedEditorLines() {
  const editor = document.querySelector('.editor-group-container.active .monaco-editor') ?? document.querySelector('.monaco-editor');
  if (!editor) {
    return [];
  }
  const numbers = new Map();
  for (const number of editor.querySelectorAll('.margin-view-overlays .line-numbers')) {
    numbers.set(Math.round(number.parentElement.getBoundingClientRect().top), Number(number.textContent));
  }
  const lines = [];
  for (const line of editor.querySelectorAll('.view-lines .view-line')) {
    const top = Math.round(line.getBoundingClientRect().top);
    const marks = [];
    for (const span of line.querySelectorAll('span')) {
      const content = getComputedStyle(span, '::after').content;
      if (content && content !== 'none' && content !== 'normal' && content !== '""') {
        marks.push(JSON.parse(content.startsWith('"') ? content : JSON.stringify(content)));
      }
    }
    lines.push({ top, line: numbers.get(top) ?? null, text: (line.textContent ?? '').replace(/\u00a0/g, ' '), marks });
  }
  return lines.sort((a, b) => a.top - b.top).map(({ line, text, marks }) => ({ line, text, marks }));
}

/**
 * Runs in the page: the rows a view's tree draws, top to bottom, found by the view's title as its
 * pane header shows it; each row's nesting level, label and description as drawn, and whether it is
 * expanded (null for a leaf). A list draws only the rows in sight.
 */
function renderedTreeRows(viewTitle) {
  const wanted = viewTitle.toLowerCase();
  const pane = [...document.querySelectorAll('.pane')].find((candidate) => (candidate.querySelector('.pane-header h3.title')?.textContent ?? '').trim().toLowerCase() === wanted);
  if (!pane) {
    throw new Error(`no view titled "${viewTitle}" is shown`);
  }
  const rows = [...pane.querySelectorAll('.pane-body .monaco-list-row')].map((row) => {
    const expanded = row.getAttribute('aria-expanded');
    return {
      top: row.getBoundingClientRect().top,
      level: Number(row.getAttribute('aria-level') ?? '0'),
      label: (row.querySelector('.label-name')?.textContent ?? '').trim(),
      description: (row.querySelector('.label-description')?.textContent ?? '').trim(),
      expanded: expanded === null ? null : expanded === 'true',
    };
  });
  return rows.sort((a, b) => a.top - b.top).map(({ level, label, description, expanded }) => ({ level, label, description, expanded }));
}
