import { loginWithOAuth } from '../../auth/login.js';
import { PeekabooError, PeekabooUsageError } from '../../errors.js';
import { findProvider } from '../../providers/registry.js';
import { CredentialStore } from '../../store/credentials-store.js';
import type { CommandContext } from '../command.js';
import { describeExpiry } from '../format-time.js';
import { openBrowser } from '../open-browser.js';
import { parseTimeoutMs } from '../options.js';
import { readPastedLine } from '../paste-prompt.js';

/** `peekaboo config login <openai|anthropic>`: OAuth sign-in with PKCE. */
export async function run({ positionals, values, output, env }: CommandContext): Promise<number> {
  const provider = findProvider(positionals[0] ?? '');
  if (!provider.oauth) {
    throw new PeekabooUsageError(
      `${provider.name} has no OAuth login; store an API key instead`,
      { hint: `peekaboo config add ${provider.id}` },
    );
  }
  const timeoutMs = parseTimeoutMs(values.timeout);
  const store = new CredentialStore({ env });
  const useBrowser = values['no-browser'] !== true;

  const result = await loginWithOAuth(
    store,
    provider,
    {
      onAuthorizationUrl: async (url) => {
        output.say(`Open this URL to sign in to ${provider.name}:\n\n  ${url.href}\n`);
        if (useBrowser && !(await openBrowser(url.href, env))) {
          output.say('(No browser could be opened; open the URL on any device.)');
        }
      },
      readPastedCode: (signal) =>
        readPastedLine('Paste the code, or the whole URL you were sent to: ', signal),
      onCallbackServerUnavailable: (reason) =>
        output.say(`Cannot listen for the browser (${reason}); paste the code instead.`),
    },
    // Opening the browser never waits for it, so the callback page can wait for the outcome.
    { env, timeoutMs, holdCallbackPage: true },
  ).catch((error: unknown) => {
    // Nothing was stored, so signing in again is always the way on.
    if (error instanceof PeekabooError && error.code !== 'ERR_ABORTED') {
      error.withHint(`peekaboo config login ${provider.id}`);
    }
    throw error;
  });

  if (output.json) {
    output.result({
      provider: provider.id,
      auth: 'oauth',
      expiresAt: result.expiresAt,
      credentialsPath: result.credentialsPath,
    });
  }
  output.ok(`OAuth tokens stored for ${provider.id}`);
  const expiry = describeExpiry(result.expiresAt);
  output.say(`The access token ${expiry}; peekaboo refreshes it when needed.`);
  const shadowing = provider.apiKeyNames.find((name) => env[name]?.trim());
  if (shadowing) {
    output.say(
      `note: ${shadowing} is set in the environment and takes precedence over these tokens; ` +
        `unset it with: unset ${shadowing}`,
    );
  }
  return 0;
}
