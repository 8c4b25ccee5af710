import fc from 'fast-check';
import type { NodeType } from '../../../src/core/node-id';
import { hostileInt, uuid } from './arbitraries';
import type { RealObjects } from './real-objects';

/**
 * The schema says `String` or `ID`; the field's name says what it means (an email, a country
 * code, a partner). These give plausible values, valid and subtly invalid, per meaning, so that
 * some generated calls pass validation and reach the business rules and the success paths.
 */

const word = fc.stringMatching(/^[A-Z][a-z]{2,12}( [A-Z][a-z]{2,12}){0,2}$/);
const label = fc.stringMatching(/^[a-z][a-z0-9]{2,20}$/);

function emails(real: RealObjects): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: label.map((l) => `${l}@${l}-corp.example`) },
    label.map((l) => `${l}@gmail.com`),
    label.map((l) => `${l}@OUTLOOK.COM`),
    fc.constantFrom(...real.emails),
    // The same address spelled differently must still be the same address.
    fc.constantFrom(...real.emails).map((e) => e.toUpperCase()),
    fc.constantFrom(...real.emails).map((e) => ` ${e} `),
    fc.constantFrom('no-at-sign', '@example.com', 'a@', 'a@b', 'a b@c.example', 'a@b..example'),
    fc.emailAddress(),
  );
}

/** ID fields by name: which node type a real value should have. */
function nodeTypeOf(field: string): NodeType | undefined {
  if (/^(partner|reseller|indirectReseller|indirectProvider|partnerOfRecord)Id$/.test(field))
    return 'Partner';
  if (/^(supportContact|servicePartner)Id$/.test(field)) return 'Partner';
  if (field === 'customerId') return 'Customer';
  if (field === 'userId') return 'User';
  if (field === 'partnershipId') return 'Partnership';
  if (field === 'relationshipId') return 'CustomerRelationship';
  if (field === 'subscriptionId') return 'Subscription';
  if (field === 'offerId') return 'Offer';
  return undefined;
}

/** A real ID for an ID field, of the type its name says when it says one. */
export function idValue(field: string, real: RealObjects): fc.Arbitrary<string> {
  const type = nodeTypeOf(field);
  const own = type ? (real.ids[type] ?? []) : [];
  const scoped = type ? (real.scoped[type] ?? []) : [];
  const options: Array<fc.WeightedArbitrary<string>> = [
    { weight: 1, arbitrary: fc.constantFrom(...real.anyIds) },
  ];
  if (own.length) options.push({ weight: 4, arbitrary: fc.constantFrom(...own) });
  if (scoped.length) options.push({ weight: 6, arbitrary: fc.constantFrom(...scoped) });
  return fc.oneof(...options);
}

/** Mostly valid values, now and then a subtly invalid one. */
function mostly(valid: string[], invalid: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...valid) },
    { weight: 1, arbitrary: fc.constantFrom(...invalid) },
  );
}

/** A plausible value for a String field, by name; undefined when the name says nothing. */
export function semanticString(field: string, real: RealObjects): fc.Arbitrary<string> | undefined {
  const f = field.toLowerCase();
  if (f.endsWith('email')) return emails(real);
  if (f === 'countrycode')
    return fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom('US', 'DE', 'GB', 'FR', 'NL', 'JP', 'CA') },
      { weight: 2, arbitrary: fc.constantFrom(...real.countryCodes) },
      { weight: 1, arbitrary: fc.constantFrom('us', 'XX', 'USA', 'U', 'ZZ', '') },
    );
  if (f.endsWith('regioncodes') || f === 'regioncode')
    return fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...real.regionCodes) },
      { weight: 1, arbitrary: fc.constantFrom('NOWHERE', 'emea', '') },
    );
  if (f === 'tenantdomainprefix')
    return fc.oneof(
      { weight: 4, arbitrary: label },
      { weight: 1, arbitrary: fc.constantFrom(...real.tenantPrefixes) },
      { weight: 1, arbitrary: fc.constantFrom(...real.tenantPrefixes).map((p) => p.toUpperCase()) },
      {
        weight: 1,
        arbitrary: fc.constantFrom('-abc', 'ab', 'UPPER', 'a.b', 'a_b', 'x'.repeat(64)),
      },
    );
  if (f === 'customertenantdomain')
    return fc.oneof(
      fc.constantFrom(...real.tenantDomains),
      fc.constantFrom(...real.tenantDomains).map((d) => d.toUpperCase()),
      label.map((l) => `${l}.onmicrosoft.com`),
    );
  if (f.endsWith('mpnid'))
    return fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...real.mpnIds) },
      { weight: 1, arbitrary: fc.constantFrom(...real.mpnIds).map((m) => ` ${m}`) },
      { weight: 2, arbitrary: fc.stringMatching(/^[0-9]{6,10}$/) },
      { weight: 1, arbitrary: fc.constantFrom('0', '-1', 'abc') },
    );
  if (f === 'idempotencykey')
    return fc.oneof(
      { weight: 4, arbitrary: uuid },
      {
        weight: 1,
        arbitrary: fc.constantFrom('00000000-0000-0000-0000-000000000000', 'not-a-uuid'),
      },
    );
  if (f === 'phone')
    return mostly(['+49 89 555 0100', '+1 (425) 555-0100'], ['+0 123', '12345', '+']);
  if (f === 'culture') return mostly(['en-US', 'de-DE', 'fr-FR'], ['fr', 'xx-YY', 'EN_us']);
  if (f === 'website')
    return mostly(['https://example.com', 'http://x.example/a?b=c'], ['javascript:alert(1)']);
  if (f === 'token') {
    const forged = fc.oneof(uuid, fc.base64String({ minLength: 20, maxLength: 60 }));
    if (!real.tokens.length) return forged;
    // Real tokens: the right caller accepts them once; the others meet INVITATION_INVALID.
    return fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...real.tokens) },
      { weight: 1, arbitrary: forged },
    );
  }
  if (['postalcode', 'region'].includes(f)) return fc.constantFrom('80331', 'SW1A 1AA', 'Bavaria');
  if (
    ['name', 'displayname', 'companyname', 'legalbusinessname', 'city', 'friendlyname'].includes(f)
  )
    return word;
  if (['message', 'note', 'reason', 'summary'].includes(f)) return word;
  return undefined;
}

export function semanticInt(field: string, real: RealObjects): fc.Arbitrary<number> {
  if (field === 'version')
    return fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...real.versions) },
      { weight: 1, arbitrary: hostileInt },
    );
  if (field === 'quantity')
    return fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 1, max: 30 }) },
      { weight: 1, arbitrary: fc.constantFrom(1000, 10_000, 100_000, 1_000_000) },
    );
  return fc.integer({ min: 1, max: 10 });
}
