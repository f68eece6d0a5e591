// Reads BPMN files with bpmn-moddle (warnings fail) and lints them with
// bpmnlint's recommended rules (any report fails).
import fs from 'node:fs';
import BpmnModdle from 'bpmn-moddle';
import { Linter } from 'bpmnlint';
import NodeResolver from 'bpmnlint/lib/resolver/node-resolver.js';

const files = process.argv.slice(2);
const moddle = new BpmnModdle();
let failed = 0;
for (const f of files) {
  const xml = fs.readFileSync(f, 'utf8');
  const { rootElement, warnings } = await moddle.fromXML(xml);
  for (const w of warnings) { console.log(`${f}: bpmn-moddle: ${w.message}`); failed++; }
  // A fresh linter per file: rules keep state while they walk one document.
  const linter = new Linter({ config: { extends: 'bpmnlint:recommended' }, resolver: new NodeResolver() });
  const reports = await linter.lint(rootElement);
  for (const [rule, list] of Object.entries(reports)) {
    for (const r of list) {
      console.log(`${f}: bpmnlint ${rule} (${r.category}): ${r.id || ''} ${r.message}`);
      if (r.category === 'error' || r.category === 'warn') failed++;
    }
  }
}
console.log(`${files.length} files, ${failed} problems`);
process.exit(failed ? 1 : 0);
