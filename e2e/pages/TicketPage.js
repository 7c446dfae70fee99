// /moeen/ticket?name=N — status, due times, conversation, reply.
import { BasePage } from "./BasePage.js";

export class TicketPage extends BasePage {
  async open(name, query = "") {
    return this.goto(`/moeen/ticket?name=${encodeURIComponent(name)}${query}`);
  }

  ticketName() {
    return new URL(this.page.url()).searchParams.get("name");
  }

  async status() {
    return (await this.page.locator("#ticket-status").textContent()).trim();
  }

  /** The status category of the badge: Open, Paused or Resolved. */
  async statusCategory() {
    const cls = (await this.page.locator("#ticket-status").getAttribute("class")) || "";
    const match = /status-(\w+)/.exec(cls);
    return match ? match[1] : null;
  }

  /** Whether the ticket still offers the reopen button (a resolved, not closed, ticket). */
  async canReopen() {
    return (await this.page.locator('button[data-action="reopen"]').count()) > 0;
  }

  async createdMessage() {
    return (await this.page.locator("#created-message").textContent()).trim();
  }

  /** A resolved ticket's block: what was done, when, by which unit (null when not resolved). */
  async resolution() {
    const block = this.page.locator("#resolution");
    if (!(await block.count())) return null;
    const text = async (sel) => ((await block.locator(sel).count()) ? (await block.locator(sel).textContent()).trim() : "");
    return { when: await text("#resolved-on"), unit: await text("#resolved-by"), note: await text("#resolution-note") };
  }

  async responseBy() {
    return (await this.page.locator("#response-by").textContent()).trim();
  }

  async messages() {
    return this.page.locator("ol.conversation li .content").allTextContents();
  }

  /** The messages from Moeen support (the agents' answers). */
  async supportMessages() {
    return this.page.locator("ol.conversation li.support .content").allTextContents();
  }

  /** The link of the ticket's pending survey offered on its page, or null. */
  async surveyOffer() {
    const link = this.page.locator("#ticket-survey-link");
    return (await link.count()) ? link.getAttribute("href") : null;
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
