// /moeen/request?service=X — the request form.
import { BasePage } from "./BasePage.js";

export class RequestPage extends BasePage {
  async fill({ subject, description, files = [] }) {
    await this.page.locator("#subject").fill(subject);
    await this.page.locator("#description").fill(description);
    if (files.length) {
      await this.page.locator("#attachments").setInputFiles(files);
    }
  }

  async submit() {
    await Promise.all([
      this.page.waitForURL(/\/moeen\/ticket\?name=/, { timeout: 30_000 }),
      this.page.locator("#request-form button[type=submit]").click(),
    ]);
    await this.page.waitForLoadState("domcontentloaded");
  }

  async submitExpectingError() {
    await this.page.locator("#request-form button[type=submit]").click();
    const box = this.page.locator("#form-message");
    await box.waitFor({ state: "visible" });
    return (await box.textContent()).trim();
  }

  async responseTime() {
    return (await this.page.locator("#response-time").textContent()).trim();
  }
}
