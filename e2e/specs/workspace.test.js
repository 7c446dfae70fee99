// The Moeen desk workspace (/app/moeen) as an administrator: it settles without an uncaught error
// from its number cards and charts. Screenshot to e2e/screenshots/.
//
//   MOEEN_E2E_URL         the bench web server (default http://moeen-test.localhost:8000)
//   MOEEN_E2E_ADMIN_PASSWORD  the site's Administrator password (default admin, as scripts/run-tests makes it)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";

import { LoginPage } from "../pages/LoginPage.js";
import { SCREENSHOTS } from "../pages/BasePage.js";
import { runBenchScript } from "../support/bench.js";
import { BASE, launch } from "../support/browser.js";

let browser, page;
const errors = [];

before(async () => {
  const { output, values } = runBenchScript("desk_ready.py");
  assert.equal(values.MOEEN_E2E_DESK, "ready", output);
  browser = await launch();
  const context = await browser.newContext({ baseURL: BASE, viewport: { width: 1280, height: 900 }, locale: "en-US" });
  page = await context.newPage();
  page.on("pageerror", (e) => errors.push(`${e.message}\n${e.stack || ""}`));
  page.on("console", (m) => m.type() === "error" && errors.push(`console: ${m.text()}`));
  await page.goto(`${BASE}/login`);
  await new LoginPage(page, BASE).login("Administrator", process.env.MOEEN_E2E_ADMIN_PASSWORD || "admin");
  await page.waitForLoadState("networkidle");  // the page the login lands on is done: not counted below
});

after(async () => {
  await browser?.close();
});

// Each API call of the page: method, what it asked for (a card's or chart's name), and how long it took.
const calls = [];
let loadStarted = 0;
function timeCalls(p) {
  p.on("requestfinished", (req) => {
    const url = new URL(req.url());
    if (!url.pathname.startsWith("/api/")) return;
    const t = req.timing();
    const body = req.postData() || "";
    const what = (body.match(/(?:chart_name|report_name|name|doc)=([^&]{0,80})/) || [])[1] || "";
    let label = what.replace(/\+/g, " ");
    try { label = decodeURIComponent(label); } catch { /* cut inside an escape: keep it raw */ }
    const query = url.searchParams.get("doctype") ? `${url.searchParams.get("doctype")} ${url.searchParams.get("name") || ""}` : "";
    calls.push({ method: url.pathname.replace("/api/method/", ""), what: (query || label).slice(0, 60), ms: Math.round(t.responseEnd),
                 at: Math.round(t.startTime - loadStarted) });
  });
}

function report(what, ms) {
  console.log(`# workspace ${what}: settled in ${ms} ms (incl. 1.5 s wait), ${calls.length} API calls`);
  // in the order they started: [start .. end] ms after the navigation began
  for (const c of [...calls].sort((a, b) => a.at - b.at)) {
    console.log(`#   ${String(c.at).padStart(5)} .. ${String(c.at + c.ms).padStart(5)}  ${c.method}  ${c.what}`);
  }
}

test("the Moeen workspace settles without uncaught errors", async () => {
  timeCalls(page);
  const started = Date.now();
  loadStarted = started;
  await page.goto(`${BASE}/app/moeen`, { waitUntil: "networkidle" });
  try {
    await page.locator(".widget.number-widget-box .number").first().waitFor({ timeout: 30_000 });
    // Every chart widget settled: its "Loading..." state (the body's first .chart-loading-state)
    // hidden, and a drawn chart or its "No Data" state shown; at least one chart drawn. (A bare
    // `.chart-loading-state` locator matches the first widget's Loading div, hidden once loaded.)
    await page.waitForFunction(() => {
      const shown = (el) => !!el && el.offsetParent !== null;
      const boxes = [...document.querySelectorAll(".widget.dashboard-widget-box")];
      const settled = boxes.every((box) => {
        const [loading, empty] = box.querySelectorAll(".chart-loading-state");
        return !shown(loading) && (shown(box.querySelector(".frappe-chart")) || shown(empty));
      });
      return boxes.length > 0 && settled && boxes.some((box) => shown(box.querySelector(".frappe-chart")));
    }, null, { timeout: 30_000 });
  } catch (e) {
    await page.screenshot({ path: `${SCREENSHOTS}/workspace-moeen-failed.png`, fullPage: true });
    throw new Error(`${e.message}\nat ${page.url()}\n${errors.join("\n---\n")}`);
  }
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(1500);  // late chart redraws (resize observers) after the data came
  const settled = Date.now() - started;
  await page.screenshot({ path: `${SCREENSHOTS}/workspace-moeen.png`, fullPage: true });
  report("first load", settled);
  // once more, the server warm (what an agent sees after the first visit)
  calls.length = 0;
  const again = Date.now();
  loadStarted = again;
  await page.reload({ waitUntil: "networkidle" });
  await page.locator(".widget.number-widget-box .number").first().waitFor({ timeout: 30_000 });
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(1500);
  report("reload", Date.now() - again);
  const uncaught = errors.filter((e) => !e.startsWith("console:") || /removeChild|Uncaught/.test(e));
  assert.deepEqual(uncaught, [], errors.join("\n---\n"));
});

test("resizing, leaving and coming back redraw the charts without errors", async () => {
  errors.length = 0;
  await page.setViewportSize({ width: 820, height: 900 });
  await page.waitForTimeout(800);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.waitForTimeout(800);
  await page.evaluate(() => frappe.set_route("app", "build"));
  await page.waitForTimeout(1000);
  await page.evaluate(() => frappe.set_route("app", "moeen"));
  await page.waitForLoadState("networkidle");
  await page.setViewportSize({ width: 1000, height: 900 });
  await page.waitForTimeout(1500);
  const uncaught = errors.filter((e) => !e.startsWith("console:") || /removeChild|Uncaught/.test(e));
  assert.deepEqual(uncaught, [], errors.join("\n---\n"));
});
