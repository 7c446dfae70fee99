// /moeen/ticket?name=N — status, due times, conversation, reply.
import { BasePage } from "./BasePage.js";

export class TicketPage extends BasePage {
  ticketName() {
    return new URL(this.page.url()).searchParams.get("name");
  }

  async status() {
    return (await this.page.locator("#ticket-status").textContent()).trim();
  }

  async createdMessage() {
    return (await this.page.locator("#created-message").textContent()).trim();
  }

  async responseBy() {
    return (await this.page.locator("#response-by").textContent()).trim();
  }

  async messages() {
    return this.page.locator("ol.conversation li .content").allTextContents();
  }

  async attachments() {
    return this.page.locator("#ticket-files a").allTextContents();
  }

  async reply(text) {
    await this.page.locator("#message").fill(text);
    await Promise.all([
      this.page.waitForEvent("load", { timeout: 30_000 }),
      this.page.locator("#reply-form button[type=submit]").click(),
    ]);
    await this.page.waitForLoadState("domcontentloaded");
  }
}
