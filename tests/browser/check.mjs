// Opens each page given on the command line in headless Chromium and prints, as JSON, what a
// reader would get: every image and whether it loaded, every request the page made, its text.
// The Rust test (tests/suite/report_browser.rs) asserts on this.
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const results = [];
for (const file of process.argv.slice(2)) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const requests = [];
  page.on("request", (r) => requests.push(r.url().slice(0, 200)));
  const failed = [];
  page.on("requestfailed", (r) => failed.push(r.url().slice(0, 200)));
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  const images = await page.evaluate(() =>
    [...document.images].map((i) => ({ alt: i.alt, complete: i.complete, width: i.naturalWidth, height: i.naturalHeight, data: i.src.startsWith("data:image/png;base64,") })));
  const text = await page.evaluate(() => document.body.innerText);
  const scripts = await page.evaluate(() => document.scripts.length);
  results.push({ file, images, requests, failed, text, scripts });
  await page.close();
}
await browser.close();
console.log(JSON.stringify(results));
