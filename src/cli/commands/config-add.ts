import { validateCredential } from '../../auth/validate.js';
import { findProvider } from '../../providers/registry.js';
import { CredentialStore } from '../../store/credentials-store.js';
import type { CommandContext } from '../command.js';
import { formatSeconds, parseTimeoutMs } from '../options.js';
import { readSecret } from '../secret-input.js';

/** `peekaboo config add <provider> [secret]`: validate, then store whatever the result. */
export async function run({ positionals, values, output, env }: CommandContext): Promise<number> {
  const provider = findProvider(positionals[0] ?? '');
  const timeoutMs = parseTimeoutMs(values.timeout);
  const secret = await readSecret(positionals[1], `${provider.name} API key (hidden): `);
  const store = new CredentialStore({ env });
  const credential = {
    provider,
    kind: 'api-key' as const,
    secret,
    source: { kind: 'file' as const, key: provider.apiKeyKey },
    shadowed: [],
  };

  // Validation comes first so that an unsafe base URL is refused before anything is written.
  const result = values['no-validate']
    ? undefined
    : await validateCredential(credential, { timeoutMs, env });
  await store.write({ [provider.apiKeyKey]: secret });

  const shadowing = provider.apiKeyNames.find((name) => env[name]?.trim());
  const document = {
    provider: provider.id,
    key: provider.apiKeyKey,
    credentialsPath: store.path,
    validated: result?.status === 'valid',
    status: result === undefined ? 'stored' : result.status,
    ...(result?.status === 'invalid' ? { reason: result.reason } : {}),
  };
  if (output.json) output.result(document);

  if (result === undefined) output.ok(`Stored ${provider.name} credential (not validated)`);
  else if (result.status === 'valid') {
    output.ok(`Stored and validated ${provider.name} credential`);
  } else if (result.status === 'timeout') {
    output.warn(
      `Stored credential but validation timed out after ${formatSeconds(result.timeoutMs)}s`,
    );
  } else output.warn(`Stored credential but validation failed: ${result.reason}`);
  if (shadowing) {
    output.say(
      `note: ${shadowing} is set in the environment and takes precedence over the stored key; ` +
        `unset it with: unset ${shadowing}`,
    );
  }
  return result === undefined || result.status === 'valid' ? 0 : 1;
}
