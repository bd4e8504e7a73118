// Loads a TypeScript module into Node for a unit test, by transpiling it with the
// project's own TypeScript (no extra test tooling). Relative imports of other
// TypeScript modules (`./datePresets`) are transpiled and inlined the same way;
// the modules loaded must not import packages.
import fs from 'node:fs';
import ts from 'typescript';

function dataUrl(fileUrl) {
  const source = fs.readFileSync(fileUrl, 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    fileName: fileUrl.pathname,
  });
  const linked = outputText.replace(/from '(\.{1,2}\/[^']+)'/g, (_m, rel) => `from '${dataUrl(new URL(`${rel}.ts`, fileUrl))}'`);
  return `data:text/javascript;base64,${Buffer.from(linked).toString('base64')}`;
}

export async function importTs(fileUrl) {
  return import(dataUrl(fileUrl));
}
