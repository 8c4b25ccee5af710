import { expectDbUnchanged } from '../support/db-state';
import { demo } from '../support/demo';
import { expectOk, startTestServer, type GqlClient, type TestServer } from '../support/test-server';

const PARTNER = `partner { id name kind authorizedRegions { code }
  providerProfile { summary website listed offersTechnicalTraining offersMarketingHelp offersFinancing contact { name email phone } } }
  userErrors { code field message }`;
const AUTHORIZE = `mutation($input: AuthorizeIndirectProviderInput!) { authorizeIndirectProvider(input: $input) { ${PARTNER} } }`;
const REGIONS = `mutation($input: UpdateIndirectProviderRegionsInput!) { updateIndirectProviderRegions(input: $input) { ${PARTNER} } }`;
const PROFILE = `mutation($input: UpdateProviderProfileInput!) { updateProviderProfile(input: $input) { ${PARTNER} } }`;
const DIRECTORY = `query($regionCode: String, $name: String, $servesCountryCode: String) {
  providerDirectory(regionCode: $regionCode, name: $name, servesCountryCode: $servesCountryCode, first: 100) {
    nodes { providerId name authorizedRegions { code } profile { summary website offersTechnicalTraining offersMarketingHelp offersFinancing contact { email } } }
  } }`;
const AUDIT = `{ auditLog(first: 100) { nodes { operation resourceType resourceId actor { email } oldValue newValue } } }`;

