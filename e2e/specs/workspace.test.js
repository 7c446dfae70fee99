// The Moeen desk workspace (/app/moeen) as an administrator: it settles without an uncaught error
// from its number cards and charts. Screenshot to e2e/screenshots/.
//
//   MOEEN_E2E_URL         the bench web server (default http://moeen-test.localhost:8000)
//   MOEEN_E2E_ADMIN_PASSWORD  the site's Administrator password (default admin, as scripts/run-tests makes it)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";

import { LoginPage } from "../pages/LoginPage.js";
import { SCREENSHOTS } from "../pages/BasePage.js";
import { BASE, launch } from "../support/browser.js";

let browser, page;
const errors = [];

before(async () => {
  browser = await launch();
  const context = await browser.newContext({ baseURL: BASE, viewport: { width: 1280, height: 900 }, locale: "en-US" });
  page = await context.newPage();
  page.on("pageerror", (e) => errors.push(`${e.message}\n${e.stack || ""}`));
  page.on("console", (m) => m.type() === "error" && errors.push(`console: ${m.text()}`));
  await page.goto(`${BASE}/login`);
  await new LoginPage(page, BASE).login("Administrator", process.env.MOEEN_E2E_ADMIN_PASSWORD || "admin");
});

after(async () => {
  await browser?.close();
});

test("the Moeen workspace settles without uncaught errors", async () => {
  const started = Date.now();
  await page.goto(`${BASE}/app/moeen`, { waitUntil: "networkidle" });
  await page.locator(".widget.number-widget-box .number").first().waitFor({ timeout: 30_000 });
  await page.locator(".widget.dashboard-widget-box").first().waitFor({ timeout: 30_000 });
  await page.waitForLoadState("networkidle");
  const settled = Date.now() - started;
  await page.screenshot({ path: `${SCREENSHOTS}/workspace-moeen.png`, fullPage: true });
  console.log(`# workspace settled in ${settled} ms`);
  const uncaught = errors.filter((e) => !e.startsWith("console:") || /removeChild|Uncaught/.test(e));
  assert.deepEqual(uncaught, [], errors.join("\n---\n"));
});
