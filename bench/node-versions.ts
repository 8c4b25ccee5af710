import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';

/**
 * A Node release other than the one running the bench: the graph and control B are started a
 * second time with its binary, so that a regression of one Node line (its V8's garbage
 * collector under our heap flags, above all) shows as a ratio measured in the same run.
 */
export interface OtherNode {
  major: string;
  /** `node` binary of that release, from the cache of `scripts/node-home`. */
  binary: string;
  version: string;
}

/** The queries and variants measured again under each other Node: the two read shapes. */
export const OTHER_NODE_QUERIES = ['Q1', 'Q2'];
export const OTHER_NODE_VARIANTS = ['graph', 'B'] as const;

/** `graph@node24`: a variant label that names the Node line it runs on. */
export const onNode = (variant: string, major: string) => `${variant}@node${major}`;

/** `graph@node24` -> `graph`; a plain variant stays as it is. */
export const baseVariant = (label: string) => label.split('@')[0];

export function resolveOtherNode(major: string): OtherNode {
  // dist/bench/ -> repository root, where scripts/ lives.
  const script = resolve(__dirname, '../../scripts/node-home');
  const home = execFileSync(script, [major], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  const binary = join(home, 'bin', 'node');
  const version = execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
  return { major, binary, version };
}
