import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A temporary HOME whose `.peekaboo/credentials` the bench writes directly. */
export interface BenchHome {
  home: string;
  configDir: string;
  credentialsPath: string;
  /** Replaces the credentials file with these `KEY=value` lines (mode 0600). */
  writeCredentials(values: Record<string, string>): Promise<void>;
  cleanup(): Promise<void>;
}

export async function makeBenchHome(): Promise<BenchHome> {
  const home = await mkdtemp(join(tmpdir(), 'peekaboo-bench-'));
  const configDir = join(home, '.peekaboo');
  const credentialsPath = join(configDir, 'credentials');
  await mkdir(configDir, { mode: 0o700 });
  return {
    home,
    configDir,
    credentialsPath,
    writeCredentials: async (values) => {
      const lines = Object.entries(values).map(([key, value]) => `${key}=${value}\n`);
      await writeFile(credentialsPath, lines.join(''), { mode: 0o600 });
      // The mode of a write is ignored when the file already exists.
      await chmod(credentialsPath, 0o600);
    },
    cleanup: () => rm(home, { recursive: true, force: true }),
  };
}

/** Runs `task` with a fresh bench HOME and removes it afterwards, whatever happens. */
export async function withBenchHome<T>(task: (home: BenchHome) => Promise<T>): Promise<T> {
  const home = await makeBenchHome();
  try {
    return await task(home);
  } finally {
    await home.cleanup();
  }
}

/** One API key for each of the four providers. */
export const FOUR_API_KEYS: Record<string, string> = {
  OPENAI_API_KEY: 'sk-bench-openai-0123456789',
  ANTHROPIC_API_KEY: 'sk-ant-bench-0123456789',
  X_AI_API_KEY: 'xai-bench-0123456789',
  GEMINI_API_KEY: 'AIza-bench-0123456789',
};

/** OpenAI OAuth tokens that expire `inSeconds` from now (negative: already expired). */
export function openAiTokens(access: string, refresh: string, inSeconds: number) {
  return {
    OPENAI_ACCESS_TOKEN: access,
    OPENAI_REFRESH_TOKEN: refresh,
    OPENAI_ACCESS_EXPIRES: String(Math.floor(Date.now() / 1000) + inSeconds),
  };
}
