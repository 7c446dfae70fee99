// Shared bits of every /moeen page: navigation, language, screenshots.
import path from "node:path";
import { fileURLToPath } from "node:url";

export const SCREENSHOTS = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "screenshots");

export class BasePage {
  constructor(page, baseURL) {
    this.page = page;
    this.baseURL = baseURL;
  }

  /** Open a page of the site; returns the HTTP status of the answer. */
  async goto(pathAndQuery) {
    const response = await this.page.goto(new URL(pathAndQuery, this.baseURL).toString(), {
      waitUntil: "domcontentloaded",
    });
    return response ? response.status() : null;
  }

  async dir() {
    return this.page.locator("html").getAttribute("dir");
  }

  async lang() {
    return this.page.locator("html").getAttribute("lang");
  }

  /** Click the English / العربية switch: the choice is remembered, then the page reloads. */
  async switchLanguage() {
    const link = this.page.locator("a.lang-switch");
    const target = await link.getAttribute("data-set-lang");
    await Promise.all([this.page.waitForURL(new RegExp(`lang=${target}`)), link.click()]);
    await this.page.waitForLoadState("domcontentloaded");
    return target;
  }

  async screenshot(name, options = {}) {
    const file = path.join(SCREENSHOTS, `${name}.png`);
    await this.page.screenshot({ path: file, fullPage: true, ...options });
    return file;
  }
}
