import { spawn } from 'node:child_process';

/**
 * Tries to open `url` in a browser: `$BROWSER` when set, else the platform's opener.
 * Resolves to false when nothing could start; a login goes on with the printed URL then.
 * The URL goes to the browser as an argument, never through a shell string.
 */
export function openBrowser(url: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const command = browserCommand(env);
  if (!command) return Promise.resolve(false);
  return new Promise((resolve) => {
    const child = spawn(command.file, [...command.args, url], {
      stdio: 'ignore',
      detached: true,
      env,
    });
    child.once('error', () => resolve(false));
    child.once('spawn', () => {
      child.unref();
      resolve(true);
    });
  });
}

function browserCommand(env: NodeJS.ProcessEnv): { file: string; args: string[] } | undefined {
  const browser = env.BROWSER?.trim();
  // $BROWSER may carry flags ("chromium --headless"); it runs through sh with the URL as $1.
  if (browser) return { file: '/bin/sh', args: ['-c', `${browser} "$1"`, 'peekaboo-browser'] };
  if (process.platform === 'darwin') return { file: 'open', args: [] };
  if (process.platform === 'win32') return { file: 'explorer.exe', args: [] };
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return undefined;
  return { file: 'xdg-open', args: [] };
}
