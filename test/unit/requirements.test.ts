import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseRequirements } from '../../src/core/manifests/requirements';
import type { DependencySource, ManifestDependency } from '../../src/core/manifests/types';
import { assertRangesInside } from './support/rangesInside';

interface Expected {
  name: string;
  spec?: string;
  /** The text under specRange when it differs from `spec` (a spec broken over lines by `\`). */
  specText?: string;
  extras?: string[];
  markers?: string;
  source?: DependencySource;
}

interface Case {
  title: string;
  text: string;
  expected: Expected[];
  problems?: number;
}

const cases: Case[] = [
  { title: 'bare names', text: 'aiosmtpd\nbcrypt\n', expected: [{ name: 'aiosmtpd' }, { name: 'bcrypt' }] },
  { title: 'pins and ranges', text: 'asgiref >= 3.7.0\nastroid==4.1.2\nx~=1.0', expected: [{ name: 'asgiref', spec: '>= 3.7.0' }, { name: 'astroid', spec: '==4.1.2' }, { name: 'x', spec: '~=1.0' }] },
  {
    title: 'extras, specifier list and markers',
    text: 'name[extra1,extra2] >=1.0, <2 ; python_version < "3.12"\n',
    expected: [{ name: 'name', extras: ['extra1', 'extra2'], spec: '>=1.0, <2', markers: 'python_version < "3.12"' }],
  },
  { title: 'markers without specifier', text: "numpy; sys.platform != 'win32' or python_version < '3.13'", expected: [{ name: 'numpy', markers: "sys.platform != 'win32' or python_version < '3.13'" }] },
  { title: 'parenthesised specifier', text: 'name (>=1.0)', expected: [{ name: 'name', spec: '>=1.0' }] },
  { title: 'name is kept as written', text: 'Django_Foo.Bar>=1', expected: [{ name: 'Django_Foo.Bar', spec: '>=1' }] },
  { title: 'indented line', text: '   foo==1\t', expected: [{ name: 'foo', spec: '==1' }] },
  {
    title: 'URL requirement',
    text: 'pip @ https://github.com/pypa/pip/archive/22.0.2.zip',
    expected: [{ name: 'pip', source: { kind: 'url', value: 'https://github.com/pypa/pip/archive/22.0.2.zip' } }],
  },
  {
    title: 'URL requirement without spaces, with markers',
    text: 'pkg@git+https://github.com/o/pkg.git@v1 ; python_version >= "3.8"',
    expected: [{ name: 'pkg', markers: 'python_version >= "3.8"', source: { kind: 'git', value: 'git+https://github.com/o/pkg.git@v1' } }],
  },
  { title: 'full-line and trailing comments', text: '# comment\nfoo  # trailing >=1\n\t# indented comment\nbar', expected: [{ name: 'foo' }, { name: 'bar' }] },
  { title: 'comment right after the name', text: 'build[uv]  # for building sdist', expected: [{ name: 'build', extras: ['uv'] }] },
  { title: 'per-requirement options are ignored', text: 'foo==1.0 --hash=sha256:abc --hash=sha256:def\nbar --config-settings x=y', expected: [{ name: 'foo', spec: '==1.0' }, { name: 'bar' }] },
  { title: 'options after markers', text: 'foo==1 ; os_name == "a -b" --hash=sha256:1', expected: [{ name: 'foo', spec: '==1', markers: 'os_name == "a -b"' }] },
  {
    title: 'continuation lines with hashes (pip-compile)',
    text: 'bytecode==0.18.1 \\\n    --hash=sha256:95 \\\n    --hash=sha256:d9\n    # via ddtrace\nddtrace==4.10.5 \\\n    --hash=sha256:02\n',
    expected: [{ name: 'bytecode', spec: '==0.18.1' }, { name: 'ddtrace', spec: '==4.10.5' }],
  },
  { title: 'specifier spanning a continuation', text: 'foo>=1.0,\\\n<2\nbar', expected: [{ name: 'foo', spec: '>=1.0,<2', specText: '>=1.0,\\\n<2' }, { name: 'bar' }] },
  { title: 'markers on a continuation line', text: 'foo \\\n  ; python_version < "3"', expected: [{ name: 'foo', markers: 'python_version < "3"' }] },
  { title: 'CRLF line endings and continuation', text: 'foo==1 \\\r\n  --hash=sha256:1\r\nbar>=2\r\n', expected: [{ name: 'foo', spec: '==1' }, { name: 'bar', spec: '>=2' }] },
  { title: 'a commented line ending in a backslash does not continue', text: 'foo # note \\\nbar', expected: [{ name: 'foo' }, { name: 'bar' }] },
  {
    title: 'editable VCS line with egg',
    text: '-e git+https://github.com/edx/django-wiki.git@1.0.2#egg=django-wiki',
    expected: [{ name: 'django-wiki', source: { kind: 'git', value: 'git+https://github.com/edx/django-wiki.git@1.0.2#egg=django-wiki' } }],
  },
  {
    title: '--editable= form',
    text: '--editable=git+https://h/o/r.git#egg=r_pkg',
    expected: [{ name: 'r_pkg', source: { kind: 'git', value: 'git+https://h/o/r.git#egg=r_pkg' } }],
  },
  { title: '--editable with space and local egg path', text: '--editable ./libs/thing#egg=thing', expected: [{ name: 'thing', source: { kind: 'path', value: './libs/thing#egg=thing' } }] },
  {
    title: 'bare VCS line with pinned egg',
    text: 'git+https://github.com/edx/MongoDBProxy.git@d92b#egg=MongoDBProxy==0.1.0+edx.2',
    expected: [{ name: 'MongoDBProxy', source: { kind: 'git', value: 'git+https://github.com/edx/MongoDBProxy.git@d92b#egg=MongoDBProxy==0.1.0+edx.2' } }],
  },
  {
    title: 'archive URL with egg and subdirectory',
    text: 'https://example.com/x.zip#egg=name&subdirectory=pkg',
    expected: [{ name: 'name', source: { kind: 'url', value: 'https://example.com/x.zip#egg=name&subdirectory=pkg' } }],
  },
  {
    title: 'subdirectory before egg',
    text: 'https://example.com/x.zip#subdirectory=pkg&egg=other',
    expected: [{ name: 'other', source: { kind: 'url', value: 'https://example.com/x.zip#subdirectory=pkg&egg=other' } }],
  },
  {
    title: 'environment variables in URLs',
    text: 'git+https://${GITHUB_TOKEN}@github.com/o/r.git@main#egg=private-pkg',
    expected: [{ name: 'private-pkg', source: { kind: 'git', value: 'git+https://${GITHUB_TOKEN}@github.com/o/r.git@main#egg=private-pkg' } }],
  },
  { title: 'URL line with markers', text: 'https://h/x.whl#egg=x ; sys_platform == "win32"', expected: [{ name: 'x', markers: 'sys_platform == "win32"', source: { kind: 'url', value: 'https://h/x.whl#egg=x' } }] },
  { title: 'editable local paths without egg are not reported', text: '-e .\n-e ./src/pkg\n./downloads/pkg.whl\n/abs/path\nC:\\pkgs\\foo.whl\npkg-1.0-py3-none-any.whl', expected: [] },
  { title: 'VCS URL without egg is not reported', text: '-e git+https://github.com/edx/edx-enterprise.git@f5d6#edx-enterprise==3.30', expected: [] },
  {
    title: 'option lines are not dependencies',
    text: [
      '-r other.txt', '-c constraints.txt', '--requirement other.txt', '--constraint=c.txt', '-i https://pypi.org/simple',
      '--index-url https://pypi.org/simple', '--extra-index-url https://x', '-f ./wheels', '--find-links https://x', '--pre',
      '--trusted-host example.com', '--no-binary :all:', '--only-binary=:none:', '--prefer-binary', '--require-hashes', 'real',
    ].join('\n'),
    expected: [{ name: 'real' }],
  },
  // Half-typed documents.
  { title: 'truncated specifier', text: 'requests>=', expected: [{ name: 'requests', spec: '>=' }] },
  { title: 'unclosed extras', text: 'requests[secur', expected: [{ name: 'requests', extras: ['secur'] }], problems: 1 },
  { title: 'unclosed parenthesis', text: 'name (>=1.0\nnext', expected: [{ name: 'name', spec: '>=1.0' }, { name: 'next' }], problems: 1 },
  { title: 'unterminated marker quote', text: 'foo; python_version < "3.1', expected: [{ name: 'foo', markers: 'python_version < "3.1' }] },
  { title: 'continuation at end of file', text: 'foo==1.0 \\', expected: [{ name: 'foo', spec: '==1.0' }] },
  { title: 'continuation at end of file after newline', text: 'foo==1.0 \\\n', expected: [{ name: 'foo', spec: '==1.0' }] },
  { title: 'at sign without URL', text: 'foo @', expected: [{ name: 'foo' }], problems: 1 },
  { title: 'empty markers', text: 'foo ;', expected: [{ name: 'foo' }], problems: 1 },
  { title: 'version without operator', text: 'foo 1.0\nbar', expected: [{ name: 'foo' }, { name: 'bar' }], problems: 1 },
  { title: 'specifier without name', text: '>=1.0\nbar', expected: [{ name: 'bar' }], problems: 1 },
  { title: 'lone -e', text: '-e\nbar', expected: [{ name: 'bar' }], problems: 1 },
  { title: 'empty egg', text: 'git+https://h/o/r.git#egg=', expected: [] },
  { title: 'empty document', text: '', expected: [] },
];

