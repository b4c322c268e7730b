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
//   no process start and the injected axe and Ace scripts compile from V8's cache.
// The output lines keep the order of the books on the command line.
'use strict';
const path = require('path');

const modules = process.argv[2];
const outdir = process.argv[3];
const books = process.argv.slice(4);
const need = (name) => require(path.join(modules, name));

// The runner launches Chromium through this puppeteer module: keep the browser it returns.
const puppeteer = need('puppeteer');
const launchPuppeteer = puppeteer.launch.bind(puppeteer);
let browser = null;
puppeteer.launch = async (options) => {
  browser = await launchPuppeteer(options);
  return browser;
};

const logger = need('@daisy/ace-logger');
const ace = need('@daisy/ace-core');
const runner = need('@daisy/ace-axe-runner-puppeteer');
const utils = need('@daisy/puppeteer-utils');

logger.initLogger({ verbose: false, silent: true, fileName: 'ace-batch.log' });

const concurrency = Math.max(1, parseInt(process.env.ACE_BATCH_CONCURRENCY || '2', 10) || 1);
const newTabs = process.env.ACE_BATCH_NEW_TABS === '1';

// --- A pool of tabs, each set up as the runner sets up its new tabs.
const idle = [];

async function openTab() {
  const page = await browser.newPage();
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = request.url();
    if (url && /^https?:\/\//.test(url)) {
      request.abort();
      return;
    }
    // As the runner does: (X)HTML files are served as XHTML.
    if (request.resourceType() === 'document' && url && /^file:\//.test(url) && /\.html?$/.test(url)) {
      require('fs').readFile(new URL(url), 'utf8', (err, xhtml) => {
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

// The runner's run(), in a reused tab: load the document, add Ace's scripts, run Ace's axe.
async function runInTab(url, scripts, scriptContents) {
  const page = idle.pop() || (await openTab());
  let results;
  try {
    await page.goto(url);
    await utils.addScriptContents(scriptContents, page);
    await utils.addScripts(scripts, page);
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
  idle.push(page);
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
