import { expectDbUnchanged } from '../support/db-state';
import { demo } from '../support/demo';
import { expectOk, startTestServer, type TestServer } from '../support/test-server';

const ACCEPT = `mutation($input: AcceptPartnerAgreementInput!) {
  acceptPartnerAgreement(input: $input) { partner { name agreementAcceptedAt } userErrors { code field message } }
}`;

describe('R-04 partner agreement', () => {
  let api: TestServer;
  beforeAll(async () => (api = await startTestServer({ seed: 'demo' })));
  afterAll(() => api.close());

  test('R-04 a GLOBAL_ADMIN accepts the agreement; the audit log records it', async () => {
    const southridge = await api.as(demo.southridge.globalAdmin);
    const data = expectOk(await southridge.query(ACCEPT, { input: { consent: true } }));
    expect(data.acceptPartnerAgreement.userErrors).toEqual([]);
    expect(data.acceptPartnerAgreement.partner.name).toBe('Southridge Solutions');
    expect(Date.parse(data.acceptPartnerAgreement.partner.agreementAcceptedAt)).toBeGreaterThan(
      Date.now() - 60_000,
    );
    const log = expectOk(
      await southridge.query(
        '{ auditLog { nodes { operation resourceType newValue actor { email } } } }',
      ),
    );
    expect(log.auditLog.nodes).toEqual([
      expect.objectContaining({
        operation: 'acceptPartnerAgreement',
        resourceType: 'Partner',
        actor: { email: demo.southridge.globalAdmin },
      }),
    ]);
  });

  test('R-04 another role is refused with FORBIDDEN and nothing changes', async () => {
    const helpdesk = await api.as(demo.trey.helpdesk);
    const result = await expectDbUnchanged(api.dataSource, () =>
      helpdesk.query(ACCEPT, { input: { consent: true } }),
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(result.data?.acceptPartnerAgreement ?? null).toBeNull();
  });

  test('consent must be given: BAD_USER_INPUT naming the field, nothing changes', async () => {
    const relecloud = await api.as(demo.relecloud.globalAdmin);
    const result = await expectDbUnchanged(api.dataSource, () =>
      relecloud.query(ACCEPT, { input: { consent: false } }),
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.consent',
    });
  });

  test('a customer admin cannot accept a partner agreement', async () => {
    const northwind = await api.as(demo.customers.northwind);
    const result = await northwind.query(ACCEPT, { input: { consent: true } });
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
