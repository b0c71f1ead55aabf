import type { CompiledPolicy, DependencyFacts, EvaluationContext, Finding } from './compiledPolicy';

/**
 * Remembers findings per distinct set of facts for one policy, data set and repository, so that
 * re-evaluating a manifest after a keystroke costs a lookup per unchanged dependency.
 */
export class EvaluationMemo {
  private readonly findings = new Map<string, Finding>();

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
}

function factsKey(facts: DependencyFacts): string {
  const license = facts.license === undefined || facts.license === null ? '' : typeof facts.license === 'string' ? facts.license : facts.license.join('\u0002');
  const health = facts.health ? `${facts.health.score}\u0002${facts.health.source}` : '';
  return [facts.ecosystem, facts.name, facts.package ?? '', facts.spec ?? '\u0003', facts.version ?? '\u0003', facts.versionSource ?? '', license, facts.licenseSource ?? '', health].join('\u0001');
}

function sameDay(a: Date, b: Date): boolean {
  return a.toISOString().slice(0, 10) === b.toISOString().slice(0, 10);
}
