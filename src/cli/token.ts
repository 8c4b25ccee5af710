import 'reflect-metadata';
import { loadConfig } from '../config/config';
import { createDataSource } from '../entry/data-source';
import { TokenService } from '../identity/tokens';
import { User } from '../identity/user.entity';
import { Organization } from '../organizations/organization.entity';

/** `npm run token -- <email>`: prints a bearer token for a seeded user, ready for Sandbox. */
async function main(): Promise<void> {
  const email = process.argv[2];
  if (!email) {
    process.stderr.write('usage: npm run token -- <email>   (the README lists the demo users)\n');
    process.exit(2);
  }
  const config = loadConfig();
  const tokens = new TokenService(config.auth);
  if (!tokens.canSign) {
    process.stderr.write(
      'Tokens are verified against JWT_JWKS_URL here; mint them with your identity provider.\n',
    );
    process.exit(2);
  }
  const dataSource = createDataSource(config.database);
  await dataSource.initialize();
  try {
    const user = await dataSource
      .getRepository(User)
      .findOne({ where: { email: email.toLowerCase() } });
    if (!user) {
      process.stderr.write(
        `No user with email ${email}. Start the server once (it seeds the demo data) or run npm run seed.\n`,
      );
      process.exit(1);
    }
    const org = await dataSource
      .getRepository(Organization)
      .findOneOrFail({ where: { id: user.organizationId } });
    const token = await tokens.sign({
      userId: user.id,
      organizationId: org.id,
      organizationType: org.type,
      roles: user.roles,
    });
    if (process.stdout.isTTY) {
      process.stderr.write(
        `Token for ${user.displayName} (${user.roles.join(', ')}) of ${org.name}; paste into Sandbox's headers:\n`,
      );
      process.stdout.write(`Authorization: Bearer ${token}\n`);
    } else {
      process.stdout.write(`${token}\n`);
    }
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
