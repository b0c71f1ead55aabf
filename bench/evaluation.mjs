import { performance } from 'node:perf_hooks';
import { compiled } from './compiled.mjs';
import { compare, formatMs, median } from './timing.mjs';

const { CompiledPolicy } = compiled('core/policy/compiledPolicy.js');
const { validateFeed } = compiled('core/policy/validateFeed.js');
const { bundledDefaultFeed } = compiled('core/policy/bundledFeed.js');

const LICENSES = ['MIT', 'Apache-2.0', 'ISC', 'BSD-3-Clause', 'MIT OR Apache-2.0', '(MIT OR Apache-2.0) AND Unicode-3.0', 'MPL-2.0', 'LGPL-2.1-or-later', 'GPL-3.0-only', 'Apache 2.0', 'MIT License', 'BSD', 'UNLICENSED', null];
const ECOSYSTEMS = ['npm', 'pypi', 'cargo', 'go', 'maven', 'rubygems', 'composer'];

function nameFor(ecosystem, i) {
  switch (ecosystem) {
    case 'go':
      return `github.com/owner${i % 97}/module-${i}`;
    case 'maven':
      return `org.example${i % 31}:artifact-${i}`;
    case 'composer':
      return `vendor${i % 53}/package-${i}`;
    default:
      return `package-${i}`;
  }
}

/** A feed with `ruleCount` package rules and 1,000 advisories, spread over every ecosystem. */
function largeFeed(ruleCount) {
  const base = bundledDefaultFeed();
  const packages = Array.from({ length: ruleCount }, (_, i) => {
    const ecosystem = ECOSYSTEMS[i % ECOSYSTEMS.length];
    const type = { npm: 'npm', pypi: 'pypi', cargo: 'cargo', go: 'golang', maven: 'maven', rubygems: 'gem', composer: 'composer' }[ecosystem];
    const name = nameFor(ecosystem, i).replace(':', '/');
    return { match: `pkg:${type}/${name}`, ...(i % 3 === 0 ? { versions: `>=${i % 9}.0.0` } : {}), ...(i % 2 === 0 ? { license: LICENSES[i % 9] } : { verdict: 'review', reason: 'Bench rule.' }) };
  });
  const advisories = Array.from({ length: 1000 }, (_, i) => ({
    id: `BENCH-${i}`,
    affected: [{ package: { ecosystem: 'npm', name: `package-${i * 7}` }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: `${(i % 5) + 1}.0.0` }] }] }],
  }));
  const json = {
    schemaVersion: 1,
    id: 'bench',
    version: 1,
    issued: '2026-11-01T00:00:00Z',
    licenses: { allow: base.licenses.allow, review: base.licenses.review, deny: base.licenses.deny, default: 'review', unknown: 'review' },
    packages,
    advisories,
    health: { warnBelow: 4, denyBelow: 2 },
  };
  const result = validateFeed(json);
  if (!result.feed) {
    throw new Error(`bench feed invalid: ${JSON.stringify(result.errors.slice(0, 3))}`);
  }
  return result.feed;
}

function dependencies(count) {
  return Array.from({ length: count }, (_, i) => {
    const ecosystem = ECOSYSTEMS[i % ECOSYSTEMS.length];
    return { ecosystem, name: nameFor(ecosystem, i * 3), spec: `^${i % 9}.${i % 4}.0`, version: `${i % 9}.${i % 4}.${i % 3}`, license: LICENSES[i % LICENSES.length] };
  });
}

/** Evaluating 1,000 dependencies against a feed with 10,000 package rules, warm and cold. */
export function benchEvaluation() {
  const feed = largeFeed(10_000);
  const deps = dependencies(1000);
  const context = { repo: 'github.com/acme/tool', now: new Date('2026-11-23T00:00:00Z') };
  const warmPolicy = new CompiledPolicy(feed);
  const [warm] = compare([{ name: 'warm', run: () => deps.forEach((dependency) => warmPolicy.evaluate(dependency, context)) }]);
  const coldSamples = [];
  const compileSamples = [];
  for (let round = 0; round < 9; round++) {
    const started = performance.now();
    const policy = new CompiledPolicy(feed);
    compileSamples.push(performance.now() - started);
    deps.forEach((dependency) => policy.evaluate(dependency, context));
    coldSamples.push(performance.now() - started);
  }
  const verdicts = {};
  for (const dependency of deps) {
    const { verdict } = warmPolicy.evaluate(dependency, context);
    verdicts[verdict] = (verdicts[verdict] ?? 0) + 1;
  }
  const lines = [
    '| measurement | median |',
    '|---|---:|',
    `| evaluate 1,000 dependencies, warm policy (10,000 rules, 1,000 advisories) | ${formatMs(warm.medianMs)} |`,
    `| compile the policy (index rules, advisories) | ${formatMs(median(compileSamples))} |`,
    `| compile + evaluate 1,000 dependencies, cold license cache | ${formatMs(median(coldSamples))} |`,
  ];
  return {
    title: 'Policy evaluation',
    table: lines.join('\n'),
    summary: `Verdicts: ${Object.entries(verdicts).map(([verdict, count]) => `${count} ${verdict}`).join(', ')}. Goal: under 10 ms warm: ${formatMs(warm.medianMs)} — ${warm.medianMs < 10 ? 'met' : 'NOT met'}.`,
  };
}
