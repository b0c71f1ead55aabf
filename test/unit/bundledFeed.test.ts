import * as assert from 'node:assert/strict';
import spdxIds from 'spdx-license-ids';
import spdxExceptions from 'spdx-exceptions';
import { bundledDefaultFeed } from '../../src/core/policy/bundledFeed';
import { parseSpdxExpression } from '../../src/core/policy/spdx';
import { triggeredTraining } from '../../src/core/policy/trainingTriggers';

describe('the bundled default policy', () => {
  const feed = bundledDefaultFeed();

  it('is a valid feed', () => {
    assert.equal(feed.id, 'ospo-guide-default');
    assert.equal(feed.schemaVersion, 1);
  });

  it('lists only real SPDX ids (or LicenseRefs) and puts none on two lists', () => {
    const lists = [...feed.licenses.allow, ...feed.licenses.review, ...feed.licenses.deny];
    for (const entry of lists) {
      const [license, exception] = entry.split(' WITH ');
      assert.ok(spdxIds.includes(license) || license.startsWith('LicenseRef-'), `${license} is an SPDX id`);
      if (exception !== undefined) {
        assert.ok(spdxExceptions.includes(exception), `${exception} is an SPDX exception`);
      }
    }
    assert.equal(new Set(lists).size, lists.length, 'no license is on two lists');
  });

  it('explains every license it does not simply allow', () => {
    for (const license of [...feed.licenses.review, ...feed.licenses.deny]) {
      assert.ok(feed.licenses.notes.get(license), `a note for ${license}`);
    }
  });

  it('refers only to training snippets it has', () => {
    const ids = new Set(feed.training.map((snippet) => snippet.id));
    const referenced = [...[...feed.licenses.training.values()].flat(), ...feed.packages.flatMap((rule) => rule.training)];
    for (const id of referenced) {
      assert.ok(ids.has(id), `training ${id} exists`);
    }
  });

  it('has at least eight substantial training snippets, each reachable from a trigger', () => {
    assert.ok(feed.training.length >= 8);
    for (const snippet of feed.training) {
      assert.ok(snippet.markdown.split(/\s+/).length >= 250, `${snippet.id} is substantial`);
      assert.ok(snippet.triggers.length > 0, `${snippet.id} has triggers`);
      const outsideCode = snippet.markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
      assert.ok(!/<[a-z!/]/i.test(outsideCode), `${snippet.id} has no raw HTML outside code`);
      for (const link of snippet.markdown.matchAll(/\]\(([^)]+)\)/g)) {
        assert.match(link[1], /^(https:|mailto:)/, `${snippet.id} links only to https or mailto`);
      }
    }
    assert.deepEqual(triggeredTraining(feed.training, { licenses: ['AGPL-3.0-only'] }).map((snippet) => snippet.id).includes('network-copyleft'), true);
  });

  it('gives every package rule a sourced reason and a parseable license', () => {
    assert.ok(feed.packages.length > 0);
    for (const rule of feed.packages) {
      assert.ok(rule.reason && rule.reason.length > 40, `${rule.match} explains itself`);
      if (rule.license) {
        assert.ok(parseSpdxExpression(rule.license), `${rule.match}: ${rule.license} parses`);
      }
    }
  });

  it('has a contribution policy and checklist', () => {
    assert.equal(feed.contribution.default.status, 'needs-approval');
    assert.ok(feed.contribution.checklist.length >= 5);
  });
});
