import { WebmailDomains, webmailDomains } from '../../src/partners/webmail.policy';

describe('R-02 web-mail domains (shipped as data)', () => {
  test.each([
    'gmail.com',
    'GMAIL.COM',
    'googlemail.com',
    'yahoo.com',
    'yahoo.co.uk',
    'yahoo.com.br',
    'mail.yahoo.co.jp',
    'ymail.com',
    'icloud.com',
    'me.com',
    'mac.com',
    'aol.com',
    'aol.de',
    'outlook.com',
    'outlook.fr',
    'hotmail.fr',
    'hotmail.co.uk',
    'live.com',
    'live.com.mx',
    'msn.com',
    'gmx.de',
    'gmx.net',
    'mail.ru',
    'yandex.ru',
    'yandex.com.tr',
    'proton.me',
    'protonmail.com',
    'zoho.com',
    'qq.com',
    '163.com',
    'eu.163.com',
    'gmail.com.',
  ])('%s is web-mail', (domain) => {
    expect(webmailDomains.isWebmail(domain)).toBe(true);
  });

  test.each([
    'contoso.com',
    'northbridge.de',
    'acme.me',
    'gmailer.de',
    'outlook-consulting.com',
    'live.northbridge.example',
    'outlook.acme.de',
    'yahoo.company.example',
    'mymail.ru.example',
    'game.com',
    'macrosoft.example',
  ])('%s is a company domain', (domain) => {
    expect(webmailDomains.isWebmail(domain)).toBe(false);
  });

  test('the list is data: another list changes the answer without code', () => {
    const custom = new WebmailDomains({ domains: ['mail.example'], brands: ['webmailer'] });
    expect(custom.isWebmail('eu.mail.example')).toBe(true);
    expect(custom.isWebmail('webmailer.co.uk')).toBe(true);
    expect(custom.isWebmail('gmail.com')).toBe(false);
  });
});
