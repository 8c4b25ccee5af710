import type { MutationCase } from './cases';
import { COLUMNS, type CellRun, type ExpectedRow } from './runner';

/** Short forms of the outcome codes, used by the table in the test and by this report. */
export const ABBREVIATIONS: Record<string, string> = {
  ALLOWED: 'A',
  UNAUTHENTICATED: 'U',
  FORBIDDEN: 'F',
  NOT_FOUND: 'NF',
  INVITATION_INVALID: 'II',
  INVALID_STATE: 'IS',
  RESELLER_CANNOT_TRANSACT: 'RCT',
  RESELLER_NOT_PARTNERED: 'RNP',
  NOT_BILLING_PARTNER: 'NBP',
};

const short = (code: string | null | undefined) =>
  code == null ? '-' : (ABBREVIATIONS[code] ?? code);

const GROUPS = [
  { title: '', span: 1 },
  { title: 'indirect provider (P)', span: 5 },
  { title: 'indirect reseller (R)', span: 5 },
  { title: 'direct-bill (D)', span: 5 },
  { title: 'cust.', span: 1 },
  { title: 'vendor', span: 1 },
];

const WIDTH = 5;
const NAME = 32;
/** Columns after which a group ends: anonymous, P, R, D, customer. */
const GROUP_ENDS = [0, 5, 10, 15, 16];
const separator = (i: number) => (GROUP_ENDS.includes(i) ? '| ' : '');

/**
 * The matrix as a text table: one line per mutation and scope, a column per caller. A cell
 * whose run disagrees with the table reads `!<actual>`; the list below says what was expected
 * and what the server said.
 */
export function formatMatrix(
  table: Record<string, ExpectedRow>,
  runs: CellRun[],
  cases: Record<string, MutationCase>,
): string {
  const failed = runs.filter((r) => r.actual !== r.expected || r.problem);
  const byCell = new Map(failed.map((r) => [`${r.mutation}/${r.scope}/${r.column.label}`, r]));
  const pad = (text: string, width = WIDTH) => text.padEnd(width);
  const lines: string[] = [];
  let header = ' '.repeat(NAME + 8);
  for (const group of GROUPS) header += pad(group.title, group.span * WIDTH) + '| ';
  lines.push(header);
  lines.push(
    ' '.repeat(NAME + 8) +
      COLUMNS.map((c, i) => pad(c.label.replace(/^[PRD]:/, '')) + separator(i)).join(''),
  );
  for (const [mutation, row] of Object.entries(table)) {
    for (const scope of ['own', 'foreign'] as const) {
      let line = pad(scope === 'own' ? mutation : '', NAME) + pad(scope, 8);
      COLUMNS.forEach((column, i) => {
        const failure = byCell.get(`${mutation}/${scope}/${column.label}`);
        const text = failure ? `!${short(failure.actual)}` : short(row[scope][i]);
        line += pad(text) + separator(i);
      });
      lines.push(line);
    }
  }
  lines.push('');
  lines.push(
    `Legend: ${Object.entries(ABBREVIATIONS)
      .map(([code, abbreviation]) => `${abbreviation}=${code}`)
      .join(', ')}, -=n/a.`,
  );
  if (failed.length > 0) {
    lines.push('', `${failed.length} cell(s) disagree with the table:`);
    for (const r of failed) {
      lines.push(
        `  ${r.mutation} [${r.scope}: ${cases[r.mutation]?.[r.scope] ?? '?'}] as ${r.column.label}: expected ${r.expected}, got ${r.actual}${r.problem ? `; ${r.problem}` : ''}${r.message ? ` (${r.message})` : ''}`,
      );
    }
  }
  return lines.join('\n');
}
