import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { REPO_ROOT } from '../helpers/cli.js';

/** Exports of the package entry whose declaration carries no doc comment. */
function undocumentedExports(): string[] {
  const entry = join(REPO_ROOT, 'src', 'index.ts');
  const program = ts.createProgram([entry], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    noEmit: true,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  assert.ok(moduleSymbol, 'src/index.ts is a module');

  return checker
    .getExportsOfModule(moduleSymbol)
    .filter((exported) => {
      const symbol =
        exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      return ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() === '';
    })
    .map((exported) => exported.getName())
    .sort();
}

describe('the package entry', () => {
  it('has a doc comment on every export', () => {
    assert.deepEqual(undocumentedExports(), []);
  });
});
