// The public satisfaction survey (/moeen-survey?token=…), answered without login.
import { BasePage } from "./BasePage.js";

export class SurveyPage extends BasePage {
  /** Open the survey; returns the HTTP status of the page. */
  async open(pathAndQuery) {
    const response = await this.page.goto(new URL(pathAndQuery, this.baseURL).toString(), {
      waitUntil: "domcontentloaded",
    });
    return response.status();
  }

  state() {
    return this.page.locator("#moeen-survey").getAttribute("data-state");
  }

  question(key) {
    return this.page.locator(`fieldset[data-key="${key}"]`);
  }

  async choose(key, value) {
    await this.question(key).locator(`input[value="${value}"]`).check();
  }

  async write(key, text) {
    await this.question(key).locator("textarea").fill(text);
  }

  /** Answer the questions: {key: value} (a rating or yes/no is chosen, a text is written). */
  async answer(values) {
    for (const [key, value] of Object.entries(values)) {
      const textarea = this.question(key).locator("textarea");
      if (await textarea.count()) await this.write(key, String(value));
      else await this.choose(key, String(value));
    }
  }

  async send() {
    const [response] = await Promise.all([
      this.page.waitForResponse((r) => r.url().includes("/api/method/moeen_helpdesk.api.surveys.submit")),
      this.page.locator("#survey-submit").click(),
    ]);
    // The page shows the outcome after the response arrives: wait for it, not just the response.
    await this.page
      .locator("#survey-error:visible, #survey-thanks:visible")
      .first()
      .waitFor({ state: "visible", timeout: 10000 })
      .catch(() => {});
    return response.status();
  }

  error() {
    return this.page.locator("#survey-error");
  }

  thanks() {
    return this.page.locator("#survey-thanks");
  }

  message() {
    return this.page.locator("#survey-message");
  }

  /** Whether the page scrolls sideways (it must not, even at 390 px). */
  async scrollsSideways() {
    return this.page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
  }
}
