// Runs DAISY Ace over many EPUBs in one Node process with one browser.
// ace-cli checks one EPUB per process and starts and stops Chromium for each; for a
// batch that start-up dominates. This driver loads @daisy/ace-core once, keeps the
// puppeteer axe runner's browser open across books, and prints one JSON line per EPUB:
//   {"file": "...", "report": ".../report.json"}  or  {"file": "...", "error": "..."}
// Usage: node ace-batch.js NODE_MODULES_DIR OUTDIR EPUB...
//
// Two more savings, neither of which changes what Ace checks or reports:
// - Books are checked a few at a time (ACE_BATCH_CONCURRENCY, default 2): each ace() call
//   has its own temporary folder and report, and shares only the browser. While one book is
//   unzipped, parsed or written out, another is in the browser.
// - Content documents are checked in a pool of reused tabs rather than a new tab each
//   (ACE_BATCH_NEW_TABS=1 restores the runner's own new-tab-per-document): navigating a tab
//   replaces its document and scripts, but keeps its renderer process, so a document costs
//   no process start.
// - Ace's scripts (its axe build, 1.3 MB, and its own two) are given to each tab once, as
//   scripts to evaluate in every new document, in the runner's order, rather than added as
//   <script> elements after each load. The same sources in the same renderer then compile
//   once: the injection was 40% of the browser's time per document. The scripts only define
//   functions (window.axe, window.daisy.ace), which Ace calls after the document has
//   loaded, exactly as before; the report is the same (tested), except that no Ace <script>
//   elements are left in the document for Ace's own extraction to skip.
// - Chromium's headless shell, when that is the Chromium publish found, runs as one.
// - Chromium gets the flags publish uses for every headless Chromium on a closed network
//   (ACE_CHROMIUM_ARGS, a JSON list, added to the runner's): no background networking,
//   component updates, QUIC or sync, and no GPU.
// The output lines keep the order of the books on the command line.
'use strict';
const fs = require('fs');
const path = require('path');

const modules = process.argv[2];
const outdir = process.argv[3];
const books = process.argv.slice(4);
const need = (name) => require(path.join(modules, name));

// The runner launches Chromium through this puppeteer module: keep the browser it returns.
const puppeteer = need('puppeteer');
const launchPuppeteer = puppeteer.launch.bind(puppeteer);
let browser = null;
const extraArgs = JSON.parse(process.env.ACE_CHROMIUM_ARGS || '[]');
// Chromium's headless shell is told it is one (`--headless`, not the full browser's
// `--headless=new`), as puppeteer's own headless: 'shell' does.
const executable = process.env.PUPPETEER_EXECUTABLE_PATH || '';
const shell = /headless[-_]shell$/.test(path.basename(executable));
puppeteer.launch = async (options) => {
  const args = (options.args || []).concat(extraArgs.filter((a) => !(options.args || []).includes(a)));
  const headless = shell && options.headless !== false ? { headless: 'shell' } : {};
  browser = await launchPuppeteer(Object.assign({}, options, { args }, headless));
  return browser;
};

// Ace compiles its HTML report's template (handlebars) again for every book: 1.3 CPU s
// per 30 books. The template text is the same each time, so each text is compiled once
// (ACE_BATCH_COMPILE_EACH=1 restores compiling per book). The compiled template looks up
// its helpers, which Ace registers again for each book's figures, when it is applied, so
// every report is the same as before.
if (process.env.ACE_BATCH_COMPILE_EACH !== '1') {
  const reportLib = path.dirname(require.resolve(path.join(modules, '@daisy/ace-report')));
  const handlebars = require(require.resolve('handlebars', { paths: [reportLib] }));
  const compile = handlebars.compile.bind(handlebars);
  const compiled = new Map();
  handlebars.compile = (input, options) => {
    if (typeof input !== 'string' || options !== undefined) return compile(input, options);
    if (!compiled.has(input)) compiled.set(input, compile(input));
    return compiled.get(input);
  };
}

const logger = need('@daisy/ace-logger');
const ace = need('@daisy/ace-core');
const runner = need('@daisy/ace-axe-runner-puppeteer');