describe('parseRequirements', () => {
  for (const { title, text, expected, problems = 0 } of cases) {
    it(title, () => {
      const result = parseRequirements(text);
      assert.equal(result.kind, 'requirements');
      assert.equal(result.problems.length, problems, JSON.stringify(result.problems));
      assert.deepEqual(result.dependencies.map(project), expected.map(({ specText: _specText, ...rest }) => rest));
      result.dependencies.forEach((dependency, index) => {
        assert.equal(dependency.ecosystem, 'pypi');
        assert.equal(dependency.section, 'requirements');
        assert.equal(text.slice(dependency.nameRange.start, dependency.nameRange.end), dependency.name);
        const specText = expected[index].specText ?? dependency.spec;
        assert.equal(dependency.specRange === null ? null : text.slice(dependency.specRange.start, dependency.specRange.end), specText);
      });
      assertRangesInside(result, text.length);
    });
  }

  it('points the egg name into the URL', () => {
    const text = 'x\n-e git+https://github.com/o/r.git@v1#egg=edx-lint==0.3.2 --no-deps\n';
    const [, dependency] = parseRequirements(text).dependencies;
    assert.equal(dependency.nameRange.start, text.indexOf('edx-lint'));
    assert.equal(dependency.nameRange.end, text.indexOf('==0.3.2'));
    assert.equal(dependency.source?.value, 'git+https://github.com/o/r.git@v1#egg=edx-lint==0.3.2');
  });

  it('never throws on any truncation of a realistic file', () => {
    const text = [
      '# comment', '-r base.txt', 'requests[socks,security] >= 2.8.1, == 2.8.* ; python_version < "2.7"',
      'foo (>=1.0) \\', '    --hash=sha256:abc', '-e git+https://github.com/o/r.git@v1#egg=r-pkg', 'pip @ https://x/y.zip ; os_name=="nt"',
    ].join('\n');
    for (let end = 0; end <= text.length; end++) {
      const prefix = text.slice(0, end);
      assertRangesInside(parseRequirements(prefix), prefix.length);
    }
  });

  it('never throws and names match their ranges on arbitrary input', () => {
    const piece = fc.constantFrom('foo', 'Bar', '[', ']', ',', '(', ')', '>=1', ' ', ';', '@', '"', '#', ' #', '#egg=', '-e ', '--hash=x', '\\', '\n', '\r\n', 'git+https://h/r', '&', '${X}');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }).map((pieces) => pieces.join('')), (text) => {
        const result = parseRequirements(text);
        assertRangesInside(result, text.length);
        for (const dependency of result.dependencies) {
          // A name may only be interrupted by a line join.
          const written = text.slice(dependency.nameRange.start, dependency.nameRange.end).replace(/\\(\r\n|\r|\n)/g, '');
          assert.equal(written, dependency.name);
        }
      }),
    );
  });

  it('is linear on long input', () => {
    const text = 'foo \\\n'.repeat(50_000) + '#'.repeat(50_000) + '\n' + '-e '.repeat(50_000) + '\n' + 'a[' + ','.repeat(100_000);
    const started = Date.now();
    parseRequirements(text);
    assert.ok(Date.now() - started < 2000);
  });
});

function project(dependency: ManifestDependency): Expected {
  return {
    name: dependency.name,
    ...(dependency.spec !== null ? { spec: dependency.spec } : {}),
    ...(dependency.extras ? { extras: [...dependency.extras] } : {}),
    ...(dependency.markers !== undefined ? { markers: dependency.markers } : {}),
    ...(dependency.source ? { source: dependency.source } : {}),
  };
}
