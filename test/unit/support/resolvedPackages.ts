import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ResolvedPackage, ResolverResult } from '../../../src/core/data/types';

/** The resolver's package named `name`, failing the test with the names it did find. */
export function packageNamed(result: ResolverResult, name: string): ResolvedPackage {
  const found = result.packages.find((item) => item.name === name);
  assert.ok(found, `${name} is among ${result.packages.map((item) => item.name).join(', ')}`);
  return found;
}

/** Writes a file of a test project, making its folders. */
export function writeProjectFile(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}
