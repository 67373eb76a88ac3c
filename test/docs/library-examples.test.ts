import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers/cli.js';

/** The ```ts blocks of a Markdown file, in order. */
function tsBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? '');
}

describe('docs/library.md', () => {
  it('has examples that type-check against the package entry', async () => {
    const markdown = await readFile(join(REPO_ROOT, 'docs', 'library.md'), 'utf8');
    const blocks = tsBlocks(markdown);
    assert.ok(blocks.length >= 8, `found ${blocks.length} ts blocks`);

    const dir = await mkdtemp(join(tmpdir(), 'peekaboo-docs-'));
    try {
      // Each block is its own ES module, importing the package by its published name.
      await writeFile(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
      for (const [index, block] of blocks.entries()) {
        await writeFile(join(dir, `example-${String(index + 1).padStart(2, '0')}.ts`), block);
      }
      const compilerOptions = {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        lib: ['ES2023'],
        types: ['node'],
        typeRoots: [join(REPO_ROOT, 'node_modules', '@types')],
        strict: true,
        noUncheckedIndexedAccess: true,
        verbatimModuleSyntax: true,
        isolatedModules: true,
        skipLibCheck: true,
        noEmit: true,
        paths: { 'peekaboo-credentials': [join(REPO_ROOT, 'src', 'index.ts')] },
      };
      await writeFile(
        join(dir, 'tsconfig.json'),
        JSON.stringify({ compilerOptions, include: ['*.ts'] }),
      );

      const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
      const result = spawnSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], {
        encoding: 'utf8',
      });
      assert.equal(result.status, 0, `tsc found problems:\n${result.stdout}${result.stderr}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
