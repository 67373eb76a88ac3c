import { createHash, randomBytes } from 'node:crypto';

/**
 * A fresh PKCE pair (RFC 7636, method S256). The verifier is 43 characters of base64url,
 * which is inside the unreserved alphabet and length range of RFC 7636 section 4.1.
 */
export function createPkcePair(): { codeVerifier: string; codeChallenge: string } {
  const codeVerifier = randomBytes(32).toString('base64url');
  return { codeVerifier, codeChallenge: computeCodeChallenge(codeVerifier) };
}

/** BASE64URL(SHA256(ASCII(verifier))), RFC 7636 section 4.2. */
export function computeCodeChallenge(codeVerifier: string): string {
  return createHash('sha256').update(codeVerifier, 'ascii').digest('base64url');
}

/**
 * A fresh `state` value (RFC 6749 section 10.12), drawn separately from the verifier so
 * that seeing one tells nothing about the other.
 */
export function createState(): string {
  return randomBytes(32).toString('base64url');
}
