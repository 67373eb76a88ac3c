import { logoutOAuth } from '../../auth/logout.js';
import { PeekabooUsageError } from '../../errors.js';
import { findProvider } from '../../providers/registry.js';
import { CredentialStore } from '../../store/credentials-store.js';
import type { CommandContext } from '../command.js';
import { parseTimeoutMs } from '../options.js';

/** `peekaboo config logout <provider>`: removes OAuth tokens and revokes the refresh token. */
export async function run({ positionals, values, output, env }: CommandContext): Promise<number> {
  const provider = findProvider(positionals[0] ?? '');
  if (!provider.oauth) {
    throw new PeekabooUsageError(`${provider.name} has no OAuth login to log out of`, {
      hint: `peekaboo config remove ${provider.id}`,
    });
  }
  const store = new CredentialStore({ env });
  const timeoutMs = parseTimeoutMs(values.timeout);
  const result = await logoutOAuth(store, provider, { env, timeoutMs });

  if (output.json) {
    output.result({
      provider: provider.id,
      removed: result.removed,
      revocation: result.revocation,
      ...(result.revokeError ? { revokeError: result.revokeError } : {}),
      accountSettingsUrl: result.accountSettingsUrl,
    });
  }
  if (result.removed.length === 0) {
    output.say(`Nothing to remove: no ${provider.name} OAuth tokens in ${store.path}`);
  } else {
    output.ok(`Removed ${result.removed.join(', ')} from ${store.path}`);
  }
  if (result.revocation === 'revoked') output.ok('Refresh token revoked at the provider');
  if (result.revocation === 'failed') {
    output.warn(`Could not revoke the refresh token at the provider: ${result.revokeError}`);
  }
  if (result.revocation === 'unsupported') {
    output.say(`${provider.name} offers no public revocation endpoint.`);
  }
  if (result.removed.length > 0 || result.revocation !== 'skipped') {
    output.say(`To revoke the grant entirely, visit ${result.accountSettingsUrl}`);
  }
  return 0;
}
