import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { demo } from '../support/demo';
import { ACCEPT, mpnIdOf, requestOk } from '../support/partnerships';
import { expectOk, startTestServer, type TestServer } from '../support/test-server';

interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/** Undoes quoted-printable (soft line breaks and =XX escapes) enough to read a text body. */
function decodeQuotedPrintable(text: string): string {
  return text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

describe('R-10 the partnership request is delivered over SMTP when SMTP_URL is configured', () => {
  const received: ReceivedMail[] = [];
  let smtp: SMTPServer;
  let api: TestServer;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const { port } = smtp.server.address() as AddressInfo;
    api = await startTestServer({
      seed: 'demo',
      env: {
        SMTP_URL: `smtp://127.0.0.1:${port}`,
        MAIL_FROM: 'Partner Center <no-reply@partners.example>',
        PUBLIC_URL: 'https://partners.example',
      },
    });
  });
  afterAll(async () => {
    await api.close();
    await new Promise<void>((resolve) => smtp.close(resolve));
  });

  test('R-10 the email carries the edited message and the personal link, and the link accepts the partnership', async () => {
    const contoso = await api.as(demo.contoso.globalAdmin);
    const request = await requestOk(contoso, {
      resellerMpnId: await mpnIdOf(api.dataSource, 'VanArsdel Tech'),
      recipientEmail: 'alliances@vanarsdeltech.example',
      message: 'Hola VanArsdel: Contoso would like to be your distributor in Latin America.',
    });

    const deadline = Date.now() + 10_000;
    while (received.length === 0 && Date.now() < deadline) {
      await api.server.app.outbox.idle();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(received).toHaveLength(1);
    const mail = received[0];
    expect(mail.from).toBe('no-reply@partners.example');
    expect(mail.to).toEqual(['alliances@vanarsdeltech.example']);
    expect(mail.raw).toMatch(
      /^Subject: Contoso Distribution requests a partnership with VanArsdel/m,
    );
    const body = decodeQuotedPrintable(mail.raw);
    expect(body).toContain(
      'Hola VanArsdel: Contoso would like to be your distributor in Latin America.',
    );
    expect(body).toContain(request.invitationLink);

    const [row] = await api.dataSource.query(
      "SELECT sent_at, attempts, last_error FROM email_outbox WHERE kind = 'PARTNERSHIP_INVITATION'",
    );
    expect(row.sent_at).not.toBeNull();
    expect(Number(row.attempts)).toBe(1);
    expect(row.last_error).toBeNull();

    // The reseller follows the link it received.
    const link = /https:\/\/partners\.example\/partnerships\/accept\?token=[A-Za-z0-9_-]+/.exec(
      body,
    )![0];
    const token = new URL(link).searchParams.get('token')!;
    const vanarsdel = await api.as(demo.vanarsdel.globalAdmin);
    const accepted = expectOk(await vanarsdel.query(ACCEPT, { input: { token, consent: true } }));
    expect(accepted.acceptPartnershipInvitation.partnership).toMatchObject({
      state: 'ACTIVE',
      provider: { name: 'Contoso Distribution' },
    });
  });
});
