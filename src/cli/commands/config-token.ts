import { CredentialManager } from '../../auth/credential-manager.js';
import { findProvider } from '../../providers/registry.js';
import type { CommandContext } from '../command.js';
import { parseTimeoutMs } from '../options.js';

/**
 * `peekaboo config token <provider>`: prints the credential a request would use now,
 * refreshing first when needed. The only command whose job is to print a secret.
 */
export async function run({ positionals, values, output, env }: CommandContext): Promise<number> {
  const provider = findProvider(positionals[0] ?? '');
  const manager = new CredentialManager({ env, timeoutMs: parseTimeoutMs(values.timeout) });
  const credential = await manager.getCredential(provider);
  if (output.json) {
    output.result({
      provider: provider.id,
      kind: credential.kind,
      source: credential.source,
      token: credential.secret,
      ...(credential.expiresAt !== undefined ? { expiresAt: credential.expiresAt } : {}),
    });
  } else {
    output.stdout(`${credential.secret}\n`);
  }
  return 0;
}
