// /moeen/tickets — the beneficiary's tickets.
import { BasePage } from "./BasePage.js";

export class TicketsPage extends BasePage {
  async open(query = "") {
    return this.goto(`/moeen/tickets${query}`);
  }

  row(name) {
    return this.page.locator(`li.ticket-row[data-ticket="${name}"]`);
  }

  async rowText(name) {
    return (await this.row(name).textContent()).replace(/\s+/g, " ").trim();
  }

  /** The pending surveys box: [{ticket, title, href}] (empty when nothing waits). */
  async pendingSurveys() {
    return this.page.locator("#pending-surveys li").evaluateAll((items) => items.map((li) => {
      const a = li.querySelector("a");
      const num = li.querySelector(".num");
      return {
        ticket: num ? num.textContent.trim().replace(/^#/, "") : null,
        title: a ? a.textContent.trim() : "",
        href: a ? a.getAttribute("href") : null,
      };
    }));
  }

  surveyLink(ticket) {
    return this.page.locator("#pending-surveys li").filter({ hasText: `#${ticket}` }).locator("a").first();
  }

  /** Follow the survey link of a ticket (the survey opens in the same tab). */
  async openSurvey(ticket) {
    await Promise.all([this.page.waitForURL(/\/moeen-survey\?token=/), this.surveyLink(ticket).click()]);
    await this.page.waitForLoadState("domcontentloaded");
  }
}
