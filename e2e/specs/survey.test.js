// The satisfaction survey a beneficiary opens from the email, in a real Chromium, without login:
// Arabic and right to left by default, English with ?lang=en, refusals shown in place, the thanks
// after sending, a used or forged link answered with a clear message (409 / 400).
// Screenshots (Arabic, English, mobile, used link) go to e2e/screenshots/.
//
//   MOEEN_E2E_URL          the bench web server (default http://moeen-test.localhost:8000)
//   MOEEN_E2E_SURVEY_PATH  a fresh survey link (printed by e2e/prepare_survey.py); when unset the
//                          spec runs prepare_survey.py itself from the bench (MOEEN_BENCH, MOEEN_SITE)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";

import { SurveyPage } from "../pages/SurveyPage.js";
import { runBenchScript } from "../support/bench.js";
import { BASE, launch } from "../support/browser.js";

function preparedSurveyPath() {
  if (process.env.MOEEN_E2E_SURVEY_PATH) return process.env.MOEEN_E2E_SURVEY_PATH;
  const { output, values } = runBenchScript("prepare_survey.py");
  assert.ok(values.MOEEN_E2E_SURVEY_PATH, `prepare_survey.py printed no link:\n${output}`);
  return values.MOEEN_E2E_SURVEY_PATH;
}

let browser, context, page, survey, link;

before(async () => {
  link = preparedSurveyPath();
  browser = await launch();
  context = await browser.newContext({ baseURL: BASE, viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  survey = new SurveyPage(page, BASE);
});

after(async () => {
  await browser?.close();
});

test("the survey is Arabic and right to left by default", async () => {
  assert.equal(await survey.open(link), 200);
  assert.equal(await survey.lang(), "ar");
  assert.equal(await survey.dir(), "rtl");
  assert.equal(await survey.state(), "form");
  assert.match(await survey.question("overall_satisfaction").innerText(), /ما مدى رضاك العام عن الخدمة؟/);
  assert.match(await page.locator("#survey-submit").innerText(), /إرسال/);
  await survey.screenshot("survey-ar-desktop");
});

test("English with ?lang=en, left to right, and no sideways scrolling on a phone", async () => {
  assert.equal(await survey.open(`${link}&lang=en`), 200);
  assert.equal(await survey.dir(), "ltr");
  assert.match(await survey.question("overall_satisfaction").innerText(), /Overall, how satisfied are you/);
  await survey.screenshot("survey-en-desktop");
  await page.setViewportSize({ width: 390, height: 844 });
  assert.equal(await survey.open(link), 200);
  assert.equal(await survey.scrollsSideways(), false);
  await survey.screenshot("survey-ar-mobile");
  await page.setViewportSize({ width: 1280, height: 900 });
});

test("a missing required answer is refused in place, then the answers are sent", async () => {
  assert.equal(await survey.open(`${link}&lang=en`), 200);
  assert.equal(await survey.send(), 400);  // empty: every missing answer is named
  assert.equal(await survey.error().isVisible(), true);
  const missing = await survey.error().innerText();
  assert.match(missing, /Please answer the required questions/);
  for (const label of [/Overall, how satisfied/, /the time it took/, /courtesy and helpfulness/, /solved the first time/]) {
    assert.match(missing, label);
  }
  await survey.choose("overall_satisfaction", "4");
  assert.equal(await survey.send(), 400);
  assert.doesNotMatch(await survey.error().innerText(), /Overall, how satisfied/);
  await survey.choose("time_taken", "5");
  await survey.choose("staff_courtesy", "4");
  await survey.choose("solved_first_time", "yes");
  await survey.write("comment", "Quick and clear, thank you.");
  assert.equal(await survey.send(), 200);
  assert.equal(await survey.thanks().isVisible(), true);
  assert.equal(await survey.state(), "answered");
  await survey.screenshot("survey-en-thanks");
});

test("a used link and a forged link get a clear message, not a server error", async () => {
  assert.equal(await survey.open(link), 409);
  assert.equal(await survey.dir(), "rtl");
  assert.match(await survey.message().innerText(), /تمت الإجابة عن هذا الاستبيان مسبقًا/);
  await survey.screenshot("survey-ar-answered");
  const [body, signature] = link.split("=")[1].split(".");
  const forged = `/moeen-survey?token=${body}.${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}&lang=en`;
  assert.equal(await survey.open(forged), 400);
  assert.match(await survey.message().innerText(), /The survey link is not valid/);
});
