/**
 * Legal-form words dropped from the end of a company name before comparing, so that
 * "Contoso Distribution, Inc." and "CONTOSO DISTRIBUTION" are the same organization.
 */
const LEGAL_FORMS = new Set([
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'co',
  'company',
  'llc',
  'llp',
  'lp',
  'ltd',
  'limited',
  'plc',
  'pty',
  'pte',
  'gmbh',
  'mbh',
  'ag',
  'kg',
  'ug',
  'ohg',
  'se',
  'sa',
  'sas',
  'sarl',
  'srl',
  'spa',
  'sl',
  'slu',
  'bv',
  'nv',
  'ab',
  'as',
  'asa',
  'oy',
  'oyj',
  'kk',
  'ltda',
  'sapi',
  'cv',
  'de',
]);

/**
 * a company name reduced to what identifies the organization: accents folded, case
 * ignored, dots and apostrophes dropped, any other punctuation or spacing ignored, a leading
 * "the" and trailing legal forms ("Inc.", "GmbH", "S.A. de C.V.", "Co., Ltd.") removed.
 * "Contoso Distribution, Inc." and "contoso-distribution" both give `contosodistribution`.
 */
export function normalizeCompanyName(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[.'\u2019]/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (words.length > 1 && words[0] === 'the') words.shift();
  while (words.length > 1 && LEGAL_FORMS.has(words[words.length - 1])) words.pop();
  return words.join('');
}
