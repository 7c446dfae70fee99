// The two tiers in Helpdesk's own agent UI (/helpdesk), in a real Chromium, as one ticket's story:
// a tier-1 agent (Arabic) sees the service, its unit and the targets in the ticket's "Ticket Info"
// and escalates from /helpdesk/tickets/<id> (the dialog names the unit); the unit's agent (English)
// finds it in the sidebar view "My Tier's Queue", accepts it and completes it with a note; the
// unit's lead (Arabic) verifies it from "Awaiting My Verification"; the student sees the ticket
// resolved on the portal (and the note, where the portal shows it). Screenshots in both languages.
//
//   MOEEN_E2E_URL / MOEEN_BENCH / MOEEN_SITE     as for the other specs
//   MOEEN_E2E_USER / MOEEN_E2E_PASSWORD          the demo student (printed by e2e/prepare.py)
// The teams, agents, service and ticket come from e2e/prepare_agent_ui.py (removed in `after`).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";

import { AgentTicketPage, AgentTicketsPage } from "../pages/AgentTicketPage.js";
import { LoginPage } from "../pages/LoginPage.js";
import { TicketPage } from "../pages/TicketPage.js";
import { runBenchScript } from "../support/bench.js";
import { BASE, launch } from "../support/browser.js";

const STUDENT = process.env.MOEEN_E2E_USER;
const STUDENT_PASSWORD = process.env.MOEEN_E2E_PASSWORD;
const UNIT = "E2E UI Unit";
const SERVICE_NAME_AR = "خدمة واجهة الموظفين";
const SUBJECT = "تعذّر الدخول إلى البوابة";
const ESCALATION_REASON = "يحتاج إلى صلاحيات جهة الاختصاص";
const NOTE = "Portal access restored: the account was unlocked by the unit.";
const AR = { menu: "إجراءات المستويات", resolve: "حلّ من المستوى الأول", escalate: "التصعيد", verify: "التحقق" };
// Helpdesk's sidebar translates view labels once its translations have loaded.
const AWAITING = ["بانتظار تحققي", "Awaiting My Verification"];
const EN = { menu: "Tier Actions", accept: "Accept", complete: "Complete", return: "Return to Tier 1" };

let browser;
let env = {};

function ticketState() {
  const { values } = runBenchScript("prepare_agent_ui.py", ["--state", "--ticket", env.MOEEN_E2E_UI_TICKET]);
  return { state: values.MOEEN_E2E_UI_STATE.replace(/_/g, " "), team: values.MOEEN_E2E_UI_TEAM.replace(/_/g, " "),
    status: values.MOEEN_E2E_UI_STATUS };
}

async function agentPage(user, locale, viewport = { width: 1366, height: 900 }) {
  const context = await browser.newContext({ baseURL: BASE, viewport, locale });
  const page = await context.newPage();
  await page.goto(new URL("/login", BASE).toString(), { waitUntil: "domcontentloaded" });
  await new LoginPage(page, BASE).login(user, env.MOEEN_E2E_UI_PASSWORD);
  return page;
}

before(async () => {
  assert.ok(STUDENT && STUDENT_PASSWORD, "set MOEEN_E2E_USER and MOEEN_E2E_PASSWORD (see e2e/README.md)");
  env = runBenchScript("prepare_agent_ui.py", ["--student", STUDENT]).values;
  assert.ok(env.MOEEN_E2E_UI_TICKET, "prepare_agent_ui.py made a ticket");
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (!process.env.MOEEN_E2E_KEEP) runBenchScript("prepare_agent_ui.py", ["--cleanup"]);
});

test("the new ticket is on tier 1", () => {
  assert.deepEqual(ticketState().state, "Tier 1");
});

