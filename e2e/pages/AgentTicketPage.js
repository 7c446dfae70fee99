// Helpdesk's agent UI (/helpdesk, Helpdesk's own Vue app) as a Moeen agent uses it: a ticket with
// its "Ticket Info" panel and the tier actions of the HD Form Script "Moeen Tier Actions", and the
// ticket list with the shipped tier-queue views in the sidebar.
import { BasePage } from "./BasePage.js";

export class AgentTicketPage extends BasePage {
  /** Open /helpdesk/tickets/<name> and wait for its header (and the form script's actions). */
  async open(name) {
    const status = await this.goto(`/helpdesk/tickets/${encodeURIComponent(name)}`);
    await this.page.waitForSelector("#app-header", { timeout: 60_000 });
    await this.page.getByText(`#${name}`, { exact: true }).first().waitFor({ timeout: 60_000 });
    return status;
  }

  /** The "Ticket Info" panel («معلومات التذكرة» in Arabic): each shown field's label and value
   * (inputs and pickers alike). */
  async ticketInfo() {
    await this.page.getByText(/^(Ticket Info|معلومات التذكرة)$/).first().waitFor({ timeout: 30_000 });
    return this.page.evaluate(() => {
      const out = {};
      for (const row of document.querySelectorAll("div.flex.gap-2.pb-1")) {
        const label = row.querySelector("div.shrink-0 span")?.textContent?.trim();
        if (!label) continue;
        const input = row.querySelector("input, textarea");
        const value = (input && input.value) || row.querySelector("button")?.textContent || row.innerText;
        out[label] = (value || "").replace(label, "").trim();
      }
      return out;
    });
  }

  /** The labels of the tier actions on offer in the "Tier Actions" dropdown ([] when it is absent).
   *  Helpdesk runs the form script again when the ticket loads: give it time to settle first. */
  async tierActions(menuLabel) {
    await this.page.waitForTimeout(2000);
    const menu = this.page.getByRole("button", { name: menuLabel, exact: true });
    if (!(await menu.count())) return [];
    await menu.first().click();
    const items = this.page.getByRole("menuitem");
    await items.first().waitFor({ timeout: 10_000 });
    const labels = (await items.allTextContents()).map((t) => t.trim());
    await this.page.keyboard.press("Escape");
    await items.first().waitFor({ state: "detached", timeout: 10_000 }).catch(() => {});
    return labels;
  }

  /** Open a tier action's dialog from the "Tier Actions" dropdown, or (menuLabel null) from its own button. */
  async startAction(menuLabel, actionLabel) {
    if (menuLabel) {
      const menu = this.page.getByRole("button", { name: menuLabel, exact: true }).first();
      await menu.waitFor({ timeout: 30_000 });
      await menu.click();
      await this.page.getByRole("menuitem", { name: actionLabel, exact: true }).click();
    } else {
      await this.page.getByRole("button", { name: actionLabel, exact: true }).first().click();
    }
    const dialog = this.page.getByRole("dialog");
    await dialog.waitFor({ timeout: 15_000 });
    await this.page.waitForTimeout(500); // the dialog's fade-in, for the screenshots
    return dialog;
  }

  /** The text the dialog shows (title, destination, message). */
  async dialogText() {
    return (await this.page.getByRole("dialog").innerText()).trim();
  }

  /** Fill the reason / note (when the dialog asks for one), confirm, and wait for the reload. */
  async confirmAction(actionLabel, reason = null) {
    const dialog = this.page.getByRole("dialog");
    if (reason !== null) await dialog.locator("#moeen-tier-reason").fill(reason);
    await Promise.all([
      this.page.waitForEvent("load", { timeout: 30_000 }),
      dialog.getByRole("button", { name: actionLabel, exact: true }).click(),
    ]);
    await this.page.waitForSelector("#app-header", { timeout: 60_000 });
  }
}

export class AgentTicketsPage extends BasePage {
  /** Open the ticket list through a sidebar view, by its label as shown (any of ``labels``). */
  async openView(labels) {
    await this.goto("/helpdesk/tickets");
    const escaped = labels.map((l) => l.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    const link = this.page.getByText(new RegExp(`^(${escaped.join("|")})$`)).first();
    await link.waitFor({ timeout: 60_000 });
    await link.click();
    await this.page.waitForURL(/[?&]view=/, { timeout: 30_000 });
    return new URL(this.page.url()).searchParams.get("view");
  }

  /** Wait until the list shows a row with this text (the ticket's subject). */
  async row(text) {
    const row = this.page.getByText(text, { exact: true }).first();
    await row.waitFor({ timeout: 30_000 });
    return row;
  }

  /** The column headers of the list. */
  async headers() {
    return this.page.evaluate(() =>
      [...document.querySelectorAll("[role=columnheader], .list-header span, thead th")]
        .map((e) => e.textContent.trim()).filter(Boolean));
  }
}
