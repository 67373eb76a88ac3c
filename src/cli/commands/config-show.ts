import { CredentialManager } from '../../auth/credential-manager.js';
import { checkProviderStatus, type ProviderStatus } from '../../auth/provider-status.js';
import { PROVIDERS } from '../../providers/registry.js';
import { CredentialStore, type CredentialValues } from '../../store/credentials-store.js';
import { inspectCredentialsFile } from '../../store/inspect.js';
import type { CommandContext } from '../command.js';
import { describeExpiry } from '../format-time.js';
import { formatSeconds, parseTimeoutMs } from '../options.js';
import type { Output } from '../output.js';

/** `peekaboo config show`: one line per provider, pings run concurrently. */
export async function run({ values, output, env }: CommandContext): Promise<number> {
  const timeoutMs = parseTimeoutMs(values.timeout);
  const validate = values['no-validate'] !== true;
  const store = new CredentialStore({ env });
  const warnings = await inspectCredentialsFile(store.path);
  let stored: CredentialValues;
  try {
    stored = store.readSync();
  } catch {
    // Already among the warnings; report every provider from the environment alone.
    stored = new Map();
  }
  const manager = new CredentialManager({ store, env, timeoutMs });
  const statuses = await Promise.all(
    PROVIDERS.map((provider) =>
      checkProviderStatus(provider, stored, {
        validate,
        timeoutMs,
        env,
        // An expired OAuth token is refreshed first, as a real request would.
        prepare: (credential, signal) =>
          credential.kind === 'oauth'
            ? manager.getCredential(credential.provider, { signal })
            : Promise.resolve(credential),
      }),
    ),
  );

  if (output.json) {
    output.result({
      providers: statuses.map(toJson),
      credentialsPath: store.path,
      warnings,
    });
  } else {
    for (const status of statuses) output.say(renderLine(status, output));
    if (values.verbose) {
      for (const s of statuses) if (s.detail) output.say(`${s.name} error: ${s.detail}`);
    }
    output.say(`Credentials file: ${store.path}`);
    for (const warning of warnings) output.warn(warning);
  }
  const failed = statuses.some((s) => s.status === 'stored' && validate);
  return failed ? 1 : 0;
}

function renderLine(status: ProviderStatus, output: Output): string {
  const head = `${status.name}: ${renderState(status, output)}`;
  if (status.status === 'missing') return `${head} · add one: peekaboo config add ${status.id}`;
  const parts = [describeSource(status)];
  if (status.expiresAt !== undefined) parts.push(describeExpiry(status.expiresAt));
  if (status.note) parts.push(status.note);
  for (const hidden of status.shadowed ?? []) {
    parts.push(`${status.source?.key} in the environment shadows ${hidden.key} in the file`);
  }
  return `${head} · ${parts.join('; ')}`;
}

function renderState(status: ProviderStatus, output: Output): string {
  if (status.status === 'ready') return output.paint('32', 'ready (validated)');
  if (status.status === 'missing') return 'missing';
  if (status.timedOutAfterMs !== undefined) {
    const after = formatSeconds(status.timedOutAfterMs);
    return output.paint('33', `stored (validation timed out after ${after}s)`);
  }
  if (status.reason) return output.paint('31', `stored (validation failed: ${status.reason})`);
  return 'stored';
}

function describeSource(status: ProviderStatus): string {
  const kind = status.auth === 'oauth' ? 'OAuth token' : 'API key';
  const where = status.source?.kind === 'env' ? 'environment' : 'file';
  return `${kind} from ${where} ${status.source?.key}`;
}

/** One provider in `--json`: exactly the fields the document lists. */
function toJson(status: ProviderStatus) {
  return {
    id: status.id,
    name: status.name,
    status: status.status,
    validated: status.validated,
    ...(status.reason ? { reason: status.reason } : {}),
    ...(status.timedOutAfterMs !== undefined
      ? { reason: `validation timed out after ${formatSeconds(status.timedOutAfterMs)}s` }
      : {}),
    ...(status.source ? { source: status.source } : {}),
    ...(status.auth ? { auth: status.auth } : {}),
    ...(status.expiresAt !== undefined ? { expiresAt: status.expiresAt } : {}),
  };
}