describe('provider authorization and directory profile (R-06)', () => {
  let api: TestServer;
  let vendor: GqlClient;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    api = await startTestServer({ seed: 'demo' });
    vendor = await api.as(demo.vendor);
    const all = expectOk(await vendor.query('{ partners(first: 100) { nodes { id name } } }'));
    for (const p of all.partners.nodes) ids[p.name.split(' ')[0].toLowerCase()] = p.id;
  });
  afterAll(() => api.close());

  const directory = async (variables: Record<string, unknown> = {}) =>
    expectOk(await api.anonymous.query(DIRECTORY, variables)).providerDirectory.nodes;

  test('R-06 the vendor authorizes an active reseller as INDIRECT_PROVIDER in CSP regions; the public directory lists it at once', async () => {
    // VanArsdel (MX) only has a revoked partnership as reseller: nothing live.
    expect(await directory({ name: 'VanArsdel' })).toEqual([]);
    const data = expectOk(
      await vendor.query(AUTHORIZE, {
        input: {
          partnerId: ids.vanarsdel,
          regionCodes: ['LATIN_AMERICA', 'NORTH_AMERICA'],
          profile: {
            summary: 'Distributor for Mexico and Central America.',
            website: 'https://vanarsdel.example',
            offersTechnicalTraining: true,
            offersFinancing: true,
          },
        },
      }),
    ).authorizeIndirectProvider;
    expect(data.userErrors).toEqual([]);
    expect(data.partner).toMatchObject({
      kind: 'INDIRECT_PROVIDER',
      authorizedRegions: [{ code: 'LATIN_AMERICA' }, { code: 'NORTH_AMERICA' }],
      providerProfile: {
        summary: 'Distributor for Mexico and Central America.',
        website: 'https://vanarsdel.example',
        listed: true,
        offersTechnicalTraining: true,
        offersMarketingHelp: false,
        offersFinancing: true,
        // The contact defaults to the partner's customer-support contact.
        contact: { email: 'support@vanarsdeltech.example' },
      },
    });

    const listed = await directory({ regionCode: 'LATIN_AMERICA', name: 'VanArsdel' });
    expect(listed).toEqual([
      {
        providerId: ids.vanarsdel,
        name: 'VanArsdel Tech',
        authorizedRegions: [{ code: 'LATIN_AMERICA' }, { code: 'NORTH_AMERICA' }],
        profile: expect.objectContaining({ offersFinancing: true }),
      },
    ]);
    expect(await directory({ servesCountryCode: 'US', name: 'VanArsdel' })).toHaveLength(1);
    expect(await directory({ regionCode: 'EUROPE', name: 'VanArsdel' })).toEqual([]);

    // the vendor's record, readable by the partner it concerns, not by others.
    const own = expectOk(await (await api.as(demo.vanarsdel.globalAdmin)).query(AUDIT));
    expect(own.auditLog.nodes).toEqual([
      expect.objectContaining({
        operation: 'authorizeIndirectProvider',
        resourceId: ids.vanarsdel,
        oldValue: { kind: 'INDIRECT_RESELLER', authorizedRegions: [] },
        newValue: expect.objectContaining({
          kind: 'INDIRECT_PROVIDER',
          authorizedRegions: ['LATIN_AMERICA', 'NORTH_AMERICA'],
        }),
      }),
    ]);
    const other = expectOk(await (await api.as(demo.trey.globalAdmin)).query(AUDIT));
    expect(
      other.auditLog.nodes.filter((r: any) => r.operation === 'authorizeIndirectProvider'),
    ).toEqual([]);
  });

  test('R-06 refused: not ACTIVE (PARTNER_NOT_ACTIVE), a provider already or a reseller with live partnerships (INVALID_STATE), unknown (NOT_FOUND); nothing changes', async () => {
    const cases: Array<[string, string]> = [
      [ids.relecloud, 'PARTNER_NOT_ACTIVE'],
      [ids.contoso, 'INVALID_STATE'],
      [ids.trey, 'INVALID_STATE'],
      [ids.lucerne, 'INVALID_STATE'], // invited by Fabrikam: an invitation is live too
      [Buffer.from('Partner:999999').toString('base64url'), 'NOT_FOUND'],
    ];
    for (const [partnerId, code] of cases) {
      const result = await expectDbUnchanged(api.dataSource, () =>
        vendor.query(AUTHORIZE, { input: { partnerId, regionCodes: ['EUROPE'] } }),
      );
      expect({ partnerId, payload: expectOk(result).authorizeIndirectProvider }).toEqual({
        partnerId,
        payload: {
          partner: null,
          userErrors: [expect.objectContaining({ code, field: 'input.partnerId' })],
        },
      });
    }
  });

  test('R-06 only a VENDOR_ADMIN authorizes providers and edits their profile: partners FORBIDDEN, no token UNAUTHENTICATED', async () => {
    const input = { partnerId: ids.southridge, regionCodes: ['NORTH_AMERICA'] };
    for (const email of [
      demo.southridge.globalAdmin,
      demo.contoso.globalAdmin,
      demo.customers.northwind,
    ]) {
      const client = await api.as(email);
      for (const [query, variables] of [
        [AUTHORIZE, { input }],
        [REGIONS, { input: { partnerId: ids.contoso, addRegionCodes: ['EUROPE'] } }],
        [PROFILE, { input: { partnerId: ids.contoso, profile: { summary: 'Mine now' } } }],
      ] as const) {
        const result = await expectDbUnchanged(api.dataSource, () =>
          client.query(query, variables),
        );
        expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      }
    }
    const anonymous = await expectDbUnchanged(api.dataSource, () =>
      api.anonymous.query(AUTHORIZE, { input }),
    );
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('R-06 malformed input is BAD_USER_INPUT naming the field, before anything is written', async () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      [AUTHORIZE, { partnerId: ids.southridge, regionCodes: [] }, 'input.regionCodes'],
      [AUTHORIZE, { partnerId: ids.southridge, regionCodes: ['ATLANTIS'] }, 'input.regionCodes'],
      [
        AUTHORIZE,
        { partnerId: ids.southridge, regionCodes: ['EUROPE', 'EUROPE'] },
        'input.regionCodes',
      ],
      [AUTHORIZE, { partnerId: 'nope', regionCodes: ['EUROPE'] }, 'input.partnerId'],
      [
        AUTHORIZE,
        {
          partnerId: ids.southridge,
          regionCodes: ['EUROPE'],
          profile: { website: 'ftp://x.example' },
        },
        'input.profile.website',
      ],
      [
        AUTHORIZE,
        {
          partnerId: ids.southridge,
          regionCodes: ['EUROPE'],
          profile: { contact: { name: 'Desk', email: 'desk@x.example', phone: '555' } },
        },
        'input.profile.contact.phone',
      ],
      [REGIONS, { partnerId: ids.contoso }, 'input.addRegionCodes'],
      [
        REGIONS,
        { partnerId: ids.contoso, addRegionCodes: ['EUROPE'], removeRegionCodes: ['EUROPE'] },
        'input.removeRegionCodes',
      ],
      [REGIONS, { partnerId: ids.contoso, removeRegionCodes: ['MARS'] }, 'input.removeRegionCodes'],
      [
        PROFILE,
        { partnerId: ids.contoso, profile: { summary: 'x'.repeat(2001) } },
        'input.profile.summary',
      ],
    ];
    for (const [query, input, field] of cases) {
      const result = await expectDbUnchanged(api.dataSource, () => vendor.query(query, { input }));
      expect({ field, extensions: result.errors?.[0]?.extensions }).toMatchObject({
        field,
        extensions: { code: 'BAD_USER_INPUT', field },
      });
    }
  });

  test('R-06 the vendor adds and withdraws regions; the directory follows; a region with live partnerships, or the last one, stays (INVALID_STATE)', async () => {
    // Contoso (NORTH_AMERICA, LATIN_AMERICA) gains ASIA_PACIFIC.
    const added = expectOk(
      await vendor.query(REGIONS, {
        input: { partnerId: ids.contoso, addRegionCodes: ['ASIA_PACIFIC'] },
      }),
    ).updateIndirectProviderRegions;
    expect(added.userErrors).toEqual([]);
    expect(added.partner.authorizedRegions.map((r: any) => r.code)).toEqual([
      'ASIA_PACIFIC',
      'LATIN_AMERICA',
      'NORTH_AMERICA',
    ]);
    expect((await directory({ regionCode: 'ASIA_PACIFIC' })).map((e: any) => e.name)).toContain(
      'Contoso Distribution',
    );

    // NORTH_AMERICA holds live partnerships with Trey (US) and Litware (CA): it stays.
    const busy = await expectDbUnchanged(api.dataSource, () =>
      vendor.query(REGIONS, {
        input: { partnerId: ids.contoso, removeRegionCodes: ['NORTH_AMERICA'] },
      }),
    );
    expect(expectOk(busy).updateIndirectProviderRegions.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID_STATE', field: 'input.removeRegionCodes' }),
    ]);

    // Its only LATIN_AMERICA partnership (VanArsdel) is revoked: the region may go.
    const withdrawn = expectOk(
      await vendor.query(REGIONS, {
        input: { partnerId: ids.contoso, removeRegionCodes: ['LATIN_AMERICA', 'EUROPE'] },
      }),
    ).updateIndirectProviderRegions;
    expect(withdrawn.userErrors).toEqual([]);
    expect(withdrawn.partner.authorizedRegions.map((r: any) => r.code)).toEqual([
      'ASIA_PACIFIC',
      'NORTH_AMERICA',
    ]);
    expect((await directory({ servesCountryCode: 'BR' })).map((e: any) => e.name)).not.toContain(
      'Contoso Distribution',
    );

    // Adding what it has and removing what it lacks changes nothing and records nothing.
    const noop = await expectDbUnchanged(api.dataSource, () =>
      vendor.query(REGIONS, {
        input: {
          partnerId: ids.contoso,
          addRegionCodes: ['ASIA_PACIFIC'],
          removeRegionCodes: ['EUROPE'],
        },
      }),
    );
    expect(expectOk(noop).updateIndirectProviderRegions.userErrors).toEqual([]);

    const southridgeProvider = expectOk(
      await vendor.query(AUTHORIZE, {
        input: { partnerId: ids.southridge, regionCodes: ['NORTH_AMERICA'] },
      }),
    ).authorizeIndirectProvider;
    expect(southridgeProvider.userErrors).toEqual([]);
    const last = await expectDbUnchanged(api.dataSource, () =>
      vendor.query(REGIONS, {
        input: { partnerId: ids.southridge, removeRegionCodes: ['NORTH_AMERICA'] },
      }),
    );
    expect(expectOk(last).updateIndirectProviderRegions.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID_STATE', field: 'input.removeRegionCodes' }),
    ]);

    // Regions belong to providers: a reseller's are INVALID_STATE.
    const reseller = await expectDbUnchanged(api.dataSource, () =>
      vendor.query(REGIONS, { input: { partnerId: ids.trey, addRegionCodes: ['EUROPE'] } }),
    );
    expect(expectOk(reseller).updateIndirectProviderRegions.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID_STATE', field: 'input.partnerId' }),
    ]);

    const log = expectOk(await (await api.as(demo.contoso.globalAdmin)).query(AUDIT)).auditLog
      .nodes;
    expect(
      log
        .filter((r: any) => r.operation === 'updateIndirectProviderRegions')
        .map((r: any) => [r.oldValue.authorizedRegions, r.newValue.authorizedRegions]),
    ).toEqual([
      [
        ['LATIN_AMERICA', 'NORTH_AMERICA'],
        ['ASIA_PACIFIC', 'LATIN_AMERICA', 'NORTH_AMERICA'],
      ],
      [
        ['ASIA_PACIFIC', 'LATIN_AMERICA', 'NORTH_AMERICA'],
        ['ASIA_PACIFIC', 'NORTH_AMERICA'],
      ],
    ]);
  });

  test("R-06 the vendor maintains the provider's directory profile; unlisting hides it from the directory", async () => {
    const changed = expectOk(
      await vendor.query(PROFILE, {
        input: {
          partnerId: ids.fabrikam,
          profile: {
            summary: 'Pan-European distributor.',
            offersMarketingHelp: true,
            website: null,
            contact: {
              name: 'Partner Desk',
              email: 'Desk@FabrikamDistribution.example',
              phone: '+49 89 555 0111',
            },
          },
        },
      }),
    ).updateProviderProfile;
    expect(changed.userErrors).toEqual([]);
    expect(changed.partner.providerProfile).toEqual({
      summary: 'Pan-European distributor.',
      website: null,
      listed: true,
      offersTechnicalTraining: true,
      offersMarketingHelp: true,
      offersFinancing: true,
      contact: {
        name: 'Partner Desk',
        email: 'desk@fabrikamdistribution.example',
        phone: '+49 89 555 0111',
      },
    });
    const [entry] = await directory({ name: 'Fabrikam' });
    expect(entry.profile).toMatchObject({
      summary: 'Pan-European distributor.',
      offersMarketingHelp: true,
    });

    const same = await expectDbUnchanged(api.dataSource, () =>
      vendor.query(PROFILE, {
        input: { partnerId: ids.fabrikam, profile: { offersMarketingHelp: true } },
      }),
    );
    expect(expectOk(same).updateProviderProfile.userErrors).toEqual([]);

    expectOk(
      await vendor.query(PROFILE, {
        input: { partnerId: ids.fabrikam, profile: { listed: false } },
      }),
    );
    expect(await directory({ name: 'Fabrikam' })).toEqual([]);

    const reseller = await expectDbUnchanged(api.dataSource, () =>
      vendor.query(PROFILE, {
        input: { partnerId: ids.litware, profile: { summary: 'Not a provider' } },
      }),
    );
    expect(expectOk(reseller).updateProviderProfile.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID_STATE', field: 'input.partnerId' }),
    ]);

    const log = expectOk(await (await api.as(demo.fabrikam.globalAdmin)).query(AUDIT)).auditLog
      .nodes;
    expect(log.filter((r: any) => r.operation === 'updateProviderProfile')).toEqual([
      expect.objectContaining({
        actor: null,
        oldValue: {
          providerProfile: expect.objectContaining({
            summary: expect.stringContaining('European distributor with'),
          }),
        },
        newValue: {
          providerProfile: expect.objectContaining({ summary: 'Pan-European distributor.' }),
        },
      }),
      expect.objectContaining({
        newValue: { providerProfile: expect.objectContaining({ listed: false }) },
      }),
    ]);
  });

  test('R-06 a direct-bill partner may become an indirect provider too', async () => {
    const data = expectOk(
      await vendor.query(AUTHORIZE, {
        input: { partnerId: ids.adatum, regionCodes: ['NORTH_AMERICA'] },
      }),
    ).authorizeIndirectProvider;
    expect(data.userErrors).toEqual([]);
    expect(data.partner.kind).toBe('INDIRECT_PROVIDER');
    expect((await directory({ name: 'Adatum' })).map((e: any) => e.name)).toEqual([
      'Adatum Cloud Services',
    ]);
  });
});
