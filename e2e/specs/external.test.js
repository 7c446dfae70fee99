// An external beneficiary (a demo visitor, type External) on the Moeen portal, in a real Chromium:
// the catalog offers what is open to external users and not the internal-only services; opening an
// internal service's request form by its address is refused with a clear message (403), and so is a
// request posted straight to the portal API. Arabic, then English (remembered).
// Screenshots go to e2e/screenshots/ (external-*.png).
//
//   MOEEN_E2E_URL                                         the bench web server (see support/browser.js)
//   MOEEN_E2E_EXTERNAL_USER / MOEEN_E2E_EXTERNAL_PASSWORD (printed by e2e/prepare.py)
//   MOEEN_E2E_INTERNAL_SERVICE  an internal-only service (default SIS-001, "Electronic transcript…",
//                               students only)
//   MOEEN_E2E_EXTERNAL_SERVICE  a service open to external users (default NET-003, guest Wi-Fi)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";

import { HomePage } from "../pages/HomePage.js";
import { LoginPage } from "../pages/LoginPage.js";
import { RequestPage } from "../pages/RequestPage.js";
import { BASE, launch } from "../support/browser.js";

const USER = process.env.MOEEN_E2E_EXTERNAL_USER;
const PASSWORD = process.env.MOEEN_E2E_EXTERNAL_PASSWORD;
const INTERNAL = process.env.MOEEN_E2E_INTERNAL_SERVICE || "SIS-001";
const OPEN = process.env.MOEEN_E2E_EXTERNAL_SERVICE || "NET-003";
const REFUSED_AR = /غير مقدمة للمستفيدين من فئة من خارج الجامعة/;
const REFUSED_EN = /is not offered to External beneficiaries/;

let browser, context, page;

before(async () => {
  assert.ok(USER && PASSWORD,
    "set MOEEN_E2E_EXTERNAL_USER and MOEEN_E2E_EXTERNAL_PASSWORD (printed by e2e/prepare.py; see e2e/README.md)");
  browser = await launch();
  context = await browser.newContext({ baseURL: BASE, viewport: { width: 1280, height: 900 }, locale: "ar-SA" });
  page = await context.newPage();
});

after(async () => {
  if (page) {  // leave the demo visitor in Arabic for the next run
    await page.evaluate(() => window.moeen && window.moeen.call("set_language", { lang: "ar" })).catch(() => {});
  }
  await browser?.close();
});

test("an external visitor logs in and the catalog has no internal-only service", async () => {
  const home = new HomePage(page, BASE);
  await home.open();
  await new LoginPage(page, BASE).login(USER, PASSWORD);
  assert.match(new URL(page.url()).pathname, /^\/moeen\/?$/);
  await home.open("?lang=ar");
  assert.equal(await home.dir(), "rtl");
  assert.match(await home.lead(), /من خارج الجامعة/);
  const codes = await home.serviceCodes();
  assert.ok(codes.includes(OPEN), `${OPEN} in ${codes}`);
  assert.ok(!codes.includes(INTERNAL), `${INTERNAL} must not be offered: ${codes}`);
  await home.screenshot("external-01-catalog-ar");

  await home.search("وثيقة تخرج");  // searching does not bring it back either
  assert.ok(!(await home.serviceCodes()).includes(INTERNAL));
});

test("opening the internal service's form by its address is refused with a clear message (Arabic)", async () => {
  const request = new RequestPage(page, BASE);
  assert.equal(await request.open(INTERNAL), 403);
  assert.equal(await request.dir(), "rtl");
  assert.equal(await request.hasForm(), false);
  const message = await request.pageError();
  assert.match(message || "", REFUSED_AR);
  assert.match(message, /طلب وثيقة تخرج أو سجل أكاديمي إلكتروني/);
  await request.screenshot("external-02-refused-ar");

  // The form bypassed: the portal API refuses the request too, and no ticket is made.
  const answer = await request.requestThroughApi(INTERNAL, "وثيقة تخرج", "أحتاج إلى وثيقة التخرج.");
  assert.equal(answer.ok, false, `the API accepted the request: ticket ${answer.message}`);
  assert.match(answer.message, REFUSED_AR);
});

test("English: the same refusal, and the catalog without the internal service", async () => {
  const request = new RequestPage(page, BASE);
  assert.equal(await request.switchLanguage(), "en");
  assert.equal(await request.dir(), "ltr");
  assert.equal(await request.hasForm(), false);
  assert.match((await request.pageError()) || "", REFUSED_EN);
  assert.match(await request.pageError(), /Electronic transcript or graduation document/);
  await request.screenshot("external-03-refused-en");
  assert.equal(await request.open(INTERNAL), 403);  // reloaded: still refused, the language remembered
  assert.equal(await request.lang(), "en");

  const home = new HomePage(page, BASE);
  await home.open();
  assert.equal(await home.lang(), "en");
  const codes = await home.serviceCodes();
  assert.ok(codes.includes(OPEN) && !codes.includes(INTERNAL), `${codes}`);
  await home.screenshot("external-04-catalog-en");
});
