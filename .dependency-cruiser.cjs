/**
 * The layer rules of docs/ARCHITECTURE.md, checked by `npm run lint` (and drawn by
 * `npm run arch:graph`). Bottom to top; a layer imports only from the layers below it, and a
 * domain only from the domains before it in DOMAIN_ORDER. Type-only imports count too
 * (tsPreCompilationDeps), because a type import is still a dependency of the design.
 */
const LAYERS = [
  { name: 'config', path: '^src/config/' },
  { name: 'db', path: '^src/db/' },
  { name: 'core', path: '^src/core/' },
  { name: 'access', path: '^src/access/' },
  { name: 'domains', path: '^src/(DOMAINS)/' },
  { name: 'schema', path: '^src/schema/' },
  { name: 'entry', path: '^src/(entry|http|cli)/|^src/main\\.ts$' },
];

/** The one order in which domains may import each other (earlier ones never import later). */
const DOMAIN_ORDER = [
  'regions',
  'organizations',
  'identity',
  'audit',
  'idempotency',
  'partners',
  'directory',
  'partnerships',
  'customers',
  'catalog',
  'subscriptions',
  'onboarding',
];

const domainAlternation = DOMAIN_ORDER.join('|');
const layers = LAYERS.map((l) => ({ ...l, path: l.path.replace('DOMAINS', domainAlternation) }));

const upward = layers.flatMap((layer, i) =>
  layers.slice(i + 1).map((higher) => ({
    name: `layer-${layer.name}-not-to-${higher.name}`,
    comment: `${layer.name} sits below ${higher.name}; it must not import from it (docs/ARCHITECTURE.md).`,
    severity: 'error',
    from: { path: layer.path },
    to: { path: higher.path },
  })),
);

const domainOrder = DOMAIN_ORDER.map((domain, i) => ({
  name: `domain-${domain}-only-to-earlier-domains`,
  comment: `The domain order is ${DOMAIN_ORDER.join(' -> ')}; ${domain} may import only the domains before it.`,
  severity: 'error',
  from: { path: `^src/${domain}/` },
  to: { path: `^src/(${DOMAIN_ORDER.slice(i + 1).join('|') || '$^'})/` },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...upward,
    ...domainOrder,
    {
      name: 'no-circular',
      comment: 'Import circles, type-only ones included, make the layers meaningless.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'src-not-to-tests-or-tools',
      comment: 'The application never imports its tests, benchmarks or soak harness.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench|soak)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    reporterOptions: {
      archi: { collapsePattern: '^src/[^/]+|^src/main\\.ts$' },
      mermaid: { minify: false },
      dot: { collapsePattern: '^src/[^/]+|^src/main\\.ts$' },
    },
  },
};

// Not part of dependency-cruiser's schema: the teeth test and the docs read these.
Object.defineProperty(module.exports, 'layers', { value: layers, enumerable: false });
Object.defineProperty(module.exports, 'DOMAIN_ORDER', { value: DOMAIN_ORDER, enumerable: false });
