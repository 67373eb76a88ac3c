import { CredentialManager } from '../../auth/credential-manager.js';
import { PeekabooError, PeekabooUsageError } from '../../errors.js';
import { findProvider } from '../../providers/registry.js';
import type { ProviderDescriptor } from '../../providers/types.js';
import { analyzeImage } from '../../requests/analyze-image.js';
import { readImageFile } from '../../requests/image-file.js';
import { assertImageAccepted } from '../../requests/image-input.js';
import { resolveModel } from '../../requests/model.js';
import { ANALYZE_PROVIDER_ORDER, findConfiguredProvider } from '../../requests/pick-provider.js';
import { imageAcceptanceFor } from '../../requests/protocols/index.js';
import type { CommandContext } from '../command.js';
import { parseTimeoutMs } from '../options.js';

/**
 * `peekaboo analyze <image> [prompt]`: streams the provider's answer to stdout as it
 * arrives, or prints one JSON document at the end with `--json`. Every check of the
 * image and the arguments happens before anything is sent.
 */
export async function run({ positionals, values, output, env }: CommandContext): Promise<number> {
  const [path = '', prompt] = positionals;
  if (prompt !== undefined && prompt.trim() === '') {
    throw new PeekabooUsageError('the prompt is empty; leave it out to get a description');
  }
  const timeoutMs = parseTimeoutMs(values.timeout);
  const image = await readImageFile(path);
  const manager = new CredentialManager({ env, timeoutMs });
  const provider = chooseProvider(values.provider, manager);
  assertImageAccepted(image, imageAcceptanceFor(provider), path);
  const model = resolveModel(provider, { model: stringValue(values.model), env });

  let last = '';
  try {
    const result = await analyzeImage({
      provider,
      image,
      prompt,
      model,
      manager,
      env,
      idleTimeoutMs: timeoutMs,
      onText: output.json
        ? undefined
        : (piece) => {
            output.stdout(piece);
            if (piece !== '') last = piece;
          },
    });
    if (output.json) {
      output.result({ provider: result.provider, model, auth: result.auth, text: result.text });
    }
  } finally {
    if (last !== '' && !last.endsWith('\n')) output.stdout('\n');
  }
  return 0;
}

function chooseProvider(
  requested: string | boolean | undefined,
  manager: CredentialManager,
): ProviderDescriptor {
  if (typeof requested === 'string') return findProvider(requested);
  const found = findConfiguredProvider(manager);
  if (found) return found;
  throw new PeekabooError(
    'ERR_NOT_CONFIGURED',
    `no provider has a credential (looked for ${ANALYZE_PROVIDER_ORDER.join(', ')})`,
    { hint: "run 'peekaboo config login anthropic' or 'peekaboo config add <provider>'" },
  );
}

function stringValue(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
