import * as assert from 'node:assert/strict';
import { FeedSourceError, displayUrl, feedSourceKey, isLoopbackHost, parseFeedSource } from '../../src/core/feed/feedSource';

describe('parseFeedSource', () => {
  const posix = { platform: 'linux' as const, homedir: '/home/dev' };

  it('maps empty settings to the bundled default', () => {
    for (const setting of [undefined, null, '', '   ']) {
      assert.deepEqual(parseFeedSource(setting, posix), { kind: 'bundled' });
    }
  });

  it('accepts https URLs for any host, dropping the fragment and eliding the query in the display', () => {
    assert.deepEqual(parseFeedSource(' https://ospo.acme.example/feed.json?token=s3cret#x ', posix), {
      kind: 'url',
      url: 'https://ospo.acme.example/feed.json?token=s3cret',
      display: 'https://ospo.acme.example/feed.json?…',
    });
  });

  it('accepts http only for loopback hosts', () => {
    for (const url of ['http://localhost:8080/f.json', 'http://127.0.0.1/f.json', 'http://127.1.2.3/f.json', 'http://[::1]:9000/f.json', 'http://LOCALHOST/f.json']) {
      assert.equal(parseFeedSource(url, posix).kind, 'url', url);
    }
    for (const url of ['http://ospo.acme.example/f.json', 'http://10.0.0.1/f.json', 'http://127.0.0.1.evil.example/f.json', 'http://[::2]/f.json', 'http://0x7f000001.example/']) {
      assert.throws(() => parseFeedSource(url, posix), (error: Error) => error instanceof FeedSourceError && /only accepted for localhost/.test(error.message), url);
    }
  });

  it('refuses other schemes, credentials and malformed URLs with a clear message', () => {
    assert.throws(() => parseFeedSource('ftp://example.com/f.json', posix), /unsupported scheme 'ftp:'.*expected an https:\/\/ URL/);
    assert.throws(() => parseFeedSource('javascript:alert(1)', posix), /unsupported scheme/);
    assert.throws(() => parseFeedSource('https://user:pw@example.com/f.json', posix), /user name or password/);
    assert.throws(() => parseFeedSource('https://exa mple.com/', posix), /not a valid URL/);
  });

  it('accepts absolute paths, ~ and file URLs; refuses relative paths', () => {
    assert.deepEqual(parseFeedSource('/etc/ospo/feed.json', posix), { kind: 'file', path: '/etc/ospo/feed.json', display: '/etc/ospo/feed.json' });
    assert.equal((parseFeedSource('~/ospo/../ospo/feed.json', posix) as { path: string }).path, '/home/dev/ospo/feed.json');
    assert.equal(parseFeedSource('file:///srv/feed.json', posix).kind, 'file');
    assert.throws(() => parseFeedSource('feed.json', posix), /relative path/);
    assert.throws(() => parseFeedSource('./feed.json', posix), /relative path/);
    assert.throws(() => parseFeedSource('~bob/feed.json', posix), /'~user'/);
    assert.throws(() => parseFeedSource('/tmp/a\0b', posix), /NUL/);
  });

  it('understands Windows paths on Windows', () => {
    const windows = { platform: 'win32' as const, homedir: 'C:\\Users\\dev' };
    assert.deepEqual(parseFeedSource('C:\\ospo\\feed.json', windows), { kind: 'file', path: 'C:\\ospo\\feed.json', display: 'C:\\ospo\\feed.json' });
    assert.equal((parseFeedSource('~\\feed.json', windows) as { path: string }).path, 'C:\\Users\\dev\\feed.json');
    assert.equal(parseFeedSource('\\\\server\\share\\feed.json', windows).kind, 'file');
  });

  it('has helpers for keys, loopback and display', () => {
    assert.equal(feedSourceKey({ kind: 'bundled' }), 'bundled');
    assert.equal(feedSourceKey(parseFeedSource('https://a.example/f.json', posix)), 'url:https://a.example/f.json');
    assert.ok(isLoopbackHost('[::1]'));
    assert.ok(!isLoopbackHost('127.0.0.256'));
    assert.equal(displayUrl('https://a.example/f.json'), 'https://a.example/f.json');
  });
});
