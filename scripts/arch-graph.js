#!/usr/bin/env node
// Redraws the layer picture at the top of docs/ARCHITECTURE.md from the code, with the same
// checker and configuration as `npm run lint` (dependency-cruiser, folders collapsed).
//   npm run arch:graph            rewrite the picture
//   npm run arch:graph -- --check exit 1 when the committed picture differs from the code
const { execFileSync } = require('node:child_process');
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const doc = join(root, 'docs', 'ARCHITECTURE.md');
const BEGIN = '<!-- layers:begin (npm run arch:graph) -->';
const END = '<!-- layers:end -->';

function mermaid() {
  return execFileSync(
    join(root, 'node_modules', '.bin', 'depcruise'),
    [
      'src',
      '--config',
      '.dependency-cruiser.cjs',
      '--output-type',
      'mermaid',
      '--collapse',
      '^src/[^/]+',
    ],
    { cwd: root, encoding: 'utf8' },
  ).trim();
}

const text = readFileSync(doc, 'utf8');
const start = text.indexOf(BEGIN);
const stop = text.indexOf(END);
if (start < 0 || stop < start) {
  console.error(`docs/ARCHITECTURE.md has no ${BEGIN} ... ${END} block`);
  process.exit(2);
}
const block = `${BEGIN}\n\n\`\`\`mermaid\n${mermaid()}\n\`\`\`\n\n`;
const next = text.slice(0, start) + block + text.slice(stop);
if (process.argv.includes('--check')) {
  if (next !== text) {
    console.error('docs/ARCHITECTURE.md: the layer picture is out of date; run npm run arch:graph');
    process.exit(1);
  }
  console.log('docs/ARCHITECTURE.md: the layer picture matches the code');
} else {
  writeFileSync(doc, next);
  console.log('docs/ARCHITECTURE.md: layer picture redrawn');
}