test("on a phone the tier-1 agent gets the same actions in one menu", async () => {
  const page = await agentPage(env.MOEEN_E2E_UI_TIER1, "ar-SA", { width: 390, height: 844 });
  const ticket = new AgentTicketPage(page, BASE);
  await ticket.goto(`/helpdesk/tickets/${env.MOEEN_E2E_UI_TICKET}`);
  await page.getByRole("button", { name: AR.menu, exact: true }).first().waitFor({ timeout: 60_000 });
  assert.deepEqual(await ticket.tierActions(AR.menu), [AR.resolve, AR.escalate]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  console.log(`# mobile ticket page: ${overflow}px wider than the screen`);
  await ticket.screenshot("agent-02b-ticket-tier1-ar-mobile");
  await page.context().close();
});

test("a tier-1 agent sees the service, its unit and the targets, and escalates with a reason", async () => {
  const page = await agentPage(env.MOEEN_E2E_UI_TIER1, "ar-SA");
  const ticket = new AgentTicketPage(page, BASE);
  await ticket.open(env.MOEEN_E2E_UI_TICKET);
  const info = await ticket.ticketInfo();
  await ticket.screenshot("agent-01-ticket-tier1-ar");
  const shown = JSON.stringify(info);
  // The labels in the agent's language (the app's getdoctype for Helpdesk's UI); the service's
  // picker shows its code, then its title (the Arabic name) once that is fetched.
  for (const label of ["الخدمة", "حالة المستوى", "جهة الاختصاص بالخدمة", "فئة المستفيد"]) {
    assert.ok(label in info, `the label ${label} in Ticket Info ${shown}`);
  }
  assert.ok(!("Service" in info) && !("Tier State" in info), `no English label in ${shown}`);
  assert.ok([env.MOEEN_E2E_UI_SERVICE, SERVICE_NAME_AR].includes(info["الخدمة"]), `the service in ${shown}`);
  for (const expected of [UNIT, "Tier 1", "Student"]) {
    assert.ok(shown.includes(expected), `${expected} in Ticket Info ${shown}`);
  }
  const hours = Object.entries(info).filter(([label]) => /ساعات عمل/.test(label)).map(([, v]) => Number(v));
  assert.deepEqual(hours, [2, 24], `targets in business hours: ${shown}`);

  const actions = await ticket.tierActions(AR.menu);
  assert.deepEqual(actions, [AR.resolve, AR.escalate]);
  await ticket.startAction(AR.menu, AR.escalate);
  const text = await ticket.dialogText();
  assert.ok(text.includes(UNIT), `the dialog names the unit: ${text}`);
  await ticket.screenshot("agent-02-escalate-dialog-ar");

  // A reason is required: an empty one is refused in place and changes nothing.
  await page.getByRole("dialog").getByRole("button", { name: AR.escalate, exact: true }).click();
  await page.getByText(/يلزم ذكر السبب/).first().waitFor({ timeout: 10_000 });
  assert.equal(ticketState().state, "Tier 1");

  await ticket.confirmAction(AR.escalate, ESCALATION_REASON);
  const escalated = ticketState();
  assert.equal(escalated.state, "Escalated");
  assert.equal(escalated.team, UNIT);
  await page.context().close();
});

test("the unit's agent finds it in My Tier's Queue, accepts it and completes it with a note", async () => {
  const page = await agentPage(env.MOEEN_E2E_UI_AGENT, "en-US");
  const list = new AgentTicketsPage(page, BASE);
  const view = await list.openView(["My Tier's Queue"]);
  assert.equal(view, "MOEEN-VIEW-MY-TIER");
  const row = await list.row(SUBJECT);
  await list.screenshot("agent-03-my-tier-queue-en");
  await row.click();
  await page.waitForURL(new RegExp(`/helpdesk/tickets/${env.MOEEN_E2E_UI_TICKET}`), { timeout: 30_000 });

  const ticket = new AgentTicketPage(page, BASE);
  await ticket.open(env.MOEEN_E2E_UI_TICKET);
  assert.deepEqual(await ticket.tierActions(EN.menu), [EN.accept, EN.return]);
  await ticket.startAction(EN.menu, EN.accept);
  await ticket.confirmAction(EN.accept);
  assert.equal(ticketState().state, "Tier 2");

  await ticket.startAction(EN.menu, EN.complete);
  await ticket.screenshot("agent-04-complete-dialog-en");
  await ticket.confirmAction(EN.complete, NOTE);
  assert.equal(ticketState().state, "Completed");
  // The agent who completed may not verify: nothing is left for them to do.
  assert.deepEqual(await ticket.tierActions(EN.menu), []);
  await ticket.screenshot("agent-05-completed-en");
  await page.context().close();
});

test("the lead verifies it from Awaiting My Verification", async () => {
  const page = await agentPage(env.MOEEN_E2E_UI_LEAD, "ar-SA");
  const list = new AgentTicketsPage(page, BASE);
  const view = await list.openView(AWAITING);
  assert.equal(view, "MOEEN-VIEW-AWAITING-MY-VERIFICATION");
  const row = await list.row(SUBJECT);
  await list.screenshot("agent-06-awaiting-verification-ar");
  await row.click();
  await page.waitForURL(new RegExp(`/helpdesk/tickets/${env.MOEEN_E2E_UI_TICKET}`), { timeout: 30_000 });

  const ticket = new AgentTicketPage(page, BASE);
  await ticket.open(env.MOEEN_E2E_UI_TICKET);
  const actions = await ticket.tierActions(AR.menu);
  assert.ok(actions.includes(AR.verify), `verify offered: ${actions}`);
  await ticket.startAction(AR.menu, AR.verify);
  await ticket.confirmAction(AR.verify);
  const after = ticketState();
  assert.equal(after.state, "Resolved");
  assert.equal(after.status, "Resolved");
  await ticket.screenshot("agent-07-verified-ar");

  // The queue no longer holds it.
  await list.openView(AWAITING);
  await page.waitForTimeout(1500);
  assert.equal(await page.getByText(SUBJECT, { exact: true }).count(), 0);
  await page.context().close();
});

test("the student sees the ticket resolved on the portal", async () => {
  const context = await browser.newContext({ baseURL: BASE, viewport: { width: 1280, height: 900 }, locale: "ar-SA" });
  const page = await context.newPage();
  await page.goto(new URL("/login", BASE).toString(), { waitUntil: "domcontentloaded" });
  await new LoginPage(page, BASE).login(STUDENT, STUDENT_PASSWORD);
  const portal = new TicketPage(page, BASE);
  await portal.open(env.MOEEN_E2E_UI_TICKET, "&lang=ar");
  assert.equal(await portal.statusCategory(), "Resolved");
  assert.match(await portal.status(), /محلولة/);
  // The completion note reaches the beneficiary once the portal shows it (issue 12, part 2).
  const messages = (await portal.messages()).join("\n");
  console.log(`# the completion note ${messages.includes(NOTE) ? "is" : "is not yet"} in the portal conversation`);
  await portal.screenshot("agent-08-student-resolved-ar");
  await context.close();
});
