import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { CredentialStore } from '../../src/store/credentials-store.js';
import { makeTempHome, type TempHome } from '../helpers/cli.js';

// Written the way the Swift Peekaboo and Tachikoma write it: two comment lines, a blank
// line, the keys sorted, and no newline after the last one.
const SWIFT_FILE =
  '# Peekaboo credentials file\n' +
  '# This file contains sensitive API keys and should not be shared\n' +
  '\n' +
  'ANTHROPIC_API_KEY=sk-ant-swift-0001\n' +
  'GEMINI_API_KEY=gem-swift-0002\n' +
  'OPENAI_API_KEY=sk-swift-0003\n' +
  'X_AI_API_KEY=xai-swift-0004';

async function withSwiftFile(test: (home: TempHome) => Promise<void>): Promise<void> {
  const home = await makeTempHome();
  try {
    await mkdir(home.configDir, { mode: 0o700 });
    await writeFile(home.credentialsPath, SWIFT_FILE, { mode: 0o600 });
    await test(home);
  } finally {
    await home.cleanup();
  }
}

describe('files written by the Swift tools', () => {
  it('reads every key, the last one without a final newline included', async () => {
    await withSwiftFile(async (home) => {
      const values = new CredentialStore({ path: home.credentialsPath }).readSync();
      assert.deepEqual(Object.fromEntries(values), {
        ANTHROPIC_API_KEY: 'sk-ant-swift-0001',
        GEMINI_API_KEY: 'gem-swift-0002',
        OPENAI_API_KEY: 'sk-swift-0003',
        X_AI_API_KEY: 'xai-swift-0004',
      });
    });
  });

  it('shows all four providers as stored from their file keys', async () => {
    await withSwiftFile(async (home) => {
      const result = await home.run(['config', 'show', '--no-validate', '--json']);
      assert.equal(result.code, 0, result.stderr);
      const doc = JSON.parse(result.stdout) as {
        providers: Array<{ id: string; status: string; source: { key: string } }>;
        warnings: string[];
      };
      assert.deepEqual(
        doc.providers.map((p) => [p.id, p.status, p.source.key]),
        [
          ['openai', 'stored', 'OPENAI_API_KEY'],
          ['anthropic', 'stored', 'ANTHROPIC_API_KEY'],
          ['grok', 'stored', 'X_AI_API_KEY'],
          ['gemini', 'stored', 'GEMINI_API_KEY'],
        ],
      );
      assert.deepEqual(doc.warnings, []);
    });
  });

  it('changes a key in place and keeps the header, the order and no final newline', async () => {
    await withSwiftFile(async (home) => {
      const result = await home.run(['config', 'add', 'openai', '-', '--no-validate'], {
        input: 'sk-replaced-0005\n',
      });
      assert.equal(result.code, 0, result.stderr);
      const expected = SWIFT_FILE.replace('sk-swift-0003', 'sk-replaced-0005');
      assert.equal(await readFile(home.credentialsPath, 'utf8'), expected);
    });
  });

  it('adds a key after the last one without leaving a final newline', async () => {
    await withSwiftFile(async (home) => {
      await new CredentialStore({ path: home.credentialsPath }).write({ XAI_API_KEY: 'x-new' });
      const text = await readFile(home.credentialsPath, 'utf8');
      assert.equal(text, `${SWIFT_FILE}\nXAI_API_KEY=x-new`);
      const reread = new CredentialStore({ path: home.credentialsPath }).readSync();
      assert.equal(reread.get('X_AI_API_KEY'), 'xai-swift-0004');
      assert.equal(reread.get('XAI_API_KEY'), 'x-new');
    });
  });

  it('removes the last key without joining the lines around it', async () => {
    await withSwiftFile(async (home) => {
      const result = await home.run(['config', 'remove', 'grok']);
      assert.equal(result.code, 0, result.stderr);
      const text = await readFile(home.credentialsPath, 'utf8');
      assert.equal(text, SWIFT_FILE.replace('\nX_AI_API_KEY=xai-swift-0004', ''));
    });
  });
});
