// /moeen/request?service=X — the request form.
import { BasePage } from "./BasePage.js";

export class RequestPage extends BasePage {
  /** Open the form of a service by its address (as a bookmarked or typed link); returns the HTTP status. */
  async open(service, query = "") {
    return this.goto(`/moeen/request?service=${encodeURIComponent(service)}${query}`);
  }

  /** The page's refusal (a service the user may not request), or null when the form is shown. */
  async pageError() {
    const box = this.page.locator("#page-error");
    return (await box.count()) ? (await box.textContent()).trim() : null;
  }

  async hasForm() {
    return (await this.page.locator("#request-form").count()) > 0;
  }

  /** Post a request for ``service`` straight to the portal API from this page (the form bypassed);
   *  returns {ok, message}: the ticket number when accepted, else the server's translated refusal. */
  async requestThroughApi(service, subject, description) {
    return this.page.evaluate(
      ([s, sub, desc]) => window.moeen.call("request", { service: s, subject: sub, description: desc }).then(
        (r) => ({ ok: true, message: String(r && r.name) }),
        (e) => ({ ok: false, message: e.message }),
      ),
      [service, subject, description],
    );
  }

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

  /** Type a subject as a person does (key by key), so the form's debounced suggestions run. */
  async typeSubject(subject) {
    await this.page.locator("#subject").pressSequentially(subject, { delay: 30 });
  }

  /** The suggested articles once shown: [{name, title}]. */
  async suggestions() {
    await this.page.locator("#article-suggestions").waitFor({ state: "visible", timeout: 15_000 });
    await this.page.locator("#suggestion-list button.suggestion").first().waitFor({ state: "visible" });
    return this.page.locator("#suggestion-list button.suggestion").evaluateAll((buttons) =>
      buttons.map((b) => ({ name: b.getAttribute("data-article"), title: b.childNodes[0].textContent.trim() })),
    );
  }

  /** Open a suggested article in place; returns its title and text. */
  async openSuggestion(name) {
    await this.page.locator(`#suggestion-list button[data-article="${name}"]`).click();
    const view = this.page.locator("#article-view");
    await view.waitFor({ state: "visible" });
    return {
      title: (await this.page.locator("#article-title").textContent()).trim(),
      text: (await this.page.locator("#article-content").textContent()).trim(),
    };
  }

  /** "Yes, this solved my problem": returns the friendly message shown. */
  async markSolved() {
    await this.page.locator("#article-solved").click();
    const box = this.page.locator("#deflected-message");
    await box.waitFor({ state: "visible" });
    return (await box.textContent()).trim();
  }

  /** The number of the user's tickets, through the portal API. */
  async ticketCount() {
    return this.page.evaluate(() => window.moeen.call("my_tickets", {}).then((list) => list.length));
  }
}