logger.initLogger({ verbose: false, silent: true, fileName: 'ace-batch.log' });

const concurrency = Math.max(1, parseInt(process.env.ACE_BATCH_CONCURRENCY || '2', 10) || 1);
const newTabs = process.env.ACE_BATCH_NEW_TABS === '1';

// --- Pools of tabs, each set up as the runner sets up its new tabs, one pool per set of
// scripts (Ace passes the same set for every document in one language; publish runs Ace
// in English, so there is one pool).
const idle = new Map();
const sources = new Map();

function source(file) {
  if (!sources.has(file)) {
    // As puppeteer's addScriptTag({path}) names it, for stack traces.
    sources.set(file, fs.readFileSync(file, 'utf8') + `\n//# sourceURL=${file.replace(/\n/g, '')}`);
  }
  return sources.get(file);
}

async function openTab(scripts, scriptContents) {
  const page = await browser.newPage();
  // In the order the runner adds them: the contents (settings), then the files.
  for (const content of scriptContents) await page.evaluateOnNewDocument(content);
  for (const file of scripts) await page.evaluateOnNewDocument(source(file));
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = request.url();
    if (url && /^https?:\/\//.test(url)) {
      request.abort();
      return;
    }
    // As the runner does: (X)HTML files are served as XHTML.
    if (request.resourceType() === 'document' && url && /^file:\//.test(url) && /\.html?$/.test(url)) {
      fs.readFile(new URL(url), 'utf8', (err, xhtml) => {
        if (err) {
          request.continue();
          return;
        }
        request.respond({ status: 200, contentType: 'application/xhtml+xml', body: xhtml });
      });
      return;
    }
    request.continue();
  });
  return page;
}

// The runner's run(), in a reused tab: load the document (Ace's scripts are evaluated in
// it as it starts), then run Ace's axe.
async function runInTab(url, scripts, scriptContents) {
  const key = JSON.stringify([scripts, scriptContents]);
  if (!idle.has(key)) idle.set(key, []);
  const pool = idle.get(key);
  const page = pool.pop() || (await openTab(scripts, scriptContents));
  let results;
  try {
    await page.goto(url);
    results = await page.evaluate(() => new Promise((resolve, reject) => {
      try {
        window.tryAceAxe = () => {
          if (!window.daisy || !window.daisy.ace || !window.daisy.ace.run || !window.daisy.ace.createReport || !window.axe) {
            window.tryAceAxeN++;
            if (window.tryAceAxeN < 15) {
              setTimeout(window.tryAceAxe, 400);
              return;
            }
            reject('window.tryAceAxe ' + window.tryAceAxeN);
            return;
          }
          window.daisy.ace.run((err, res) => {
            if (err) {
              reject(err);
              return;
            }
            resolve(res);
          });
        };
        window.tryAceAxeN = 0;
        window.tryAceAxe();
      } catch (exc) {
        reject(exc);
      }
    }));
  } catch (err) {
    try {
      await page.close();
    } catch (_e) {
      // gone already
    }
    throw err;
  }
  pool.push(page);
  return results;
}

let launched = false;
const shared = Object.assign({}, runner, {
  launch: async function () {
    if (!launched) {
      await runner.launch();
      launched = true;
    }
  },
  close: async function () {},
  run: newTabs ? runner.run : runInTab,
});

async function check(i) {
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
    return JSON.stringify({ file: book, report: path.join(dir, 'report.json') });
  } catch (err) {
    return JSON.stringify({ file: book, error: String((err && err.message) || err) });
  }
}

(async () => {
  // Launch the browser once, before the books ask for it at the same time. (If it fails
  // here, each book tries again and reports the failure in its own line.)
  if (books.length) {
    try {
      await shared.launch();
    } catch (err) {
      // reported per book
    }
  }
  const lines = new Array(books.length);
  let printed = 0;
  let next = 0;
  async function worker() {
    while (next < books.length) {
      const i = next++;
      lines[i] = await check(i);
      while (printed < books.length && lines[printed] !== undefined) {
        process.stdout.write(lines[printed] + '\n');
        printed++;
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, books.length) }, worker));
  if (launched) await runner.close();
  process.exit(0);
})();
