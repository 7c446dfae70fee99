// /moeen/tickets — the beneficiary's tickets.
import { BasePage } from "./BasePage.js";

export class TicketsPage extends BasePage {
  async open(query = "") {
    await this.goto(`/moeen/tickets${query}`);
  }

  row(name) {
    return this.page.locator(`li.ticket-row[data-ticket="${name}"]`);
  }

  async rowText(name) {
    return (await this.row(name).textContent()).replace(/\s+/g, " ").trim();
  }
}
