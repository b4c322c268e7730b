// Runs DAISY Ace over many EPUBs in one Node process with one browser.
// ace-cli checks one EPUB per process and starts and stops Chromium for each; for a
// batch that start-up dominates. This driver loads @daisy/ace-core once, keeps the
// puppeteer axe runner's browser open across books, and prints one JSON line per EPUB:
//   {"file": "...", "report": ".../report.json"}  or  {"file": "...", "error": "..."}
// Usage: node ace-batch.js NODE_MODULES_DIR OUTDIR EPUB...
'use strict';
const path = require('path');

const modules = process.argv[2];
const outdir = process.argv[3];
const books = process.argv.slice(4);
const need = (name) => require(path.join(modules, name));

const logger = need('@daisy/ace-logger');
const ace = need('@daisy/ace-core');
const runner = need('@daisy/ace-axe-runner-puppeteer');

logger.initLogger({ verbose: false, silent: true, fileName: 'ace-batch.log' });

let launched = false;
const shared = Object.assign({}, runner, {
  launch: async function () {
    if (!launched) {
      await runner.launch();
      launched = true;
    }
  },
  close: async function () {},
});

(async () => {
  for (let i = 0; i < books.length; i++) {
    const book = books[i];
    const dir = path.join(outdir, String(i));
    try {
      await ace(book, {
        cwd: process.cwd(),
        outdir: dir,
        verbose: false,
        silent: true,
        jobId: '',
        lang: 'en',
      }, shared);
      process.stdout.write(JSON.stringify({ file: book, report: path.join(dir, 'report.json') }) + '\n');
    } catch (err) {
      process.stdout.write(JSON.stringify({ file: book, error: String((err && err.message) || err) }) + '\n');
    }
  }
  if (launched) await runner.close();
  process.exit(0);
})();
