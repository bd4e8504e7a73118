// Loads one dependency-free TypeScript module into Node for a unit test, by
// transpiling it with the project's own TypeScript (no extra test tooling).
import fs from 'node:fs';
import ts from 'typescript';

export async function importTs(fileUrl) {
  const source = fs.readFileSync(fileUrl, 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    fileName: fileUrl.pathname,
  });
  return import(`data:text/javascript;base64,${Buffer.from(outputText).toString('base64')}`);
}
