// Frappe's own /login page (the portal redirects guests there with redirect-to).
import { BasePage } from "./BasePage.js";

export class LoginPage extends BasePage {
  async login(user, password) {
    await this.page.locator("#login_email").fill(user);
    await this.page.locator("#login_password").fill(password);
    await Promise.all([
      this.page.waitForURL((url) => !url.pathname.startsWith("/login"), { timeout: 30_000 }),
      this.page.locator("form.form-login button.btn-login").first().click(),
    ]);
    await this.page.waitForLoadState("domcontentloaded");
  }
}
