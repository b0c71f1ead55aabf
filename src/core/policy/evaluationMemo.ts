import type { ManifestDependency } from '../manifests/types';
import type { CompiledPolicy, DependencyFacts, EvaluationContext, Finding } from './compiledPolicy';

/** Past this many remembered findings a generation starts afresh, whatever the sweeps. */
const MAX_ENTRIES = 20_000;

/**
 * Two generations: lookups promote from the old one, and `sweep()` drops whatever the last
 * generation did not use. So memory follows what the manifests hold now, not every spec ever typed.
 */
class GenerationalMap<V> {
  private current = new Map<string, V>();
  private previous = new Map<string, V>();

  get(key: string): V | undefined {
    const value = this.current.get(key);
    if (value !== undefined) {
      return value;
    }
    const old = this.previous.get(key);
    if (old !== undefined) {
      this.set(key, old);
    }
    return old;
  }

  set(key: string, value: V): void {
    if (this.current.size >= MAX_ENTRIES) {
      this.current.clear();
    }
    this.current.set(key, value);
  }

  sweep(): void {
    this.previous = this.current;
    this.current = new Map();
  }
}

/**
 * Remembers findings for one policy, one data set and one repository, so that re-evaluating a
 * manifest after a keystroke costs a lookup per unchanged dependency. Build one per data set (the
 * facts of a dependency depend on it) and folder.
 */
export class EvaluationMemo {
  private readonly findings = new GenerationalMap<Finding>();
  private readonly byDependency = new GenerationalMap<Finding>();

  constructor(
    readonly policy: CompiledPolicy,
    readonly context: EvaluationContext,
  ) {}

  /** Whether this memo answers for the policy and context given (exception expiry is by day). */
  fits(policy: CompiledPolicy, repo: string | null, now: Date): boolean {
    return this.policy === policy && this.context.repo === repo && sameDay(this.context.now, now);
  }

  evaluate(facts: DependencyFacts): Finding {
    const key = factsKey(facts);
    let finding = this.findings.get(key);
    if (!finding) {
      finding = this.policy.evaluate(facts, this.context);
      this.findings.set(key, finding);
    }
    return finding;
  }

  /**
   * The finding of a manifest's dependency as written; `facts` (what the data set says of it) is
   * only asked for a dependency not seen before, since looking it up costs more than the memo.
   */
  evaluateDependency(manifestFolder: string, dependency: ManifestDependency, facts: () => DependencyFacts): Finding {
    const key = [manifestFolder, dependency.ecosystem, dependency.name, dependency.package ?? '', dependency.spec ?? '\u0003', dependency.version ?? '\u0003'].join('\u0001');
    let finding = this.byDependency.get(key);
    if (!finding) {
      finding = this.evaluate(facts());
      this.byDependency.set(key, finding);
    }
    return finding;
  }

  /** Call after evaluating the manifests this memo serves: what they no longer name is let go on the next sweep. */
  sweep(): void {
    this.findings.sweep();
    this.byDependency.sweep();
  }
}

function factsKey(facts: DependencyFacts): string {
  const license = facts.license === undefined || facts.license === null ? '' : typeof facts.license === 'string' ? facts.license : facts.license.join('\u0002');
  const health = facts.health ? `${facts.health.score}\u0002${facts.health.source}` : '';
  const changes = facts.licenseChanges?.map((change) => `${change.version}\u0002${change.from}\u0002${change.to}`).join('\u0004') ?? '';
  const inFile = facts.licenseInFile ? `${facts.licenseInFile.ids.join('\u0004')}\u0002${facts.licenseInFile.file}\u0002${facts.licenseInFile.similarity}` : '';
  const funding = facts.funding?.join('\u0002') ?? '';
  const repository = facts.repository ? `${facts.repository.location}\u0002${facts.repository.source}` : '';
  const activity = facts.activity ? `${facts.activity.latestRelease?.version ?? ''}\u0002${facts.activity.latestRelease?.date ?? ''}\u0002${facts.activity.maintainers ?? ''}\u0002${facts.activity.source}` : '';
  return [facts.ecosystem, facts.name, facts.package ?? '', facts.spec ?? '\u0003', facts.version ?? '\u0003', facts.versionSource ?? '', license, facts.licenseSource ?? '', health, changes, inFile, funding, repository, activity].join('\u0001');
}

function sameDay(a: Date, b: Date): boolean {
  return a.toISOString().slice(0, 10) === b.toISOString().slice(0, 10);
}
