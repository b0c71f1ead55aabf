import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createMavenRegistryClient } from '../../src/core/data/registry/maven/mavenRegistryClient';
import { matchesMirrorOf, selectMirror } from '../../src/core/data/registry/maven/mirrorSelector';
import { planRepositories } from '../../src/core/data/registry/maven/repositoryPlan';
import { RegistryHttp } from '../../src/core/data/registry/registryHttp';
import type { RegistryConfigSources, RegistryContext } from '../../src/core/data/registry/types';
import { hostsAsked, loopbackHttp } from './support/loopbackHttp';

/** `test/fixtures/registry/maven`, from `<outDir>/test/unit` (compiled) or `test/unit`. */
const FIXTURES = path.resolve(__dirname, __filename.endsWith('.js') ? '../../../test/fixtures/registry/maven' : '../fixtures/registry/maven');

interface Seen {
  readonly path: string;
  readonly authorization?: string;
}

/**
 * A Maven 2 layout repository on 127.0.0.1 serving the real POMs under `fixtures/<name>/` at
 * `/<name>/…`, with each artifact's `maven-metadata.xml` generated from the versions present (the
 * Maven Repository Metadata Model's artifact-level file). Paths under `/private/` answer 401
 * without the expected credentials and otherwise serve the `central` fixtures.
 */
