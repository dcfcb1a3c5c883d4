// The house rules are a tool: the linter refuses code that breaks the layering. Each fixture is linted
// as if it stood where it would do harm, with the project's own ESLint configuration.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

/** Runs the project's ESLint (the CLI, with eslint.config.mjs) on the fixture as if it were at `filePath`. */
async function lintAs(fixture: string, filePath: string): Promise<string[]> {
  const code = readFileSync(path.join(root, 'test/lint-fixtures', fixture), 'utf8');
  const run = spawnSync(path.join(root, 'node_modules/.bin/eslint'), ['--stdin', '--stdin-filename', filePath, '--format', 'json'], {
    cwd: root,
    input: code,
    encoding: 'utf8',
  });
  const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string; message: string }[] }[];
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

test('a route module that imports an entity or another route module is refused', async () => {
  const messages = await lintAs('route-importing-an-entity.ts', 'src/http/routes/leaky.ts');
  expect(messages).toEqual([
    expect.stringMatching(/^no-restricted-imports: '..\/..\/store\/entities' .*Routes call services/),
    expect.stringMatching(/^no-restricted-imports: '.\/placements' .*Route modules do not import each other/),
  ]);
});

test('a machine module that does I/O or imports src/ is refused', async () => {
  const messages = await lintAs('machine-reading-the-clock.ts', 'machines/placement/impure.ts');
  expect(messages).toEqual([
    expect.stringMatching(/^no-restricted-imports: 'node:fs' .*machines\/ is pure/),
    expect.stringMatching(/^no-restricted-imports: '..\/..\/src\/store\/orm' .*machines\/ is pure/),
  ]);
});

test('the same code where it belongs (a test) is accepted', async () => {
  expect(await lintAs('route-importing-an-entity.ts', 'test/some.test.ts')).toEqual([]);
});
