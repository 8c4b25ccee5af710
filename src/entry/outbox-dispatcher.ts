import { createTransport, type Transporter } from 'nodemailer';
import type { DataSource } from 'typeorm';
import type { Logger } from '../core/logger';
import type { Database } from '../db/database';
import { toSqlDateTime } from '../db/sql';
import { EmailOutbox } from '../core/email-outbox.entity';

const CLAIM_SECONDS = 60;
const MAX_ATTEMPTS = 8;

/**
 * Delivers queued emails over SMTP when SMTP_URL is configured; without it they stay in the
 * outbox (the record of what would have been sent). Rows are claimed with a conditional
 * UPDATE, so several server processes never send the same email twice.
 */
export class OutboxDispatcher {
  private readonly transport?: Transporter;
  private running?: Promise<void>;
  private again = false;

  private readonly dataSource: DataSource;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    smtpUrl: string | undefined,
    private readonly from: string,
  ) {
    this.dataSource = db.dataSource;
    if (smtpUrl) this.transport = createTransport(smtpUrl);
  }

  get enabled(): boolean {
    return this.transport !== undefined;
  }

  /** Called after a commit that queued email; deliveries run in the background. */
  kick(): void {
    if (!this.transport) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.deliverPending()
      .then(() => undefined)
      .catch((error) => this.logger.warn({ err: error }, 'outbox delivery failed'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Waits for the current delivery round (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async deliverPending(now = new Date()): Promise<number> {
    if (!this.transport) return 0;
    const due = await this.dataSource
      .getRepository(EmailOutbox)
      .createQueryBuilder('e')
      .where(
        'e.sent_at IS NULL AND e.attempts < :max AND (e.next_attempt_at IS NULL OR e.next_attempt_at <= :now)',
        {
          max: MAX_ATTEMPTS,
          now: toSqlDateTime(now),
        },
      )
      .orderBy('e.id')
      .limit(50)
      .getMany();
    let sent = 0;
    for (const email of due) {
      const claimUntil = new Date(now.getTime() + CLAIM_SECONDS * 1000);
      const claimed = await this.db.execute(
        this.dataSource,
        'UPDATE email_outbox SET next_attempt_at = ?, attempts = attempts + 1 WHERE id = ? AND sent_at IS NULL AND attempts = ?',
        [toSqlDateTime(claimUntil), email.id, email.attempts],
      );
      if (claimed === 0) continue;
      try {
        await this.transport.sendMail({
          from: this.from,
          to: email.recipient,
          subject: email.subject,
          text: email.body,
        });
        await this.dataSource.query(
          'UPDATE email_outbox SET sent_at = ?, last_error = NULL WHERE id = ?',
          [toSqlDateTime(new Date()), email.id],
        );
        sent++;
      } catch (error) {
        const backoff = Math.min(2 ** email.attempts * 30, 3600) * 1000;
        await this.dataSource.query(
          'UPDATE email_outbox SET last_error = ?, next_attempt_at = ? WHERE id = ?',
          [
            String((error as Error).message).slice(0, 500),
            toSqlDateTime(new Date(Date.now() + backoff)),
            email.id,
          ],
        );
        this.logger.warn({ emailId: email.id, err: error }, 'email delivery failed; will retry');
      }
    }
    return sent;
  }
}