class MavenRepoServer {
  readonly seen: Seen[] = [];
  expectedAuthorization: string | undefined;
  /** Path → body replacing what would be served. */
  readonly overrides = new Map<string, Buffer>();

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<MavenRepoServer> {
    const server = http.createServer();
    const repo = new MavenRepoServer(server);
    server.on('request', (request, response) => repo.answer(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return repo;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get host(): string {
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  paths(): string[] {
    return this.seen.map((request) => request.path);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(request: http.IncomingMessage, response: http.ServerResponse): void {
    const url = request.url ?? '/';
    this.seen.push({ path: url, ...(request.headers.authorization !== undefined ? { authorization: request.headers.authorization } : {}) });
    const override = this.overrides.get(url);
    if (override !== undefined) {
      response.writeHead(200, { 'Content-Type': 'application/xml', 'Content-Length': override.length });
      response.end(override);
      return;
    }
    const [, first, ...rest] = url.split('/');
    let repository = first;
    if (repository === 'private') {
      if (request.headers.authorization !== this.expectedAuthorization) {
        response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="private"' });
        response.end();
        return;
      }
      repository = 'central';
    }
    const body = repository === 'central' || repository === 'debian' ? serveLayout(path.join(FIXTURES, repository), rest) : undefined;
    if (body === undefined) {
      response.writeHead(404);
      response.end();
      return;
    }
    response.writeHead(200, { 'Content-Type': 'application/xml' });
    response.end(body);
  }
}

/** A file of the fixture layout, or the generated `maven-metadata.xml` of an artifact folder. */
function serveLayout(root: string, segments: string[]): string | undefined {
  if (segments.some((segment) => segment === '..' || segment === '')) {
    return undefined;
  }
  const file = path.join(root, ...segments);
  if (segments[segments.length - 1] === 'maven-metadata.xml') {
    return metadataOf(root, segments.slice(0, -1));
  }
  try {
    return statSync(file).isFile() ? readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

function metadataOf(root: string, artifactPath: string[]): string | undefined {
  const folder = path.join(root, ...artifactPath);
  let versions: string[];
  try {
    const artifactId = artifactPath[artifactPath.length - 1];
    versions = readdirSync(folder).filter((version) => {
      try {
        return statSync(path.join(folder, version, `${artifactId}-${version}.pom`)).isFile();
      } catch {
        return false;
      }
    });
  } catch {
    return undefined;
  }
  if (versions.length === 0) {
    return undefined;
  }
  versions.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const newest = versions[versions.length - 1];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<metadata modelVersion="1.1.0">',
    `  <groupId>${artifactPath.slice(0, -1).join('.')}</groupId>`,
    `  <artifactId>${artifactPath[artifactPath.length - 1]}</artifactId>`,
    '  <versioning>',
    `    <latest>${newest}</latest>`,
    `    <release>${newest}</release>`,
    '    <versions>',
    ...versions.map((version) => `      <version>${version}</version>`),
    '    </versions>',
    '    <lastUpdated>20250101000000</lastUpdated>',
    '  </versioning>',
    '</metadata>',
    '',
  ].join('\n');
}

function settingsXml(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">\n${body}\n</settings>\n`;
}

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

describe('Maven registry client', () => {
  let central: MavenRepoServer;
  let other: MavenRepoServer;
  let home: string;
  let workspace: string;
  let cacheDir: string;
  let logs: string[];

  beforeEach(async () => {
    central = await MavenRepoServer.start();
    other = await MavenRepoServer.start();
    const base = mkdtempSync(path.join(os.tmpdir(), 'ospo-maven-'));
    home = path.join(base, 'home');
    workspace = path.join(base, 'workspace');
    cacheDir = path.join(base, 'cache');
    mkdirSync(path.join(home, '.m2'), { recursive: true });
    mkdirSync(workspace, { recursive: true });
    logs = [];
  });
  afterEach(async () => {
    await central.close();
    await other.close();
    rmSync(path.dirname(home), { recursive: true, force: true });
  });

  const writeSettings = (body: string) => writeFileSync(path.join(home, '.m2', 'settings.xml'), settingsXml(body));
  /** Central (and everything else) mirrored to the local server's `/central/`: the usual repository-manager setup. */
  const mirrorEverything = (extra = '') =>
    writeSettings(`<mirrors><mirror><id>local</id><mirrorOf>*</mirrorOf><url>${central.origin}/central</url></mirror></mirrors>${extra}`);

  const sources = (overrides: Partial<RegistryConfigSources> = {}): RegistryConfigSources => ({
    projectDir: workspace,
    rootDir: workspace,
    trustProject: false,
    home,
    env: {},
    ...overrides,
  });
  const context = (overrides: Partial<RegistryContext> = {}): RegistryContext => ({
    http: new RegistryHttp({ log: (message) => logs.push(message), timeoutMs: 5_000 }),
    cacheDir,
    log: (message) => logs.push(message),
    ...overrides,
  });
  const client = async (sourceOverrides: Partial<RegistryConfigSources> = {}, contextOverrides: Partial<RegistryContext> = {}) =>
    createMavenRegistryClient(sources(sourceOverrides), context(contextOverrides));

  describe('configuration', () => {
    it('uses Maven Central by default, without sending anything to learn the host', async () => {
      const { client: maven, files, problems } = await client();
      assert.equal(maven.hostFor('org.slf4j:slf4j-api'), 'repo.maven.apache.org');
      assert.deepEqual(files, []);
      assert.deepEqual(problems, []);
      assert.equal(central.seen.length + other.seen.length, 0);
    });

    it('never sends invalid or private names', async () => {
      mirrorEverything();
      const { client: maven } = await client({}, { isPrivate: (ecosystem, name) => ecosystem === 'maven' && name.startsWith('com.example.') });
      for (const name of ['org.slf4j', 'org.slf4j:slf4j-api:2.0.17', '../etc:passwd', 'org.slf4j:slf4j api', 'com.example.internal:core']) {
        assert.equal(maven.hostFor(name), undefined, name);
        assert.equal(await maven.listing(name), undefined, name);
        assert.equal(await maven.license(name, '1.0'), undefined, name);
      }
      assert.equal(await maven.license('org.slf4j:slf4j-api', '../../x'), undefined);
      assert.deepEqual(central.paths(), []);
    });

    it('redirects Central to a mirrorOf * mirror from settings.xml in the user home', async () => {
      mirrorEverything();
      const { client: maven, files } = await client();
      assert.deepEqual(files, [path.join(home, '.m2', 'settings.xml')]);
      assert.equal(maven.hostFor('org.slf4j:slf4j-api'), central.host);
      const listing = await maven.listing('org.slf4j:slf4j-api');
      assert.deepEqual(listing?.versions.map((entry) => entry.version), ['2.0.16', '2.0.17']);
      assert.deepEqual(central.paths(), ['/central/org/slf4j/slf4j-api/maven-metadata.xml']);
    });

    it('reads the global settings from MAVEN_HOME, the user settings dominant', async () => {
      const mavenHome = path.join(path.dirname(home), 'maven');
      mkdirSync(path.join(mavenHome, 'conf'), { recursive: true });
      writeFileSync(
        path.join(mavenHome, 'conf', 'settings.xml'),
        settingsXml(`<mirrors><mirror><id>local</id><mirrorOf>*</mirrorOf><url>${other.origin}/central</url></mirror></mirrors>`),
      );
      const { client: globalOnly } = await client({ env: { MAVEN_HOME: mavenHome } });
      assert.equal(globalOnly.hostFor('org.slf4j:slf4j-api'), other.host);
      mirrorEverything();
      const { client: both, files } = await client({ env: { MAVEN_HOME: mavenHome } });
      assert.equal(both.hostFor('org.slf4j:slf4j-api'), central.host, 'the user mirror of the same id wins');
      assert.equal(files.length, 2);
    });

    it('takes repositories from active settings profiles, in order before Central', async () => {
      writeSettings(`
        <mirrors><mirror><id>central-proxy</id><mirrorOf>central</mirrorOf><url>${central.origin}/central</url></mirror></mirrors>
        <profiles>
          <profile><id>debian</id><repositories><repository><id>debian</id><url>${central.origin}/debian</url></repository></repositories></profile>
          <profile><id>inactive</id><repositories><repository><id>never</id><url>${other.origin}/central</url></repository></repositories></profile>
          <profile><id>by-default</id><activation><activeByDefault>true</activeByDefault></activation>
            <repositories><repository><id>snapshots-only</id><url>${other.origin}/central</url><releases><enabled>false</enabled></releases></repository></repositories></profile>
        </profiles>
        <activeProfiles><activeProfile>debian</activeProfile></activeProfiles>`);
      const { client: maven } = await client();
      assert.equal(maven.hostFor('org.tukaani:xz'), central.host);
      assert.equal((await maven.license('org.tukaani:xz', '1.10'))?.value, '0BSD');
      assert.deepEqual(central.paths(), ['/debian/org/tukaani/xz/1.10/xz-1.10.pom', '/central/org/tukaani/xz/1.10/xz-1.10.pom']);
      assert.deepEqual(other.paths(), [], 'an inactive profile and a releases-disabled repository are not used');
    });

    it('matches mirrorOf as the Guide to Mirror Settings specifies', () => {
      const centralRepo = { id: 'central', url: 'https://repo.maven.apache.org/maven2/', origin: 'test' };
      const local = { id: 'it-repo', url: 'http://localhost:8080/repo/', origin: 'test' };
      const plain = { id: 'legacy', url: 'http://repo.example.com/maven/', origin: 'test' };
      assert.ok(matchesMirrorOf(centralRepo, '*'));
      assert.ok(matchesMirrorOf(local, '*'));
      assert.ok(matchesMirrorOf(centralRepo, 'external:*'));
      assert.ok(!matchesMirrorOf(local, 'external:*'), 'external:* leaves localhost alone');
      assert.ok(matchesMirrorOf(plain, 'external:http:*'));
      assert.ok(!matchesMirrorOf(centralRepo, 'external:http:*'));
      assert.ok(matchesMirrorOf(centralRepo, 'central'));
      assert.ok(matchesMirrorOf(centralRepo, 'repo1,central'));
      assert.ok(!matchesMirrorOf(centralRepo, 'repo1,repo2'));
      assert.ok(!matchesMirrorOf(centralRepo, '*,!central'));
      assert.ok(matchesMirrorOf(plain, '*,!central'));
      assert.ok(!matchesMirrorOf(centralRepo, '!central,*'), 'the order of the items does not matter');
      assert.ok(!matchesMirrorOf(plain, '!repo1, *'), 'the guide: a space makes "!repo1, *" mirror nothing');
      const mirrors = [
        { id: 'all', url: 'https://all.example/', mirrorOf: '*', blocked: false },
        { id: 'exact', url: 'https://exact.example/', mirrorOf: 'central', blocked: false },
      ];
      assert.equal(selectMirror(centralRepo, mirrors)?.id, 'exact', 'an exact id wins over an earlier wildcard');
      assert.equal(selectMirror(plain, mirrors)?.id, 'all');
    });

    it('drops repositories covered by a blocked mirror (the default HTTP blocker)', () => {
      const problems: string[] = [];
      const plan = planRepositories(
        {
          repositories: [{ id: 'old', url: 'http://repo.example.com/maven/', origin: 'your settings.xml profile "x"' }],
          mirrors: [{ id: 'maven-default-http-blocker', url: 'http://0.0.0.0/', mirrorOf: 'external:http:*', blocked: true }],
          credentials: {},
        },
        [],
        problems,
      );
      assert.deepEqual(plan.map((repository) => repository.host), ['repo.maven.apache.org']);
      assert.equal(problems.length, 1);
      assert.match(problems[0], /"old".*blocked by mirror "maven-default-http-blocker"/);
    });
  });

  describe('protocol', () => {
    beforeEach(() => mirrorEverything());

    it('lists versions from maven-metadata.xml, merged across repositories', async () => {
      writeSettings(`
        <mirrors><mirror><id>local</id><mirrorOf>central</mirrorOf><url>${central.origin}/central</url></mirror></mirrors>
        <profiles><profile><id>debian</id><activation><activeByDefault>true</activeByDefault></activation>
          <repositories><repository><id>debian</id><url>${other.origin}/debian</url></repository></repositories></profile></profiles>`);
      const { client: maven } = await client();
      assert.deepEqual((await maven.listing('org.tukaani:xz'))?.versions.map((entry) => entry.version), ['1.9', '1.10']);
      assert.deepEqual((await maven.listing('org.apache.maven:maven-resolver-provider'))?.versions.map((entry) => entry.version), ['3.8.7', '3.x']);
      assert.equal(await maven.listing('org.example:not-published'), undefined);
    });

    it('reads the license of a version from its POM <licenses>, mapped to SPDX', async () => {
      const { client: maven } = await client();
      const cases: [string, string, string][] = [
        ['org.tukaani:xz', '1.9', 'Public Domain'],
        ['org.tukaani:xz', '1.10', '0BSD'],
        ['org.hamcrest:hamcrest', '2.2', 'BSD-3-Clause'],
        ['aopalliance:aopalliance', '1.0', 'Public Domain'],
        ['org.bouncycastle:bcprov-jdk18on', '1.78.1', 'MIT'],
        ['net.java.dev.jna:jna', '5.14.0', 'LGPL-2.1-or-later OR Apache-2.0'],
        ['jakarta.annotation:jakarta.annotation-api', '2.1.1', 'EPL-2.0 OR GPL-2.0-only WITH Classpath-exception-2.0'],
      ];
      for (const [name, version, expected] of cases) {
        assert.deepEqual(await maven.license(name, version), { value: expected, source: `${central.host} POM <licenses>` }, `${name}:${version}`);
      }
      assert.ok(!central.paths().some((requested) => requested.includes('org/eclipse/ee4j')), 'a POM with <licenses> needs no parent');
    });

    it('inherits <licenses> from the nearest parent that declares them', async () => {
      const { client: maven } = await client();
      assert.deepEqual(await maven.license('org.slf4j:slf4j-api', '2.0.17'), {
        value: 'MIT',
        source: `${central.host} POM <licenses>, inherited from parent org.slf4j:slf4j-bom:2.0.17`,
      });
      assert.deepEqual(central.paths(), [
        '/central/org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.pom',
        '/central/org/slf4j/slf4j-parent/2.0.17/slf4j-parent-2.0.17.pom',
        '/central/org/slf4j/slf4j-bom/2.0.17/slf4j-bom-2.0.17.pom',
      ]);
    });

    it('follows <relocation> to the new coordinates', async () => {
      const { client: maven } = await client();
      assert.deepEqual(await maven.license('xml-apis:xml-apis', '2.0.2'), {
        value: 'Apache-2.0',
        source: `${central.host} POM <licenses> of xml-apis:xml-apis:1.0.b2 (xml-apis:xml-apis:2.0.2 is relocated there)`,
      });
    });

    it("answers no license for Debian's POMs, after the relocation and the whole parent chain", async () => {
      writeSettings(`<mirrors><mirror><id>debian</id><mirrorOf>*</mirrorOf><url>${central.origin}/debian</url></mirror></mirrors>`);
      const { client: maven } = await client();
      assert.equal(await maven.license('org.apache.maven:maven-aether-provider', '3.x'), undefined);
      assert.deepEqual(central.paths(), [
        '/debian/org/apache/maven/maven-aether-provider/3.x/maven-aether-provider-3.x.pom',
        '/debian/org/apache/maven/maven-resolver-provider/3.x/maven-resolver-provider-3.x.pom',
        '/debian/org/apache/maven/maven/3.x/maven-3.x.pom',
        '/debian/org/apache/maven/maven-parent/debian/maven-parent-debian.pom',
        '/debian/org/apache/apache/debian/apache-debian.pom',
      ]);
    });

    it('caches compact POM facts on disk and answers offline from them', async () => {
      const { client: first } = await client();
      assert.equal((await first.license('org.slf4j:slf4j-api', '2.0.16'))?.value, 'MIT');
      const requests = central.seen.length;
      const { client: offline } = await client({}, { offline: true });
      assert.equal((await offline.license('org.slf4j:slf4j-api', '2.0.16'))?.value, 'MIT');
      assert.equal(central.seen.length, requests);
      const cached = readdirSync(cacheDir, { recursive: true }).map(String);
      assert.ok(cached.some((entry) => entry.startsWith('maven-poms')), cached.join(', '));
    });

    it('does not expand XML entities from a hostile POM', async () => {
      const hostile = [
        '<?xml version="1.0"?>',
        '<!DOCTYPE project [<!ENTITY a "MIT"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
        '<project><modelVersion>4.0.0</modelVersion><groupId>org.example</groupId><artifactId>evil</artifactId><version>1</version>',
        '<licenses><license><name>&c;</name></license></licenses></project>',
      ].join('\n');
      central.overrides.set('/central/org/example/evil/1/evil-1.pom', Buffer.from(hostile));
      const { client: maven } = await client();
      assert.equal(await maven.license('org.example:evil', '1'), undefined);
    });
  });

  describe('credentials and trust', () => {
    it('sends <server> credentials only to the repository with that id', async () => {
      other.expectedAuthorization = basic('deployer', 's3cret');
      writeSettings(`
        <servers>
          <server><id>corp</id><username>deployer</username><password>\${env.CORP_PASSWORD}</password></server>
          <server><id>central</id><username>should-not</username><password>be-sent</password></server>
        </servers>
        <mirrors><mirror><id>local</id><mirrorOf>central</mirrorOf><url>${central.origin}/central</url></mirror></mirrors>
        <profiles><profile><id>corp</id><repositories><repository><id>corp</id><url>${other.origin}/private</url></repository></repositories></profile></profiles>
        <activeProfiles><activeProfile>corp</activeProfile></activeProfiles>`);
      const { client: maven, problems } = await client({ env: { CORP_PASSWORD: 's3cret' } });
      assert.deepEqual(problems, []);
      assert.equal(maven.hostFor('org.slf4j:slf4j-api'), other.host);
      assert.equal((await maven.license('org.slf4j:slf4j-api', '2.0.17'))?.source, `${other.host} POM <licenses>, inherited from parent org.slf4j:slf4j-bom:2.0.17`);
      assert.equal((await maven.license('xml-apis:xml-apis', '2.0.2'))?.value, 'Apache-2.0');
      await maven.listing('org.example:only-in-central');
      assert.ok(other.seen.length > 0);
      assert.ok(other.seen.every((request) => request.authorization === basic('deployer', 's3cret')));
      assert.ok(central.seen.length > 0, 'Central (through its mirror) was asked too');
      assert.ok(central.seen.every((request) => request.authorization === undefined), 'the mirror "local" has no <server>: nothing is sent to it');
    });

    it("uses the mirror's <server>, not the mirrored repository's", async () => {
      central.expectedAuthorization = basic('mirror-user', 'mirror-pass');
      writeSettings(`
        <servers>
          <server><id>central</id><username>central-user</username><password>central-pass</password></server>
          <server><id>corp-mirror</id><username>mirror-user</username><password>mirror-pass</password></server>
        </servers>
        <mirrors><mirror><id>corp-mirror</id><mirrorOf>*</mirrorOf><url>${central.origin}/private</url></mirror></mirrors>`);
      const { client: maven } = await client();
      assert.equal((await maven.license('org.hamcrest:hamcrest', '2.2'))?.value, 'BSD-3-Clause');
      assert.deepEqual(central.seen.map((request) => request.authorization), [basic('mirror-user', 'mirror-pass')]);
    });

    it('does not decrypt encrypted passwords, and says so', async () => {
      writeSettings(`
        <servers><server><id>local</id><username>u</username><password>{COQLCE6DU6GtcS5P=}</password></server></servers>
        <mirrors><mirror><id>local</id><mirrorOf>*</mirrorOf><url>${central.origin}/central</url></mirror></mirrors>`);
      const { client: maven, problems } = await client();
      assert.equal(problems.length, 1);
      assert.match(problems[0], /encrypted/);
      await maven.license('org.hamcrest:hamcrest', '2.2');
      assert.ok(central.seen.every((request) => request.authorization === undefined));
    });

    it("ignores the project's <repositories> unless the workspace is trusted, and never sends them your credentials", async () => {
      writeSettings(`
        <servers><server><id>project-repo</id><username>me</username><password>my-password</password></server></servers>
        <mirrors><mirror><id>local</id><mirrorOf>central</mirrorOf><url>${central.origin}/central</url></mirror></mirrors>`);
      const projectPom = [
        '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>',
        '<groupId>org.example</groupId><artifactId>app</artifactId><version>1.0</version>',
        `<properties><repo.base>${other.origin}</repo.base></properties>`,
        '<repositories><repository><id>project-repo</id><url>${repo.base}/debian</url></repository></repositories>',
        '</project>',
      ].join('\n');
      writeFileSync(path.join(workspace, 'pom.xml'), projectPom);

      const untrusted = await client({ trustProject: false });
      assert.equal(untrusted.client.hostFor('org.tukaani:xz'), central.host);
      assert.equal(await untrusted.client.license('org.apache.maven:maven-aether-provider', '3.x'), undefined);
      assert.ok(!untrusted.files.includes(path.join(workspace, 'pom.xml')));
      assert.deepEqual(other.paths(), [], 'an untrusted project cannot send names to its host');

      const trusted = await client({ trustProject: true });
      assert.ok(trusted.files.includes(path.join(workspace, 'pom.xml')));
      assert.equal(trusted.client.hostFor('org.tukaani:xz'), other.host, "the project's repository comes before Central");
      assert.deepEqual((await trusted.client.listing('org.apache.maven:maven-resolver-provider'))?.versions.map((entry) => entry.version), ['3.8.7', '3.x']);
      assert.ok(other.paths().includes('/debian/org/apache/maven/maven-resolver-provider/maven-metadata.xml'));
      assert.ok(other.seen.every((request) => request.authorization === undefined), 'a host only the project names gets no <server> password');
      assert.ok(trusted.problems.some((problem) => problem.includes('"project-repo" credentials are not sent')), trusted.problems.join('\n'));
    });
  });

  describe("the OSPO's mirror (lookups.registries.maven)", () => {
    const mirrored = async (mirror: string, overrides: Partial<RegistryConfigSources> = {}) => {
      const { http: loopback, asked } = loopbackHttp((message) => logs.push(message));
      const configured = await client({ mirror, ...overrides }, { http: loopback });
      return { ...configured, asked };
    };

    it('stands in for Maven Central, which is never asked, where settings.xml names no mirror', async () => {
      const { client: maven, problems, asked } = await mirrored(`${central.origin}/central`);
      assert.deepEqual(problems, []);
      assert.equal(maven.hostFor('org.slf4j:slf4j-api'), central.host);
      assert.deepEqual(maven.hostsFor('org.slf4j:slf4j-api'), [central.host]);
      assert.deepEqual((await maven.listing('org.slf4j:slf4j-api'))?.versions.map((entry) => entry.version), ['2.0.16', '2.0.17']);
      assert.equal((await maven.license('org.hamcrest:hamcrest', '2.2'))?.source, `${central.host} POM <licenses>`);
      assert.deepEqual(central.paths(), ['/central/org/slf4j/slf4j-api/maven-metadata.xml', '/central/org/hamcrest/hamcrest/2.2/hamcrest-2.2.pom']);
      assert.deepEqual(hostsAsked(asked), [central.host], 'repo.maven.apache.org was never asked');
    });

    it("loses to the developer's own mirror of Central, repository with the id central, and trusted project repositories", async () => {
      writeSettings(`<mirrors><mirror><id>own</id><mirrorOf>external:*</mirrorOf><url>${other.origin}/central</url></mirror></mirrors>`);
      let configured = await mirrored(`${central.origin}/central`);
      assert.deepEqual(configured.client.hostsFor('org.hamcrest:hamcrest'), [other.host], 'external:* covers Central, so it covers what stands in for it');
      assert.equal((await configured.client.license('org.hamcrest:hamcrest', '2.2'))?.value, 'BSD-3-Clause');
      assert.deepEqual(central.paths(), []);
      assert.deepEqual(hostsAsked(configured.asked), [other.host]);

      writeSettings(`<profiles><profile><id>p</id><repositories><repository><id>central</id><url>${other.origin}/central</url></repository></repositories></profile></profiles>
        <activeProfiles><activeProfile>p</activeProfile></activeProfiles>`);
      configured = await mirrored(`${central.origin}/central`);
      assert.deepEqual(configured.client.hostsFor('org.hamcrest:hamcrest'), [other.host], 'a repository of the id central replaces Central');

      writeSettings('');
      writeFileSync(
        path.join(workspace, 'pom.xml'),
        `<project><modelVersion>4.0.0</modelVersion><groupId>a</groupId><artifactId>b</artifactId><version>1</version><repositories><repository><id>debian</id><url>${other.origin}/debian</url></repository></repositories></project>`,
      );
      configured = await mirrored(`${central.origin}/central`, { trustProject: true });
      assert.deepEqual(configured.client.hostsFor('org.tukaani:xz'), [other.host, central.host], "the project's repository first, then the mirror in Central's place");
      configured = await mirrored(`${central.origin}/central`, { trustProject: false });
      assert.deepEqual(configured.client.hostsFor('org.tukaani:xz'), [central.host]);
    });

    it("sends the mirror only the <server> of the user's own repository or mirror on its origin, never central's", async () => {
      central.expectedAuthorization = basic('corp-user', 'corp-pass');
      writeSettings(`
        <servers>
          <server><id>central</id><username>central-user</username><password>central-pass</password></server>
          <server><id>corp-releases</id><username>corp-user</username><password>corp-pass</password></server>
        </servers>
        <profiles><profile><id>corp</id><repositories><repository><id>corp-releases</id><url>${central.origin}/releases</url></repository></repositories></profile></profiles>
        <activeProfiles><activeProfile>corp</activeProfile></activeProfiles>`);
      const { client: maven, asked } = await mirrored(`${central.origin.replace('http://', 'http://policy:leaked@')}/private`);
      assert.equal((await maven.license('org.hamcrest:hamcrest', '2.2'))?.value, 'BSD-3-Clause');
      assert.ok(asked.every((url) => !url.includes('leaked')));
      const privateRequests = central.seen.filter((request) => request.path.startsWith('/private/'));
      assert.deepEqual(privateRequests.map((request) => request.authorization), [basic('corp-user', 'corp-pass')]);

      writeSettings('<servers><server><id>central</id><username>central-user</username><password>central-pass</password></server></servers>');
      central.seen.length = 0;
      const { client: plain } = await mirrored(`${central.origin}/central`);
      await plain.license('org.hamcrest:hamcrest', '2.2');
      assert.deepEqual(central.seen.map((request) => request.authorization), [undefined], "central's credentials are Central's");
    });

    it('uses no repository, rather than Central, when the mirror is not an http(s) URL', async () => {
      const { client: maven, problems, asked } = await mirrored('sparse+https://maven.acme.example/');
      assert.match(problems.join('\n'), /OSPO's Maven mirror is not an http\(s\) URL/);
      assert.deepEqual(maven.hostsFor('org.hamcrest:hamcrest'), []);
      assert.equal(await maven.license('org.hamcrest:hamcrest', '2.2'), undefined);
      assert.deepEqual(asked, []);
    });
  });

  describe('hostsFor', () => {
    it('names every repository in the order they are asked, each host once, and none for names never sent', async () => {
      writeSettings(`
        <mirrors><mirror><id>central-proxy</id><mirrorOf>central</mirrorOf><url>https://nexus.acme.example/central/</url></mirror></mirrors>
        <profiles><profile><id>p</id><repositories>
          <repository><id>releases</id><url>https://releases.acme.example/maven2/</url></repository>
          <repository><id>thirdparty</id><url>https://nexus.acme.example/thirdparty/</url></repository>
        </repositories></profile></profiles>
        <activeProfiles><activeProfile>p</activeProfile></activeProfiles>`);
      const { client: maven } = await client({}, { isPrivate: (_ecosystem, name) => name.startsWith('com.acme:') });
      assert.deepEqual(maven.hostsFor('org.slf4j:slf4j-api'), ['releases.acme.example', 'nexus.acme.example']);
      assert.equal(maven.hostFor('org.slf4j:slf4j-api'), 'releases.acme.example');
      assert.deepEqual(maven.hostsFor('com.acme:core'), []);
      assert.deepEqual(maven.hostsFor('not-a-coordinate'), []);
      assert.equal(central.seen.length + other.seen.length, 0);
    });
  });

  describe('failures', () => {
    it('answers undefined, without throwing, when the repository is down', async () => {
      const down = await MavenRepoServer.start();
      const origin = down.origin;
      await down.close();
      writeSettings(`<mirrors><mirror><id>down</id><mirrorOf>*</mirrorOf><url>${origin}/central</url></mirror></mirrors>`);
      const { client: maven } = await client();
      assert.equal(await maven.listing('org.slf4j:slf4j-api'), undefined);
      assert.equal(await maven.license('org.slf4j:slf4j-api', '2.0.17'), undefined);
      assert.ok(logs.some((line) => line.includes(origin.replace('http://', ''))), logs.join('\n'));
    });

    it('refuses an oversized POM', async () => {
      mirrorEverything();
      const real = readFileSync(path.join(FIXTURES, 'central/org/hamcrest/hamcrest/2.2/hamcrest-2.2.pom'), 'utf8');
      const padded = real.replace('</project>', `<!--${'x'.repeat(5 * 1024 * 1024)}--></project>`);
      central.overrides.set('/central/org/hamcrest/hamcrest/2.2/hamcrest-2.2.pom', Buffer.from(padded));
      const { client: maven } = await client();
      assert.equal(await maven.license('org.hamcrest:hamcrest', '2.2'), undefined);
      assert.ok(logs.some((line) => /answered with more than \d+ bytes/.test(line)), logs.join('\n'));
    });

    it('treats an answer that is not repository XML as no data', async () => {
      mirrorEverything();
      central.overrides.set('/central/org/tukaani/xz/maven-metadata.xml', Buffer.from('<html><body>Login</body></html>'));
      const { client: maven } = await client();
      assert.equal(await maven.listing('org.tukaani:xz'), undefined);
      assert.ok(logs.some((line) => line.includes('not Maven repository XML')), logs.join('\n'));
    });
  });
});
