import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The layer rules have teeth: the same checker and configuration that `npm run lint` runs
 * (.dependency-cruiser.cjs) pass on the tree as it is, and report an upward type-only import,
 * a domain importing a later domain, and an import circle once they are added to a copy of it.
 */
const root = resolve(__dirname, '../..');
const depcruise = join(root, 'node_modules', '.bin', 'depcruise');

function cruise(dir: string): { ok: boolean; output: string } {
  try {
    const output = execFileSync(
      depcruise,
      ['src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'],
      { cwd: dir, encoding: 'utf8', stdio: 'pipe' },
    );
    return { ok: true, output };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('layer rules (dependency-cruiser)', () => {
  let copy: string;

  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), 'layer-rules-'));
    for (const entry of ['src', '.dependency-cruiser.cjs', 'tsconfig.json', 'package.json']) {
      cpSync(join(root, entry), join(copy, entry), { recursive: true });
    }
  });

  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('finds no violation in the tree as committed', () => {
    const result = cruise(copy);
    expect(result.output).toContain('no dependency violations found');
    expect(result.ok).toBe(true);
  }, 60_000);

  it('reports an upward type-only import, a domain-order violation and a circle', () => {
    // core -> entry, type-only: tsPreCompilationDeps must see it.
    writeFileSync(
      join(copy, 'src/core/teeth-upward.ts'),
      "import type { App } from '../entry/app';\nexport type Upward = App;\n",
    );
    // partners sits before subscriptions in the domain order.
    writeFileSync(
      join(copy, 'src/partners/teeth-domain.ts'),
      "import type { Subscription } from '../subscriptions/subscription.entity';\nexport type Later = Subscription;\n",
    );
    // Two core files that import each other.
    writeFileSync(
      join(copy, 'src/core/teeth-circle-a.ts'),
      "import type { B } from './teeth-circle-b';\nexport type A = { b?: B };\n",
    );
    writeFileSync(
      join(copy, 'src/core/teeth-circle-b.ts'),
      "import type { A } from './teeth-circle-a';\nexport type B = { a?: A };\n",
    );
    const result = cruise(copy);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(
      /layer-core-not-to-entry: src\/core\/teeth-upward\.ts → src\/entry\/app\.ts/,
    );
    expect(result.output).toMatch(
      /domain-partners-only-to-earlier-domains: src\/partners\/teeth-domain\.ts → src\/subscriptions\/subscription\.entity\.ts/,
    );
    expect(result.output).toMatch(/no-circular: src\/core\/teeth-circle-[ab]\.ts/);
  }, 60_000);
});
