/**
 * The layer boundaries (eslint.config.js, issue 13 part 6) refuse what they should. Each test plants
 * an import in a file of a layer (linted as text under that path, nothing written) and expects the
 * lint to refuse it, or, for what the layer may import, to let it pass. `npm run lint` checks the
 * real tree with the same configuration.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ESLint } from 'eslint';
import { ROOT } from '../helpers.ts';

const eslint = new ESLint({ cwd: ROOT });
const BOUNDARY_RULES = new Set([
  'import-x/no-restricted-paths',
  'no-restricted-imports',
  'import-x/no-unresolved',
]);

/** The boundary rules a file at `path` (relative to the repository) with `code` breaks. */
async function broken(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}/${path}` });
  assert.ok(result);
  const fatal = result.messages.filter((m) => m.fatal);
  assert.deepEqual(fatal, [], 'the planted code must parse');
  return result.messages.flatMap((m) => (m.ruleId && BOUNDARY_RULES.has(m.ruleId) ? [m.ruleId] : []));
}

const refused = async (path: string, code: string, rule: string) =>
  assert.deepEqual(await broken(path, code), [rule], `${path}: ${code}`);
const allowed = async (path: string, code: string) =>
  assert.deepEqual(await broken(path, code), [], `${path}: ${code}`);

describe('the core imports no I/O and no outer layer', () => {
  test('storage, server, adapters, report, CLI: refused however the path is written', async () => {
    await refused('src/core/planted.ts', "import '../storage/repo.ts';", 'import-x/no-restricted-paths');
    await refused(
      'src/core/rules/planted.ts',
      "import '../../server/app.ts';",
      'import-x/no-restricted-paths',
    );
    await refused(
      'src/core/planted.ts',
      "import '../core/../adapters/files.ts';",
      'import-x/no-restricted-paths',
    );
    await refused('src/core/planted.ts', "import '../report/index.ts';", 'import-x/no-restricted-paths');
    await refused('src/core/planted.ts', "import '../cli/main.ts';", 'import-x/no-restricted-paths');
  });

  test('I/O packages are refused, the core’s own modules are not', async () => {
    await refused(
      'src/core/planted.ts',
      "import { sql } from 'kysely';\nexport { sql };",
      'no-restricted-imports',
    );
    await refused('src/core/planted.ts', "import pg from 'pg';\nexport { pg };", 'no-restricted-imports');
    await refused(
      'src/core/planted.ts',
      "import { readFileSync } from 'node:fs';\nexport { readFileSync };",
      'no-restricted-imports',
    );
    await refused(
      'src/core/planted.ts',
      "import ExcelJS from 'exceljs';\nexport { ExcelJS };",
      'no-restricted-imports',
    );
    await allowed('src/core/planted.ts', "import { score } from './score.ts';\nexport { score };");
  });

  test('an import that does not resolve is refused (the path rule cannot skip it)', async () => {
    await refused('src/core/planted.ts', "import '../storage/no-such-file.ts';", 'import-x/no-unresolved');
  });
});

describe('adapters never import the server', () => {
  test('refused from any adapter', async () => {
    await refused('src/adapters/planted.ts', "import '../server/app.ts';", 'import-x/no-restricted-paths');
    await refused(
      'src/adapters/xlsx/planted.ts',
      "import '../../server/app.ts';",
      'import-x/no-restricted-paths',
    );
  });
});

describe('the report reads no files', () => {
  test('node:fs is refused in the report; the server is too', async () => {
    await refused(
      'src/report/model/planted.ts',
      "import { readFileSync } from 'node:fs';\nexport { readFileSync };",
      'no-restricted-imports',
    );
    await refused('src/report/planted.ts', "import '../server/app.ts';", 'import-x/no-restricted-paths');
    // The chart rasteriser's exception is by file: the report's other renderers stay covered.
    await refused(
      'src/report/render/docx.ts',
      "import { readFileSync } from 'node:fs';\nexport { readFileSync };",
      'no-restricted-imports',
    );
  });
});

describe('the web imports the core and the shared response types only', () => {
  test('server code is refused; the core and api-types.ts are allowed', async () => {
    await refused(
      'web/src/planted.tsx',
      "import '../../src/server/service.ts';",
      'import-x/no-restricted-paths',
    );
    await refused(
      'web/src/pages/planted.tsx',
      "import type { ConflictView } from '../../../src/server/merge-views.ts';\nexport type { ConflictView };",
      'import-x/no-restricted-paths',
    );
    await refused(
      'web/src/planted.tsx',
      "import '../../src/storage/repo.ts';",
      'import-x/no-restricted-paths',
    );
    await allowed(
      'web/src/planted.tsx',
      "import type { SaveResponse } from '../../src/server/api-types.ts';\nexport type { SaveResponse };",
    );
    await allowed(
      'web/src/planted.tsx',
      "import { score } from '../../src/core/score.ts';\nexport { score };",
    );
  });
});
