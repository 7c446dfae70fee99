// The Moeen portal as a student uses it, in a real Chromium: log in, browse and search the catalog,
// request a service with an attachment, see the ticket with its due time, reply, switch to English.
// Screenshots (Arabic and English, desktop and mobile) go to e2e/screenshots/.
//
//   MOEEN_E2E_URL   the bench web server, by the site's name (default http://moeen-test.localhost:8000;
//                   Chromium resolves *.localhost to the loopback address)
//   MOEEN_E2E_USER / MOEEN_E2E_PASSWORD             (printed by e2e/prepare.py)
//   MOEEN_E2E_SERVICE                               (default IAM-001, "Password reset")
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

import { SCREENSHOTS } from "../pages/BasePage.js";
import { HomePage } from "../pages/HomePage.js";
import { LoginPage } from "../pages/LoginPage.js";
import { RequestPage } from "../pages/RequestPage.js";
import { TicketPage } from "../pages/TicketPage.js";
import { TicketsPage } from "../pages/TicketsPage.js";

const BASE = process.env.MOEEN_E2E_URL || "http://moeen-test.localhost:8000";
const USER = process.env.MOEEN_E2E_USER;
const PASSWORD = process.env.MOEEN_E2E_PASSWORD;
const SERVICE = process.env.MOEEN_E2E_SERVICE || "IAM-001";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run"];

let browser, context, page, mobile;
const state = {};

before(async () => {
  assert.ok(USER && PASSWORD, "set MOEEN_E2E_USER and MOEEN_E2E_PASSWORD (see e2e/README.md)");
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ARGS });
  context = await browser.newContext({
    baseURL: BASE, viewport: { width: 1280, height: 900 }, locale: "ar-SA",
  });
  page = await context.newPage();
});

after(async () => {
  if (page) {  // leave the demo student in Arabic for the next run
    await page.evaluate(() => window.moeen && window.moeen.call("set_language", { lang: "ar" })).catch(() => {});
  }
  await browser?.close();
});

test("a guest is sent to the login page and comes back to the portal", async () => {
  const home = new HomePage(page, BASE);
  await home.open();
  assert.match(page.url(), /\/login\?redirect-to=%2Fmoeen/);
  await new LoginPage(page, BASE).login(USER, PASSWORD);
  assert.match(new URL(page.url()).pathname, /^\/moeen\/?$/);
});

test("the catalog is Arabic by default, right to left, with times in words and the contact center", async () => {
  const home = new HomePage(page, BASE);
  await home.open("?lang=ar");
  assert.equal(await home.dir(), "rtl");
  assert.equal(await home.lang(), "ar");
  const codes = await home.serviceCodes();
  assert.ok(codes.includes(SERVICE), `${SERVICE} in ${codes}`);
  const times = (await home.times(SERVICE)).join(" | ");
  assert.match(times, /خلال/);
  const contact = await home.contactCenter();
  assert.equal(contact.phone, "0114675557");
  await home.screenshot("01-home-ar");

  await home.search("كلمة المرور");
  assert.ok((await home.serviceCodes()).includes(SERVICE));
  await home.screenshot("02-search-ar");

  mobile = await context.newPage();
  await mobile.setViewportSize({ width: 390, height: 844 });
  const small = new HomePage(mobile, BASE);
  await small.open("?lang=ar");
  const overflow = await mobile.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `no horizontal scrolling at 390 px (overflow ${overflow}px)`);
  await small.screenshot("03-home-ar-mobile");
});

test("a student requests a service with an attachment and sees the ticket with its due time", async () => {
  const home = new HomePage(page, BASE);
  await home.requestService(SERVICE);
  const request = new RequestPage(page, BASE);
  assert.match(await request.responseTime(), /خلال/);
  const problem = await request.submitExpectingError();  // nothing filled in yet
  assert.match(problem, /يُرجى تعبئة/);
  const file = path.join(os.tmpdir(), "moeen-e2e-note.txt");
  fs.writeFileSync(file, "رسالة الخطأ: انتهت صلاحية كلمة المرور\n");
  await request.fill({
    subject: "لا أستطيع الدخول إلى حسابي",
    description: "تظهر رسالة انتهاء صلاحية كلمة المرور عند تسجيل الدخول.",
    files: [file],
  });
  await request.screenshot("04-request-ar");
  await request.submit();

  const ticket = new TicketPage(page, BASE);
  state.ticket = ticket.ticketName();
  assert.ok(state.ticket);
  assert.match(await ticket.createdMessage(), new RegExp(`#${state.ticket}`));
  assert.ok((await ticket.responseBy()).length > 5, "a response-by time is shown");
  assert.deepEqual(await ticket.attachments(), ["moeen-e2e-note.txt"]);
  await ticket.screenshot("05-ticket-ar");
});

test("the student replies on the ticket", async () => {
  const ticket = new TicketPage(page, BASE);
  await ticket.reply("نسيت أن أذكر أن المشكلة بدأت أمس.");
  const messages = await ticket.messages();
  assert.ok(messages.some((m) => m.includes("بدأت أمس")), messages.join(" / "));
  await ticket.screenshot("06-ticket-replied-ar");
});

test("English: the switch is remembered across pages", async () => {
  const ticket = new TicketPage(page, BASE);
  const target = await ticket.switchLanguage();
  assert.equal(target, "en");
  assert.equal(await ticket.dir(), "ltr");
  assert.match(await ticket.responseBy(), /[A-Za-z]+day/);
  await ticket.screenshot("07-ticket-en");

  const tickets = new TicketsPage(page, BASE);
  await tickets.open();  // no ?lang=: the remembered language
  assert.equal(await tickets.lang(), "en");
  assert.match(await tickets.rowText(state.ticket), /Password reset/);
  await tickets.screenshot("08-tickets-en");

  const home = new HomePage(page, BASE);
  await home.open();
  assert.equal(await home.dir(), "ltr");
  assert.match((await home.times(SERVICE)).join(" "), /within/);
  await home.screenshot("09-home-en");
  await mobile.goto(new URL("/moeen/tickets", BASE).toString());
  await new TicketsPage(mobile, BASE).screenshot("10-tickets-en-mobile");
});

test("keyboard: the skip link and the focus outline are visible", async () => {
  const home = new HomePage(page, BASE);
  await home.open("?lang=ar");
  await page.keyboard.press("Tab");
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.className);
  assert.equal(focused, "skip-link");
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, "none");
  await home.screenshot("11-focus-ar", { fullPage: false });
});
