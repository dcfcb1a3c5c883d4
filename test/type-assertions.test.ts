// A ratchet on type assertions (`x as T`, not `as const`) in src/ and machines/: each one is a place where the
// compiler is told to stop checking, and they hid where the event contract disagreed with itself (issue 8).
// Counted with the TypeScript parser, so prose ("such as") and `import * as` do not count. The budget only
// goes down: when you remove assertions, lower it; a new one needs a reason stronger than convenience.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const BUDGET = 49;
const root = path.resolve(__dirname, '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Each type assertion in `source` as `line: text`. */
function assertionsIn(fileName: string, source: string): string[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    const isAs = ts.isAsExpression(node) || ts.isTypeAssertionExpression(node);
    const isConst = ts.isAsExpression(node) && ts.isTypeReferenceNode(node.type) && node.type.typeName.getText(sf) === 'const';
    if (isAs && !isConst) found.push(`${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${node.getText(sf).slice(0, 80)}`);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

test('the counter sees assertions, not `as const`, imports or prose', () => {
  const code =
    "import * as fs from 'fs';\n// such as this\nconst a = x as string;\nconst b = <number>y;\nconst c = [1] as const;\nconst d = z as unknown as T;\n";
  expect(assertionsIn('x.ts', code).map((s) => s.split(':')[0])).toEqual(['3', '4', '6', '6']);
});

test(`no more than ${BUDGET} type assertions in src/ and machines/`, () => {
  const all = ['src', 'machines'].flatMap((d) =>
    files(path.join(root, d)).flatMap((f) => assertionsIn(f, readFileSync(f, 'utf8')).map((a) => `${path.relative(root, f)}:${a}`)),
  );
  if (all.length > BUDGET) throw new Error(`${all.length} type assertions (budget ${BUDGET}):\n${all.join('\n')}`);
  expect(all.length).toBeLessThanOrEqual(BUDGET);
});
