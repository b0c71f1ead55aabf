import { parseCargoToml } from '../../src/core/manifests/cargoToml';
import { runParserTable } from './support/dependencyTable';

describe('Cargo.toml parser', () => {
  runParserTable(parseCargoToml, [
    {
      title: 'strings, inline tables and every dependency table',
      text: [
        '[package]',
        'name = "demo"',
        'version = "0.1.0"',
        '',
        '[dependencies]',
        'serde = { version = "1.0", features = ["derive"] }',
        'regex = "1.10"',
        'rand_core = { package = "rand", version = "0.8", optional = true }',
        '',
        '[dev-dependencies]',
        'criterion = "0.5"',
        '',
        '[build-dependencies]',
        'cc = "1"',
      ].join('\n'),
      expected: [
        { name: 'serde', spec: '1.0', section: 'dependencies', extras: ['derive'], ecosystem: 'cargo' },
        { name: 'regex', spec: '1.10', section: 'dependencies' },
        { name: 'rand_core', package: 'rand', spec: '0.8', optional: true },
        { name: 'criterion', spec: '0.5', section: 'dev-dependencies' },
        { name: 'cc', spec: '1', section: 'build-dependencies' },
      ],
    },
    {
      title: '[dependencies.x] tables, dotted keys and target-specific tables',
      text: [
        '[dependencies.rand]',
        'version = "0.8.5"',
        'default-features = false',
        '',
        '[dependencies]',
        'tokio.version = "1.38"',
        'tokio.features = ["full"]',
        '',
        "[target.'cfg(windows)'.dependencies]",
        'winapi = "0.3"',
        '',
        '[target."cfg(unix)".dev-dependencies]',
        'nix = { version = "0.29" }',
      ].join('\n'),
      expected: [
        { name: 'rand', spec: '0.8.5', section: 'dependencies' },
        { name: 'tokio', spec: '1.38', extras: ['full'] },
        { name: 'winapi', spec: '0.3', section: 'target."cfg(windows)".dependencies' },
        { name: 'nix', spec: '0.29', section: 'target."cfg(unix)".dev-dependencies' },
      ],
    },
    {
      title: 'a table header declares the dependency before any field is typed',
      text: '[dependencies.anyhow]\n',
      expected: [{ name: 'anyhow', spec: null, section: 'dependencies' }],
    },
    {
      title: 'workspace dependencies, inherited ones, git and path sources',
      text: [
        '[workspace.dependencies]',
        'anyhow = "1.0.86"',
        '',
        '[dependencies]',
        'anyhow = { workspace = true }',
        'local = { path = "../local" }',
        'forked = { git = "https://github.com/me/forked", branch = "main" }',
        'thiserror.workspace = true',
      ].join('\n'),
      expected: [
        { name: 'anyhow', spec: '1.0.86', section: 'workspace.dependencies' },
        { name: 'anyhow', spec: null, section: 'dependencies', source: { kind: 'workspace', value: 'workspace' } },
        { name: 'local', spec: null, source: { kind: 'path', value: '../local' } },
        { name: 'forked', spec: null, source: { kind: 'git', value: 'https://github.com/me/forked' } },
        { name: 'thiserror', spec: null, source: { kind: 'workspace', value: 'workspace' } },
      ],
    },
    {
      title: 'profile, patch, features and package tables are not dependencies',
      text: [
        '[features]',
        'default = ["std"]',
        '[profile.release]',
        'lto = true',
        '[patch.crates-io]',
        'serde = { git = "https://github.com/serde-rs/serde" }',
        '[package.metadata.docs.rs]',
        'all-features = true',
      ].join('\n'),
      expected: [],
    },
    {
      title: 'half-typed: an unterminated string keeps what was typed and the next lines',
      text: '[dependencies]\nserde = "1.0\nregex = "1"\n',
      expected: [
        { name: 'serde', spec: '1.0' },
        { name: 'regex', spec: '1' },
      ],
    },
    {
      title: 'half-typed: an unclosed inline table does not swallow the next line',
      text: '[dependencies]\nserde = { version = "1.0", features = ["derive"\nregex = "1"\n',
      expected: [
        { name: 'serde', spec: '1.0', extras: ['derive'] },
        { name: 'regex', spec: '1' },
      ],
    },
    {
      title: 'half-typed: a header being typed keeps its entries out of the previous table',
      text: '[dependencies]\nserde = "1"\n[dev-depend\ncriterion = "0.5"\n[build-dependencies]\ncc = "1"',
      expected: [
        { name: 'serde', spec: '1' },
        { name: 'cc', spec: '1', section: 'build-dependencies' },
      ],
    },
    {
      title: 'half-typed: a field with no value yet inside an inline table',
      text: '[dependencies]\nserde = { version = "1.0", features = \nregex = "1"',
      expected: [
        { name: 'serde', spec: '1.0' },
        { name: 'regex', spec: '1' },
      ],
    },
    {
      title: 'half-typed: a key with no value yet',
      text: '[dependencies]\nserde = \nregex = "1"',
      expected: [{ name: 'regex', spec: '1' }],
    },
    {
      title: 'comments, CRLF line endings and quoted keys',
      text: '[dependencies] # core\r\n"serde_json" = "1" # json\r\n\'toml\' = { version = "0.8" }\r\n',
      expected: [
        { name: 'serde_json', spec: '1' },
        { name: 'toml', spec: '0.8' },
      ],
    },
  ]);
});
