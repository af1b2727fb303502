// Prints an Ace by DAISY report.json as plain lines for tests/e2e/test_ace.cpp (which has no JSON
// parser): "revision<TAB>VERSION", "outcome<TAB>pass|fail", then one line per finding:
// "finding<TAB>IMPACT<TAB>RULE<TAB>FILE<TAB>LOCATIONS<TAB>DESCRIPTION".
'use strict';
const fs = require('fs');

const report = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const flat = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();
const lines = [];
lines.push(`revision\t${report['earl:assertedBy']['doap:release']['doap:revision']}`);
lines.push(`outcome\t${report['earl:result']['earl:outcome']}`);
for (const doc of report.assertions ?? []) {
  const file = doc['earl:testSubject']?.url ?? '?';
  for (const a of doc.assertions ?? []) {
    const test = a['earl:test'] ?? {};
    const result = a['earl:result'] ?? {};
    const pointer = result['earl:pointer'] ?? {};
    const where = (pointer.css ?? pointer.cfi ?? []).join(' ');
    lines.push(['finding', test['earl:impact'], test['dct:title'], file, flat(where),
                flat(result['dct:description'])].join('\t'));
  }
}
process.stdout.write(lines.join('\n') + '\n');
