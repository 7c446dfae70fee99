// /moeen — catalog search, categories, service cards, contact center.
import { BasePage } from "./BasePage.js";

export class HomePage extends BasePage {
  async open(query = "") {
    return this.goto(`/moeen${query}`);
  }

  async search(text) {
    await this.page.locator("#q").fill(text);
    await Promise.all([this.page.waitForURL(/[?&]q=/), this.page.locator("form.search-form button[type=submit]").click()]);
    await this.page.waitForLoadState("domcontentloaded");
  }

  service(code) {
    return this.page.locator(`li.service[data-service="${code}"]`);
  }

  async serviceCodes() {
    return this.page.locator("li.service").evaluateAll((els) => els.map((e) => e.getAttribute("data-service")));
  }

  async times(code) {
    return this.service(code).locator("dl.facts dd").allTextContents();
  }

  async requestService(code) {
    await Promise.all([this.page.waitForURL(/\/moeen\/request/), this.service(code).locator("a.button").click()]);
    await this.page.waitForLoadState("domcontentloaded");
  }

  /** The introduction under the title, with the beneficiary type ("You are registered as: …"). */
  async lead() {
    return (await this.page.locator(".layout > div > p.lead").first().innerText()).trim();
  }

  async contactCenter() {
    const box = this.page.locator("#contact-center");
    return { phone: (await box.locator(".phone").textContent()).trim(), text: (await box.textContent()).trim() };
  }
}
