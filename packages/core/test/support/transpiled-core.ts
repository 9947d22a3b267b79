import { mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const coreFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Writes the core's source, as plain JavaScript (types stripped, nothing bundled), to
 * `outDir`, with its node_modules linked, and returns the folder. A plain `node` process can
 * then run the current source with no TypeScript loader registered, as a user's process runs
 * the published build: what it can import is Node's own doing.
 */
export async function transpileCoreSource(outDir: string): Promise<string> {
  const sourceFolder = path.join(coreFolder, 'src');
  // Declaration files (types of an untyped library) have no JavaScript to emit.
  const files = (await readdir(sourceFolder, { recursive: true })).filter((file) => file.endsWith('.ts') && !/\.(test|test-d|d)\.ts$/.test(file));
  for (const file of files) {
    const source = await readFile(path.join(sourceFolder, file), 'utf8');
    const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true }, fileName: file });
    const target = path.join(outDir, 'src', file.replace(/\.ts$/, '.js'));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, outputText);
  }
  await writeFile(path.join(outDir, 'package.json'), JSON.stringify({ name: '@mlops-ts/core', type: 'module', exports: './src/index.js' }));
  await symlink(path.join(coreFolder, 'node_modules'), path.join(outDir, 'node_modules'), 'dir');
  return path.join(outDir, 'src');
}
