// Parses a page's script as its report.html holds it: report.js with the page's own script
// (e.g. comparison.js) in place of its line "  /* offersim:page-script */"
// (reports/html_page.cpp). Compiles only; nothing runs. Exit code 1 on a syntax error.
//
// Usage: node check_page_script.cjs reports/web/report.js reports/web/PAGE.js
'use strict';
const fs = require('fs');
const vm = require('vm');

const [runtimePath, pagePath] = process.argv.slice(2);
const slot = '  /* offersim:page-script */\n';
const parts = fs.readFileSync(runtimePath, 'utf8').split(slot);
if (parts.length !== 2) {
  console.error(`${runtimePath} must hold the line ${JSON.stringify(slot)} once, not ${parts.length - 1} times`);
  process.exit(1);
}
const script = parts[0] + fs.readFileSync(pagePath, 'utf8') + parts[1];
try {
  new vm.Script(script, { filename: `${pagePath} inside ${runtimePath}` });
} catch (e) {
  console.error(`${pagePath} inside ${runtimePath}: ${e}`);
  process.exit(1);
}
console.log(`${pagePath} parses inside ${runtimePath}`);
