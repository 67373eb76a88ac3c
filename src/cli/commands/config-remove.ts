import { findProvider } from '../../providers/registry.js';
import { CredentialStore } from '../../store/credentials-store.js';
import type { CommandContext } from '../command.js';

/** `peekaboo config remove <provider>`: drops the provider's API keys, not its OAuth tokens. */
export async function run({ positionals, output, env }: CommandContext): Promise<number> {
  const provider = findProvider(positionals[0] ?? '');
  const store = new CredentialStore({ env });
  const { changes } = await store.update((current) => {
    const present = provider.apiKeyNames.filter((name) => current.has(name));
    if (present.length === 0) return undefined;
    return Object.fromEntries(present.map((key) => [key, undefined]));
  });
  const removed = Object.keys(changes ?? {});

  if (output.json) output.result({ provider: provider.id, removed, credentialsPath: store.path });
  if (removed.length === 0) {
    output.say(`Nothing to remove: no ${provider.name} API key in ${store.path}`);
  } else {
    output.ok(`Removed ${removed.join(', ')} from ${store.path}`);
  }
  const stillSet = provider.apiKeyNames.find((name) => env[name]?.trim());
  if (stillSet) {
    output.say(
      `note: ${stillSet} is still set in the environment; unset it with: unset ${stillSet}`,
    );
  }
  return 0;
}
