// Debian's Chromium, headless, for every spec.
//
//   CHROMIUM       the browser (default /usr/bin/chromium)
//   MOEEN_E2E_URL  the bench web server, by the site's name (default http://moeen-test.localhost:8000;
//                  Chromium resolves *.localhost to the loopback address, Frappe picks the site by name)
import fs from "node:fs";
import { chromium } from "playwright-core";

import { SCREENSHOTS } from "../pages/BasePage.js";

export const BASE = process.env.MOEEN_E2E_URL || "http://moeen-test.localhost:8000";
export const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run"];

export async function launch() {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ARGS });
}
