/** The short page the browser shows after the redirect to the loopback callback server. */
export function renderCallbackPage(outcome: { ok: boolean; detail?: string }): string {
  const title = outcome.ok ? 'Signed in to peekaboo' : 'peekaboo sign-in failed';
  const lead = outcome.ok
    ? 'You can close this tab and go back to the terminal.'
    : 'Go back to the terminal for details, then try again.';
  const detail = outcome.detail ? `<p>${escapeHtml(outcome.detail)}</p>` : '';
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    `<title>${title}</title></head>` +
    `<body><h1>${title}</h1><p>${lead}</p>${detail}</body></html>\n`
  );
}

/** Escapes the five characters that matter in HTML text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
