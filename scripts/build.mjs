// Builds dist/: the command line as one CommonJS bundle, the library as one ES module, and
// type declarations. Files are overwritten in place rather than the folder being deleted
// first, so a CLI already running from dist/ keeps working during a rebuild.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  define: { PEEKABOO_VERSION: JSON.stringify(pkg.version) },
  logLevel: 'warning',
};

// The command line is one CommonJS file: Node loads it faster than a graph of ES modules,
// and each command's code still runs only when that command does.
await build({
  ...common,
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli.cjs',
  format: 'cjs',
});

// The library stays ESM for the programs that import it.
await build({
  ...common,
  entryPoints: ['src/index.ts'],
  outfile: 'dist/index.js',
  format: 'esm',
});

if (!process.argv.includes('--no-types')) {
  const tsc = 'node_modules/typescript/bin/tsc';
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
