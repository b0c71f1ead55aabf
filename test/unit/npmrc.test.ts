import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createNpmRegistryClient } from '../../src/core/data/registry/npm/npmRegistryClient';
import { authorizationFor, NPM_PUBLIC_REGISTRY, npmRegistryConfig, parseNpmrc, readNpmConfig, registryFor } from '../../src/core/data/registry/npm/npmrc';
import { hostsAsked, loopbackHttp } from './support/loopbackHttp';
import { RecordingServer } from './support/verdaccioServer';

describe('npmrc', () => {
  let home: string;
  let project: string;
  beforeEach(() => {
    home = mkdtempSync(path.join(os.tmpdir(), 'ospo-npmrc-home-'));
    project = mkdtempSync(path.join(os.tmpdir(), 'ospo-npmrc-project-'));
  });
  afterEach(() => {
    rmSync(home, { recursive: true, force: true });
    rmSync(project, { recursive: true, force: true });
  });

  it('defaults to the public registry', () => {
    const config = npmRegistryConfig([]);
    assert.equal(config.registry, NPM_PUBLIC_REGISTRY);
    assert.equal(registryFor(config, '@types/node'), NPM_PUBLIC_REGISTRY);
  });

  it('reads the registry, scoped registries and nerf-darted credentials', () => {
    const layer = parseNpmrc(
      [
        '; a comment',
        'registry=https://npm.corp.example/api/npm/npm-virtual',
        '@ACME:registry=https://npm.acme.example/',
        '//npm.acme.example/:_authToken=acme-token',
        '//npm.corp.example/api/npm/:_auth=dXNlcjpwYXNz',
        '//basic.example/:username=me',
        '//basic.example/:_password=c2VjcmV0',
      ].join('\n'),
      'test',
      undefined,
    );
    const config = npmRegistryConfig([layer]);
    assert.equal(config.registry, 'https://npm.corp.example/api/npm/npm-virtual/');
    assert.equal(registryFor(config, '@acme/widget'), 'https://npm.acme.example/', 'scopes are case-insensitive');
    assert.equal(registryFor(config, 'react'), 'https://npm.corp.example/api/npm/npm-virtual/');
    assert.equal(authorizationFor(config, 'https://npm.acme.example/@acme%2fwidget'), 'Bearer acme-token');
    assert.equal(authorizationFor(config, 'https://npm.corp.example/api/npm/npm-virtual/react'), 'Basic dXNlcjpwYXNz', 'a parent path of the registry matches, as in npm-registry-fetch');
    assert.equal(authorizationFor(config, 'https://basic.example/x'), `Basic ${Buffer.from('me:secret').toString('base64')}`);
  });

  it('never sends credentials to another host, port or a sibling path', () => {
    const config = npmRegistryConfig([parseNpmrc('//npm.acme.example/private/:_authToken=t\n//localhost:4873/:_authToken=u', 'test', undefined)]);
    assert.equal(authorizationFor(config, 'https://npm.acme.example.evil.test/private/x'), undefined);
    assert.equal(authorizationFor(config, 'https://evil.test/npm.acme.example/private/x'), undefined);
    assert.equal(authorizationFor(config, 'https://npm.acme.example/public/x'), undefined);
    assert.equal(authorizationFor(config, 'https://npm.acme.example/x'), undefined);
    assert.equal(authorizationFor(config, 'http://localhost:4874/x'), undefined, 'another port is another host');
    assert.equal(authorizationFor(config, 'http://localhost:4873/x'), 'Bearer u');
    assert.equal(authorizationFor(config, 'https://npm.acme.example/private/x'), 'Bearer t');
  });

  it('layers environment over project over user, and expands ${VAR} only outside the project', async () => {
    writeFileSync(path.join(home, '.npmrc'), 'registry=https://user.example/\n//user.example/:_authToken=${USER_TOKEN}\n@acme:registry=https://acme.example/\n');
    writeFileSync(path.join(project, '.npmrc'), '@acme:registry=https://project.example/\n//project.example/:_authToken=${USER_TOKEN}\n');
    const env = { USER_TOKEN: 'secret-from-env', npm_config_registry: 'https://env.example/' };
    const trusted = await readNpmConfig({ projectDir: project, trustProject: true, home, env });
    assert.equal(trusted.config.registry, 'https://env.example/', 'npm_config_* wins');
    assert.equal(registryFor(trusted.config, '@acme/x'), 'https://project.example/', 'the project beats the user');
    assert.equal(authorizationFor(trusted.config, 'https://user.example/x'), 'Bearer secret-from-env', 'the user file is expanded');
    assert.equal(authorizationFor(trusted.config, 'https://project.example/x'), undefined, 'the project file is never expanded: a repository cannot send an environment secret to its host');
    assert.deepEqual(trusted.files.sort(), [path.join(home, '.npmrc'), path.join(project, '.npmrc')].sort());

    const untrusted = await readNpmConfig({ projectDir: project, trustProject: false, home, env });
    assert.equal(registryFor(untrusted.config, '@acme/x'), 'https://acme.example/', 'an untrusted project .npmrc is not read');
    assert.deepEqual(untrusted.files, [path.join(home, '.npmrc')]);
  });

  it("keeps the user's credential for a host whose entry in the project file names a variable", async () => {
    writeFileSync(path.join(home, '.npmrc'), '//npm.acme.example/:_authToken=${ACME_TOKEN}\n');
    writeFileSync(path.join(project, '.npmrc'), '@acme:registry=https://npm.acme.example/\n//npm.acme.example/:_authToken=${ACME_TOKEN}\n');
    const { config } = await readNpmConfig({ projectDir: project, trustProject: true, home, env: { ACME_TOKEN: 'user-token' } });
    assert.equal(authorizationFor(config, 'https://npm.acme.example/@acme%2fx'), 'Bearer user-token');
  });

  it('drops a user entry whose variable is unset, keeps ${VAR?} as empty, and reads NPM_CONFIG_USERCONFIG', async () => {
    const custom = path.join(home, 'custom');
    mkdirSync(custom);
    writeFileSync(path.join(custom, 'npmrc'), '//a.example/:_authToken=${MISSING}\n//b.example/:_authToken=x${MISSING?}\n');
    const { config } = await readNpmConfig({ trustProject: false, home, env: { NPM_CONFIG_USERCONFIG: path.join(custom, 'npmrc') } });
    assert.equal(authorizationFor(config, 'https://a.example/x'), undefined);
    assert.equal(authorizationFor(config, 'https://b.example/x'), 'Bearer x');
  });

  it("takes the OSPO's mirror as the registry where no npmrc names one, below every npmrc, with only the user's credentials for its host", async () => {
    const mirror = 'https://npm-mirror.acme.example/repository/npm/';
    let { config } = await readNpmConfig({ trustProject: false, home, env: {}, mirror: mirror.replace('https://', 'https://policy:leaked@') });
    assert.equal(config.registry, mirror, "credentials written into the policy's URL are dropped");
    assert.equal(authorizationFor(config, `${mirror}left-pad`), undefined);

    writeFileSync(path.join(home, '.npmrc'), '//npm-mirror.acme.example/:_authToken=user-token\n@acme:registry=https://acme.example/\n');
    ({ config } = await readNpmConfig({ trustProject: false, home, env: {}, mirror }));
    assert.equal(registryFor(config, 'left-pad'), mirror);
    assert.equal(registryFor(config, '@acme/x'), 'https://acme.example/', "the user's scope wins");
    assert.equal(authorizationFor(config, `${mirror}left-pad`), 'Bearer user-token');

    writeFileSync(path.join(home, '.npmrc'), 'registry=https://user.example/\n');
    assert.equal((await readNpmConfig({ trustProject: false, home, env: {}, mirror })).config.registry, 'https://user.example/');
    rmSync(path.join(home, '.npmrc'));
    writeFileSync(path.join(project, '.npmrc'), 'registry=https://project.example/\n');
    assert.equal((await readNpmConfig({ projectDir: project, trustProject: true, home, env: {}, mirror })).config.registry, 'https://project.example/');
    assert.equal((await readNpmConfig({ projectDir: project, trustProject: false, home, env: {}, mirror })).config.registry, mirror);
    assert.equal((await readNpmConfig({ trustProject: false, home, env: { npm_config_registry: 'https://env.example/' }, mirror })).config.registry, 'https://env.example/');
  });

  it('sends packument requests to the mirror, never to registry.npmjs.org, and to the registry the user names instead when there is one', async () => {
    const mirror = await RecordingServer.start();
    const own = await RecordingServer.start();
    try {
      const { http, asked } = loopbackHttp();
      let { client } = await createNpmRegistryClient({ projectDir: project, rootDir: project, trustProject: false, home, env: {}, mirror: mirror.url }, { http });
      assert.deepEqual(client.hostsFor('left-pad'), [mirror.host]);
      assert.equal(await client.listing('left-pad'), undefined, 'the recording server has no packument');
      assert.deepEqual(mirror.requests.map((request) => request.path), ['/left-pad']);
      assert.deepEqual(hostsAsked(asked), [mirror.host]);

      writeFileSync(path.join(home, '.npmrc'), `registry=${own.url}\n`);
      ({ client } = await createNpmRegistryClient({ projectDir: project, rootDir: project, trustProject: false, home, env: {}, mirror: mirror.url }, { http }));
      await client.listing('left-pad');
      assert.deepEqual(own.requests.map((request) => request.path), ['/left-pad']);
      assert.equal(mirror.requests.length, 1);
      assert.deepEqual(hostsAsked(asked), [mirror.host, own.host]);
    } finally {
      await mirror.close();
      await own.close();
    }
  });

  it('hostsFor names the one registry of the name: its scope, else the default; none for names never sent', async () => {
    writeFileSync(path.join(home, '.npmrc'), 'registry=https://npm.corp.example/\n@acme:registry=https://acme.example/\n');
    const { http, asked } = loopbackHttp();
    const { client } = await createNpmRegistryClient({ projectDir: project, rootDir: project, trustProject: false, home, env: {} }, { http, isPrivate: (_ecosystem, name) => name === '@acme/secret' });
    assert.deepEqual(client.hostsFor('react'), ['npm.corp.example']);
    assert.deepEqual(client.hostsFor('@acme/widget'), ['acme.example']);
    assert.equal(client.hostFor('@acme/widget'), 'acme.example');
    assert.deepEqual(client.hostsFor('@acme/secret'), []);
    assert.deepEqual(client.hostsFor('../react'), []);
    assert.deepEqual(asked, []);
  });

  it('keeps prototype keys as plain data and ignores non-http registries', () => {
    const layer = parseNpmrc('__proto__=x\nconstructor=y\nregistry=file:///etc/passwd\n@x:registry=javascript:alert(1)\n', 'test', undefined);
    const config = npmRegistryConfig([layer]);
    assert.equal(config.registry, NPM_PUBLIC_REGISTRY);
    assert.equal(registryFor(config, '@x/y'), NPM_PUBLIC_REGISTRY);
    assert.equal(({} as Record<string, unknown>).x, undefined);
  });
});
