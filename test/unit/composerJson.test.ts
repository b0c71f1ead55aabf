import { parseComposerJson } from '../../src/core/manifests/composerJson';
import { runParserTable } from './support/dependencyTable';

describe('composer.json parser', () => {
  runParserTable(parseComposerJson, [
    {
      title: 'reads require and require-dev, leaving out platform requirements',
      text: JSON.stringify(
        {
          require: { php: '^8.2', 'ext-json': '*', 'lib-icu': '>=60', 'composer-plugin-api': '^2', 'laravel/framework': '^11.0' },
          'require-dev': { 'phpunit/phpunit': '^10.5' },
          suggest: { 'ext-redis': 'for caching' },
        },
        null,
        4,
      ),
      expected: [
        { name: 'laravel/framework', spec: '^11.0', section: 'require', ecosystem: 'composer' },
        { name: 'phpunit/phpunit', spec: '^10.5', section: 'require-dev' },
      ],
    },
    {
      title: 'half-typed: a truncated document keeps what it saw',
      text: `{"require": {"symfony/console": "^7.0", "symfony/yaml": "^7`,
      expected: [
        { name: 'symfony/console', spec: '^7.0' },
        { name: 'symfony/yaml', spec: '^7' },
      ],
    },
  ]);
});
