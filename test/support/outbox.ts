import type { DataSource } from 'typeorm';

export interface SentEmail {
  kind: string;
  recipient: string;
  subject: string;
  body: string;
}

/** The emails queued for a recipient, oldest first: what the outbox would deliver. */
export async function emailsTo(dataSource: DataSource, recipient: string): Promise<SentEmail[]> {
  return (await dataSource.query(
    'SELECT kind, recipient, subject, body FROM email_outbox WHERE recipient = ? ORDER BY id',
    [recipient],
  )) as SentEmail[];
}

/** The token a verification email carries (the email is the only place it exists in clear). */
export async function verificationTokenFor(
  dataSource: DataSource,
  recipient: string,
): Promise<string> {
  const emails = (await emailsTo(dataSource, recipient)).filter(
    (e) => e.kind === 'partner-email-verification',
  );
  const last = emails[emails.length - 1];
  const match = last && /token: (\S+)/.exec(last.body);
  if (!match) throw new Error(`no verification email to ${recipient}`);
  return match[1];
}
