/** The claim namespace OpenAI puts ChatGPT account details under in its access tokens. */
const OPENAI_AUTH_CLAIM = 'https://api.openai.com/auth';

/**
 * Reads `chatgpt_account_id` from a ChatGPT access token (a JWT) without verifying it:
 * the provider verifies its own token; this only picks the header value it also needs.
 * Returns `undefined` for an opaque token or one without the claim.
 */
export function readChatGptAccountId(accessToken: string): string | undefined {
  const payload = accessToken.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    const auth = (claims as Record<string, unknown> | null)?.[OPENAI_AUTH_CLAIM];
    const id = (auth as Record<string, unknown> | undefined)?.chatgpt_account_id;
    return typeof id === 'string' && id !== '' ? id : undefined;
  } catch {
    return undefined;
  }
}
