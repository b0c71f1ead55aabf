// Asks the launcher to act on the workbench as a person would, and to read what it shows
// (scripts/realVscode/browserRequests.mjs): screenshots, clicks, the rendered editor lines.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { waitFor } from './waitFor';

/** Whether the launcher running these tests drives a browser (the VS Code server one does). */
export function screenshotsAvailable(): boolean {
  return process.env.OSPO_GUIDE_SCREENSHOT_REQUESTS !== undefined;
}

/** Takes a screenshot named `name` and returns the PNG's path. */
export function takeScreenshot(name: string): Promise<string> {
  return request(name, '');
}

/** One line of the active editor as drawn: its number, its text, and the text of each mark after it. */
export interface RenderedLine {
  readonly line: number | null;
  readonly text: string;
  readonly marks: readonly string[];
}

let sequence = 0;

/** The active editor's visible lines as the browser renders them, top to bottom. */
export async function renderedLines(): Promise<RenderedLine[]> {
  return JSON.parse(await request(`lines-${process.pid}-${++sequence}`, JSON.stringify({ action: 'editorLines' }))) as RenderedLine[];
}

/** The messages of the notification toasts on screen. */
export async function visibleNotifications(): Promise<string[]> {
  return JSON.parse(await request(`notifications-${process.pid}-${++sequence}`, JSON.stringify({ action: 'notifications' }))) as string[];
}

/** A key to press (`End`, `Enter`, `Control+Shift+K`) or text to type, in the browser. */
export type KeyStep = { readonly key: string } | { readonly type: string };

/** One sample of what the editor showed. */
export interface Frame {
  readonly at: number;
  readonly lines: readonly RenderedLine[];
  /** With `problems`: the Problems panel's rows as drawn (their accessible labels). */
  readonly problems?: readonly string[];
}

/**
 * Presses keys in the focused editor as a person does (`delayMs` between keys); with `sample`, the
 * rendered lines every `everyMs` while typing and for `settleMs` after, as frames.
 */
export async function pressKeys(keys: readonly KeyStep[], delayMs = 0, sample?: { readonly everyMs: number; readonly settleMs: number; readonly problems?: boolean }): Promise<Frame[]> {
  const body = { action: 'press', keys, delayMs, ...(sample ? { sampleEveryMs: sample.everyMs, settleMs: sample.settleMs, problems: sample.problems === true } : {}) };
  const timeout = 30_000 + keys.length * delayMs * 20 + (sample?.settleMs ?? 0);
  return (JSON.parse(await request(`press-${process.pid}-${++sequence}`, JSON.stringify(body), timeout)) as { frames: Frame[] }).frames;
}

/** The status bar entries as drawn: visible text and accessible label. */
export async function statusBarEntries(): Promise<{ readonly text: string; readonly label: string }[]> {
  return JSON.parse(await request(`status-${process.pid}-${++sequence}`, JSON.stringify({ action: 'statusBar' }))) as { text: string; label: string }[];
}

/** One row of a view's tree as drawn: its nesting level (1 at the top), label, description, and whether it is expanded (null: a leaf). */
export interface TreeRow {
  readonly level: number;
  readonly label: string;
  readonly description: string;
  readonly expanded: boolean | null;
}

/** The rows a view's tree draws (those in sight), found by the view's title (`Open Source`). */
export async function treeRows(view: string): Promise<TreeRow[]> {
  return JSON.parse(await request(`tree-${process.pid}-${++sequence}`, JSON.stringify({ action: 'treeRows', view }))) as TreeRow[];
}

/** Clicks a visible button by its accessible name, with the mouse, in the browser. */
export async function clickButton(name: string): Promise<void> {
  await request(`click-${process.pid}-${++sequence}`, JSON.stringify({ action: 'click', role: 'button', name }));
}

/** Clicks a link by its accessible name (its text), as in a hover. */
export async function clickLink(name: string): Promise<void> {
  await request(`click-${process.pid}-${++sequence}`, JSON.stringify({ action: 'click', role: 'link', name }));
}

/** Clicks a button by its accessible name inside the active webview (the guide panel's page). */
export async function clickWebviewButton(name: string): Promise<void> {
  await request(`click-${process.pid}-${++sequence}`, JSON.stringify({ action: 'click', frame: 'webview', role: 'button', name }));
}

/** Clicks a link by its accessible name (its text) inside the active webview. */
export async function clickWebviewLink(name: string): Promise<void> {
  await request(`click-${process.pid}-${++sequence}`, JSON.stringify({ action: 'click', frame: 'webview', role: 'link', name }));
}

/** The rows of the quick-fix menu on screen, as drawn. */
export async function quickFixMenu(): Promise<string[]> {
  return JSON.parse(await request(`quickfix-${process.pid}-${++sequence}`, JSON.stringify({ action: 'quickFixMenu' }))) as string[];
}

/** The editor hover on screen: its text and its links, or null when none is shown. */
export async function visibleHover(): Promise<{ readonly text: string; readonly links: readonly { readonly text: string; readonly target: string }[] } | null> {
  return JSON.parse(await request(`visible-hover-${process.pid}-${++sequence}`, JSON.stringify({ action: 'visibleHover' }))) as { text: string; links: { text: string; target: string }[] } | null;
}

/** The elements matching `selector` in the active webview's page: their text, data-action and href. */
export async function webviewElements(selector: string): Promise<{ readonly text: string; readonly action: string | null; readonly href: string | null }[]> {
  return JSON.parse(await request(`webview-${process.pid}-${++sequence}`, JSON.stringify({ action: 'webview', selector }))) as { text: string; action: string | null; href: string | null }[];
}

/** The Settings editor as drawn in the active group: its search text and the settings it lists, or null. */
export async function settingsEditor(): Promise<{ readonly search: string; readonly settings: readonly { readonly key: string; readonly title: string }[] } | null> {
  return JSON.parse(await request(`settings-${process.pid}-${++sequence}`, JSON.stringify({ action: 'settingsEditor' }))) as { search: string; settings: { key: string; title: string }[] } | null;
}

async function request(name: string, body: string, timeoutMs = 30_000): Promise<string> {
  const dir = process.env.OSPO_GUIDE_SCREENSHOT_REQUESTS;
  if (!dir) {
    throw new Error('this launcher drives no browser');
  }
  writeFileSync(path.join(dir, `${name}.request`), body);
  const done = path.join(dir, `${name}.done`);
  const failed = path.join(dir, `${name}.failed`);
  await waitFor(() => existsSync(done) || existsSync(failed), `the browser request ${name}`, timeoutMs);
  if (existsSync(failed)) {
    throw new Error(`browser request ${name} failed: ${readFileSync(failed, 'utf8')}`);
  }
  return readFileSync(done, 'utf8');
}

/**
 * Moves the mouse onto `text` on line `line` (1-based) of the active editor, waits for the hover to
 * show `until`, and gives the text of each row of the hover as drawn (VS Code's problems, then each
 * provider's content); with `screenshotName`, a screenshot of it first. The mouse then leaves.
 */
export async function hoverRows(line: number, text: string, until: string, screenshotName?: string): Promise<string[]> {
  const body = { action: 'hover', line, text, until, ...(screenshotName !== undefined ? { screenshot: screenshotName } : {}) };
  return (JSON.parse(await request(`hover-${process.pid}-${++sequence}`, JSON.stringify(body))) as { rows: string[] }).rows;
}
