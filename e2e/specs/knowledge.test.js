// Knowledge articles before a ticket, in a real Chromium: a student opens the request form of a
// service, types the subject key by key; the form suggests the service's published article (never
// its draft); the student opens it in place, answers "this solved my problem", gets the friendly
// message, and no ticket is created (the portal API's ticket count before and after, and the
// server's records: the article suggested, opened and solved once). Arabic, right to left.
// Screenshots: knowledge-01-suggested-ar, knowledge-02-article-ar, knowledge-03-solved-ar.
//
//   MOEEN_E2E_URL / MOEEN_E2E_USER / MOEEN_E2E_PASSWORD   (see portal.test.js; printed by e2e/prepare.py)
//   MOEEN_E2E_KB_SERVICE   the service (default IAM-001, "Password reset")
// The articles come from e2e/prepare_knowledge.py (removed in `after`; MOEEN_E2E_KEEP=1 keeps them).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";

import { LoginPage } from "../pages/LoginPage.js";
import { RequestPage } from "../pages/RequestPage.js";
import { runBenchScript } from "../support/bench.js";
import { BASE, launch } from "../support/browser.js";

const USER = process.env.MOEEN_E2E_USER;
const PASSWORD = process.env.MOEEN_E2E_PASSWORD;
const SERVICE = process.env.MOEEN_E2E_KB_SERVICE || "IAM-001";

let browser, page, kb;

before(async () => {
  assert.ok(USER && PASSWORD, "set MOEEN_E2E_USER and MOEEN_E2E_PASSWORD (see e2e/README.md)");
  kb = runBenchScript("prepare_knowledge.py", ["--service", SERVICE]).values;
  assert.ok(kb.MOEEN_E2E_KB_ARTICLE, "prepare_knowledge.py published an article");
  browser = await launch();
  const context = await browser.newContext({ baseURL: BASE, viewport: { width: 1280, height: 900 }, locale: "ar-SA" });
  page = await context.newPage();
});

after(async () => {
  await browser?.close();
  if (!process.env.MOEEN_E2E_KEEP) runBenchScript("prepare_knowledge.py", ["--cleanup"]);
});

const state = () => runBenchScript("prepare_knowledge.py", ["--state", "--user", USER]).values;

test("a student types a subject, opens the suggested article, marks it solved: no ticket", async () => {
  const form = new RequestPage(page, BASE);
  await form.open(SERVICE, "&lang=ar");
  if (new URL(page.url()).pathname.startsWith("/login")) {
    await new LoginPage(page, BASE).login(USER, PASSWORD);
    await form.open(SERVICE, "&lang=ar");
  }
  assert.equal(await form.dir(), "rtl");
  assert.ok(await form.hasForm(), "the request form is shown");
  const before = state();
  const ticketsBefore = await form.ticketCount();

  await form.typeSubject("نسيت كلمه المرور");  // «كلمه» with ha: the same word as «كلمة»
  const shown = await form.suggestions();
  const names = shown.map((s) => s.name);
  assert.ok(names.includes(kb.MOEEN_E2E_KB_ARTICLE), `the published article is suggested: ${JSON.stringify(shown)}`);
  assert.ok(!names.includes(kb.MOEEN_E2E_KB_DRAFT), "the draft is never suggested");
  await form.screenshot("knowledge-01-suggested-ar");

  const opened = await form.openSuggestion(kb.MOEEN_E2E_KB_ARTICLE);
  assert.match(opened.title, /استعادة كلمة المرور/);
  assert.match(opened.text, /نسيت كلمة المرور/);
  await form.screenshot("knowledge-02-article-ar");

  const message = await form.markSolved();
  assert.match(message, /لم يُرسل أي طلب/);
  await form.screenshot("knowledge-03-solved-ar");

  assert.equal(await form.ticketCount(), ticketsBefore, "no ticket was created");
  const after = state();
  assert.equal(Number(after.MOEEN_E2E_KB_TICKETS), Number(before.MOEEN_E2E_KB_TICKETS));
  for (const event of ["SUGGESTED", "OPENED", "SOLVED"]) {
    assert.ok(Number(after[`MOEEN_E2E_KB_${event}`]) >= 1, `${event} recorded: ${JSON.stringify(after)}`);
  }
  assert.equal(Number(after.MOEEN_E2E_KB_SOLVED) - Number(before.MOEEN_E2E_KB_SOLVED), 1, "solved recorded once");
});
