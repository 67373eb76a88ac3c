/** `in 3 hours`, `5 minutes ago`: an expiry in words for people. */
export function describeExpiry(expiresAt: number, now = Date.now() / 1000): string {
  const delta = expiresAt - now;
  const words = spell(Math.abs(delta));
  return delta >= 0 ? `expires in ${words}` : `expired ${words} ago`;
}

function spell(seconds: number): string {
  const units: Array<[string, number]> = [
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ];
  for (const [name, size] of units) {
    const count = Math.floor(seconds / size);
    if (count >= 1) return `${count} ${name}${count === 1 ? '' : 's'}`;
  }
  return 'less than a minute';
}
