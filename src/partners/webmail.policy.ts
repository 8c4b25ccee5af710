import data from './webmail-domains.json';
import { RuleViolation, UserErrorCode } from '../core/user-error';

/**
 * Country variants under which web-mail brands register: `fr`, `com`, `co.uk`, `com.br`,
 * `ne.jp`. A company domain such as `live-events.com` or `outlook.acme.de` is not one.
 */
const COUNTRY_VARIANT = /^(?:[a-z]{2,3}|(?:co|com|net|org|ne|or)\.[a-z]{2})$/;

/** The list of R-02, shipped as data (webmail-domains.json), indexed once. */
export class WebmailDomains {
  private readonly domains: ReadonlySet<string>;
  private readonly brands: ReadonlySet<string>;

  constructor(source: { domains: string[]; brands: string[] } = data) {
    this.domains = new Set(source.domains.map((d) => d.toLowerCase()));
    this.brands = new Set(source.brands.map((b) => b.toLowerCase()));
  }

  /** Whether a domain (e.g. `mail.yahoo.co.uk`) belongs to a web-mail service. */
  isWebmail(domain: string): boolean {
    const labels = domain.toLowerCase().replace(/\.$/, '').split('.');
    for (let i = 0; i < labels.length; i++) {
      if (this.domains.has(labels.slice(i).join('.'))) return true;
      const suffix = labels.slice(i + 1).join('.');
      if (this.brands.has(labels[i]) && COUNTRY_VARIANT.test(suffix)) return true;
    }
    return false;
  }
}

export const webmailDomains = new WebmailDomains();

/**
 * the primary contact's email must belong to the company, not to a web-mail service
 * (gmail, yahoo, icloud/me/mac, aol, outlook/hotmail/live/msn and the like):
 * WEBMAIL_NOT_ALLOWED.
 */
export function assertCompanyEmail(email: string, field: string): void {
  const domain = email.slice(email.lastIndexOf('@') + 1);
  if (webmailDomains.isWebmail(domain)) {
    throw new RuleViolation(
      UserErrorCode.WEBMAIL_NOT_ALLOWED,
      `${domain} is a web-mail service; the primary contact needs an address at your company's own domain.`,
      field,
    );
  }
}
