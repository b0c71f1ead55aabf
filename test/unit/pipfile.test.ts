import { parsePipfile } from '../../src/core/manifests/pipfile';
import { runParserTable } from './support/dependencyTable';

describe('Pipfile parser', () => {
  runParserTable(parsePipfile, [
    {
      title: 'packages, dev-packages and custom categories; sources and requires are not packages',
      text: [
        '[[source]]',
        'url = "https://pypi.org/simple"',
        'verify_ssl = true',
        'name = "pypi"',
        '',
        '[packages]',
        'requests = "*"',
        'django = "==5.0.6"',
        'uvicorn = {version = ">=0.30", extras = ["standard"]}',
        'mylib = {git = "https://github.com/me/mylib.git", ref = "main"}',
        'pywin32 = {version = "*", markers = "sys_platform == \'win32\'"}',
        '',
        '[dev-packages]',
        'pytest = ">=8"',
        '',
        '[docs]',
        'sphinx = "*"',
        '',
        '[requires]',
        'python_version = "3.12"',
      ].join('\n'),
      expected: [
        { name: 'requests', spec: '*', section: 'packages', ecosystem: 'pypi' },
        { name: 'django', spec: '==5.0.6' },
        { name: 'uvicorn', spec: '>=0.30', extras: ['standard'] },
        { name: 'mylib', spec: null, source: { kind: 'git', value: 'https://github.com/me/mylib.git' } },
        { name: 'pywin32', spec: '*', markers: "sys_platform == 'win32'" },
        { name: 'pytest', spec: '>=8', section: 'dev-packages' },
        { name: 'sphinx', spec: '*', section: 'docs' },
      ],
    },
    {
      title: 'half-typed: truncated in the middle of a value',
      text: '[packages]\nflask = "*"\nnumpy = {version = ">=1.2',
      expected: [
        { name: 'flask', spec: '*' },
        { name: 'numpy', spec: '>=1.2' },
      ],
    },
  ]);
});
