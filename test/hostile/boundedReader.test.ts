import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MAX_LINK_HOPS, readBoundedBytes, readBoundedText, readBoundedTextSync, type BoundedText, type RefusalCause } from '../../src/core/files/boundedReader';

const LIMITS = { maxBytes: 1024 * 1024 };
const QUICK_MS = 2000;

describe('bounded reader', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'bounded-reader-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Reads `file` both ways, each within QUICK_MS, and gives both answers. */
  async function readBothWays(file: string, limits = LIMITS): Promise<BoundedText[]> {
    let started = Date.now();
    const asynchronous = await readBoundedText(file, limits);
    assert.ok(Date.now() - started < QUICK_MS, `async read of ${path.basename(file)} took ${Date.now() - started} ms`);
    started = Date.now();
    const synchronous = readBoundedTextSync(file, limits);
    assert.ok(Date.now() - started < QUICK_MS, `sync read of ${path.basename(file)} took ${Date.now() - started} ms`);
    return [asynchronous, synchronous];
  }

  async function assertRefused(file: string, cause: RefusalCause, limits = LIMITS): Promise<void> {
    for (const outcome of await readBothWays(file, limits)) {
      assert.equal(outcome.kind, 'refused', `${path.basename(file)}: ${JSON.stringify(outcome).slice(0, 200)}`);
      assert.equal(outcome.kind === 'refused' && outcome.cause, cause);
      assert.ok(outcome.kind === 'refused' && !/[\0\n]/.test(outcome.reason) && outcome.reason.length < 200);
    }
  }

  it('reads a regular file as UTF-8 without its byte order mark', async () => {
    const file = path.join(dir, 'plain.txt');
    writeFileSync(file, '\ufeffname = "é"\n');
    for (const outcome of await readBothWays(file)) {
      assert.deepEqual(outcome, { kind: 'text', text: 'name = "é"\n' });
    }
  });

  it('reads a file of exactly the cap and refuses one byte more', async () => {
    const file = path.join(dir, 'cap.txt');
    writeFileSync(file, 'x'.repeat(100));
    for (const outcome of await readBothWays(file, { maxBytes: 100 })) {
      assert.equal(outcome.kind === 'text' && outcome.text.length, 100);
    }
    await assertRefused(file, 'too-large', { maxBytes: 99 });
  });

  it('gives the first bytes of a larger file when asked to, even of a 1 GiB sparse one', async () => {
    const file = path.join(dir, 'license-sparse');
    writeFileSync(file, 'MIT License');
    truncateSync(file, 1024 * 1024 * 1024);
    const limits = { maxBytes: 7, firstBytesOnly: true };
    for (const outcome of await readBothWays(file, limits)) {
      assert.deepEqual(outcome, { kind: 'text', text: 'MIT Lic' });
    }
  });

  it('says missing for an absent file and for a path through a file', async () => {
    for (const file of [path.join(dir, 'absent'), path.join(dir, 'plain.txt', 'below')]) {
      writeFileSync(path.join(dir, 'plain.txt'), 'x');
      for (const outcome of await readBothWays(file)) {
        assert.deepEqual(outcome, { kind: 'missing' });
      }
    }
  });

  it('refuses /dev/zero, directly and through a link', async function () {
    if (!existsSync('/dev/zero')) {
      this.skip();
    }
    await assertRefused('/dev/zero', 'not-a-file');
    const link = path.join(dir, 'zero-link');
    symlinkSync('/dev/zero', link);
    await assertRefused(link, 'not-a-file');
  });

  it('refuses a FIFO without waiting for a writer', async function () {
    const fifo = path.join(dir, 'fifo');
    const made = spawnSync('mkfifo', [fifo]);
    if (made.error || made.status !== 0) {
      console.warn('    (skipped: mkfifo is not available here)');
      this.skip();
    }
    await assertRefused(fifo, 'not-a-file');
    const link = path.join(dir, 'fifo-link');
    symlinkSync(fifo, link);
    await assertRefused(link, 'not-a-file');
  });

  it('refuses a 1 GiB sparse file by its size, before reading', async () => {
    const file = path.join(dir, 'sparse');
    writeFileSync(file, '');
    truncateSync(file, 1024 * 1024 * 1024);
    await assertRefused(file, 'too-large');
    const outcome = await readBoundedText(file, LIMITS);
    assert.match(outcome.kind === 'refused' ? outcome.reason : '', /1 GiB/);
  });

  it('refuses a link loop and a chain longer than the bound, and follows a short chain', async () => {
    symlinkSync('loop-b', path.join(dir, 'loop-a'));
    symlinkSync('loop-a', path.join(dir, 'loop-b'));
    await assertRefused(path.join(dir, 'loop-a'), 'link-hops');
    writeFileSync(path.join(dir, 'chain-end'), 'end');
    let previous = 'chain-end';
    for (let index = 0; index < MAX_LINK_HOPS + 1; index++) {
      symlinkSync(previous, path.join(dir, `chain-${index}`));
      previous = `chain-${index}`;
    }
    for (const outcome of await readBothWays(path.join(dir, `chain-${MAX_LINK_HOPS - 1}`))) {
      assert.deepEqual(outcome, { kind: 'text', text: 'end' });
    }
    await assertRefused(path.join(dir, `chain-${MAX_LINK_HOPS}`), 'link-hops');
  });

  it("follows a link whose target climbs with '..' from a folder reached through another link, as the kernel does", async () => {
    // Debian's Maven repository: each jar a link that climbs four folders to /usr/share/java, with ~/.m2/repository a link to the repository.
    mkdirSync(path.join(dir, 'share', 'java'), { recursive: true });
    mkdirSync(path.join(dir, 'share', 'repo', 'g', 'a', '1.0'), { recursive: true });
    writeFileSync(path.join(dir, 'share', 'java', 'a.jar'), 'jar');
    symlinkSync(path.join('..', '..', '..', '..', 'java', 'a.jar'), path.join(dir, 'share', 'repo', 'g', 'a', '1.0', 'a-1.0.jar'));
    mkdirSync(path.join(dir, 'home'));
    symlinkSync(path.join(dir, 'share', 'repo'), path.join(dir, 'home', 'repository'));
    for (const outcome of await readBothWays(path.join(dir, 'home', 'repository', 'g', 'a', '1.0', 'a-1.0.jar'))) {
      assert.deepEqual(outcome, { kind: 'text', text: 'jar' });
    }
  });

  it('refuses a loop of folder links on the way (the kernel bounds those)', async () => {
    symlinkSync('dir-loop-b', path.join(dir, 'dir-loop-a'));
    symlinkSync('dir-loop-a', path.join(dir, 'dir-loop-b'));
    await assertRefused(path.join(dir, 'dir-loop-a', 'package.json'), 'link-hops');
  });

  it('refuses a folder', async () => {
    mkdirSync(path.join(dir, 'folder.json'));
    await assertRefused(path.join(dir, 'folder.json'), 'folder');
  });

  it('enforces the cap while reading a file whose reported size is smaller than its content', async function () {
    // Files in /proc report size 0 and have content: the size check alone cannot catch them.
    if (!existsSync('/proc/self/maps')) {
      this.skip();
    }
    await assertRefused('/proc/self/maps', 'too-large', { maxBytes: 16 });
  });

  it('refuses a file that grows past the cap while it is read', async () => {
    const file = path.join(dir, 'growing');
    writeFileSync(file, 'x'.repeat(16 * 1024));
    const chunk = Buffer.alloc(256 * 1024, 0x78);
    let appended = 0;
    let reading = true;
    const append = (): void => {
      if (reading && appended < 16 * 1024 * 1024) {
        appendFileSync(file, chunk);
        appended += chunk.length;
        setImmediate(append);
      }
    };
    setImmediate(append);
    const started = Date.now();
    const outcome = await readBoundedBytes(file, LIMITS);
    reading = false;
    assert.ok(Date.now() - started < QUICK_MS);
    assert.equal(outcome.kind, 'refused', `read ${outcome.kind === 'bytes' ? outcome.bytes.length : 0} bytes`);
    assert.equal(outcome.kind === 'refused' && outcome.cause, 'too-large');
  });

  it('refuses malformed UTF-8 only when asked to', async () => {
    const file = path.join(dir, 'latin1.txt');
    writeFileSync(file, Buffer.from([0x61, 0xe9, 0x62]));
    assert.deepEqual(await readBoundedText(file, { ...LIMITS, strictUtf8: true }), { kind: 'refused', cause: 'not-utf8', reason: 'is not UTF-8 text' });
    assert.deepEqual(await readBoundedText(file, LIMITS), { kind: 'text', text: 'a\ufffdb' });
  });

  it('never quotes the content of a refused file', async () => {
    const file = path.join(dir, 'secret');
    writeFileSync(file, 'TOPSECRET-VALUE'.repeat(10));
    for (const limits of [{ maxBytes: 10 }, { maxBytes: 1000, strictUtf8: true }]) {
      writeFileSync(file, Buffer.concat([Buffer.from('TOPSECRET-VALUE'.repeat(10)), Buffer.from([0xff])]));
      const outcome = await readBoundedText(file, limits);
      assert.equal(outcome.kind, 'refused');
      assert.ok(!JSON.stringify(outcome).includes('TOPSECRET'));
    }
  });
});
