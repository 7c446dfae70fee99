"""Real requests for the security suites: Frappe's WSGI app (``frappe.app.application``)
through werkzeug's test client, each in its own thread and database connection, as a real
user (API key) or as Guest. The requests see only committed data, so the suites commit
their fixtures and remove them afterwards (:class:`Fixtures`)."""

import json

import frappe
from frappe.core.doctype.user.user import generate_keys
from frappe.tests.test_api import make_request
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, get_test_client, now_datetime

from moeen_helpdesk import intake
from moeen_helpdesk.tests.utils import forget_tier_caches, make_agent, make_beneficiary, make_service

GUEST = "Guest"
HD_TEAM = "HD Team"
REVIEW = "Moeen SLA Review"
MAIL_SETTINGS = (
    "enable_reply_email_to_agent",
    "enable_reply_email_via_agent",
    "send_acknowledgement_email",
    "enable_email_ticket_feedback",
)


class Client:
    """``call(user, method, path, json=..., data=...)`` → (status, body as dict or text)."""

    def __init__(self):
        self.client = get_test_client(use_cookies=False)
        self.tokens: dict[str, str] = {}

    def token(self, user: str) -> str:
        if user not in self.tokens:
            generate_keys(user)
            u = frappe.get_doc("User", user)
            self.tokens[user] = f"token {u.api_key}:{u.get_password('api_secret')}"
        return self.tokens[user]

    def call(
        self, user: str, method: str, path: str, payload=None, data=None, lang: str = "en", content_type=None
    ):
        headers = {"Accept-Language": lang, "Accept": "application/json"}
        if user != GUEST:
            headers["Authorization"] = self.tokens[user]
        kwargs = {"headers": headers}
        if content_type:
            kwargs["content_type"] = content_type
        if payload is not None:
            kwargs["json"] = payload
        if data is not None:
            kwargs["data"] = data
        response = make_request(target=getattr(self.client, method), args=(path,), kwargs=kwargs)
        if response is None:  # the application raised out of its own error handler
            return 599, "no response"
        try:
            body = response.json
        except Exception:
            body = response.get_data(as_text=True)
        return response.status_code, body

    def method(self, user: str, name: str, payload=None, data=None, http: str = "post"):
        return self.call(user, http, f"/api/method/{name}", payload=payload, data=data)


def server_messages(body) -> str:
    if not isinstance(body, dict):
        return str(body)
    out = []
    for raw in json.loads(body.get("_server_messages") or "[]"):
        try:
            out.append(json.loads(raw).get("message", ""))
        except ValueError:
            out.append(raw)
    return " ".join(out) + " " + str(body.get("exception") or "")


def make_team(name: str, tier: str | None, members: list[str]) -> str:
    values = {"moeen_tier": tier, "users": [{"user": u} for u in members]}
    if frappe.db.exists(HD_TEAM, name):
        doc = frappe.get_doc(HD_TEAM, name)
        doc.update(values)
        doc.save(ignore_permissions=True)
    else:
        frappe.get_doc({"doctype": HD_TEAM, "team_name": name, **values}).insert(ignore_permissions=True)
    return name


def make_manager(email: str) -> str:
    if not frappe.db.exists("User", email):
        frappe.get_doc(
            {
                "doctype": "User",
                "email": email,
                "first_name": "Manager",
                "send_welcome_email": 0,
                "roles": [{"role": "Moeen Service Manager"}],
            }
        ).insert(ignore_permissions=True)
    return email


class Fixtures:
    """The people of the matrix, their teams, a service and tickets, committed."""

    PREFIX = "it-sec"
    STUDENT = f"{PREFIX}-student@moeen-it.test"
    OTHER = f"{PREFIX}-other@moeen-it.test"
    EXTERNAL = f"{PREFIX}-external@moeen-it.test"
    T1 = f"{PREFIX}-t1@moeen-it.test"
    T2 = f"{PREFIX}-t2@moeen-it.test"
    T2_OTHER = f"{PREFIX}-t2-other@moeen-it.test"
    LEAD = f"{PREFIX}-lead@moeen-it.test"
    MANAGER = f"{PREFIX}-manager@moeen-it.test"
    CENTER, UNIT, UNIT_OTHER = "IT Sec Center", "IT Sec Unit", "IT Sec Other Unit"
    SERVICE, SERVICE_2 = "IT-SEC", "IT-SEC-2"
    SECRET = "zebracode"

    #: Role name in the tables → user.
    ROLES = ("guest", "student", "other", "external", "t1", "t2", "t2_other", "lead", "manager")

    def users(self) -> dict[str, str]:
        return {
            "guest": GUEST,
            "student": self.STUDENT,
            "other": self.OTHER,
            "external": self.EXTERNAL,
            "t1": self.T1,
            "t2": self.T2,
            "t2_other": self.T2_OTHER,
            "lead": self.LEAD,
            "manager": self.MANAGER,
        }

    def create(self, client: Client):
        from moeen_helpdesk.tiers.teams import forget_tier_teams
        from moeen_helpdesk.tiers.transitions import do_transition

        frappe.set_user("Administrator")
        self.remove()  # what an interrupted run left
        make_beneficiary(self.STUDENT, "Student")
        make_beneficiary(self.OTHER, "Student")
        make_beneficiary(self.EXTERNAL, "External")
        make_agent(self.T1, roles=("Agent", "Tier 1 Agent"))
        make_agent(self.T2, roles=("Agent", "Tier 2 Agent"))
        make_agent(self.T2_OTHER, roles=("Agent", "Tier 2 Agent"))
        make_agent(self.LEAD, roles=("Agent", "Tier 2 Lead"))
        make_manager(self.MANAGER)
        self.saved_tiers = frappe.get_all(
            HD_TEAM, filters={"moeen_tier": ["is", "set"]}, fields=["name", "moeen_tier"]
        )
        frappe.db.sql("UPDATE `tabHD Team` SET moeen_tier = NULL WHERE IFNULL(moeen_tier, '') != ''")
        make_team(self.CENTER, "Tier 1", [self.T1])
        make_team(self.UNIT, "Tier 2", [self.T2, self.LEAD])
        make_team(self.UNIT_OTHER, "Tier 2", [self.T2_OTHER])
        forget_tier_teams()
        # No outgoing mail server here: Helpdesk would mail the agents a beneficiary's reply.
        self.saved_settings = frappe.db.get_value("HD Settings", None, MAIL_SETTINGS, as_dict=True)
        for field in MAIL_SETTINGS:
            frappe.db.set_single_value("HD Settings", field, 0)
        frappe.clear_document_cache("HD Settings", "HD Settings")
        make_service(self.SERVICE, tier2_team=self.UNIT)
        make_service(self.SERVICE_2, tier2_team=self.UNIT)
        self.ticket = self.new_ticket(self.STUDENT, "Matrix: my ticket")
        self.other_ticket = self.new_ticket(self.OTHER, f"Matrix: {self.SECRET} of the other student")
        self.escalated = self.new_ticket(self.STUDENT, "Matrix: escalated")
        frappe.set_user(self.T1)
        do_transition(self.escalated, "escalate", reason="needs the unit")
        frappe.set_user("Administrator")
        self.communication = frappe.get_all(
            "Communication", {"reference_doctype": "HD Ticket", "reference_name": self.ticket}, pluck="name"
        )[0]
        self.survey_request = (
            frappe.get_doc(
                {
                    "doctype": "Moeen Survey Request",
                    "trigger": "Ticket Resolved",
                    "status": "Pending",
                    "reference_doctype": "HD Ticket",
                    "reference_name": self.ticket,
                    "beneficiary_email": self.STUDENT,
                    "beneficiary_user": self.STUDENT,
                    "dedupe_key": f"it-sec-{self.ticket}",
                    "nonce": "it-sec-nonce",
                    "expires_at": add_days(now_datetime(), 3),
                }
            )
            .insert(ignore_permissions=True)
            .name
        )
        self.survey_response = (
            frappe.get_doc(
                {
                    "doctype": "Moeen Survey Response",
                    "request": self.survey_request,
                    "trigger": "Ticket Resolved",
                    "overall_rating": 4,
                    "reference_doctype": "HD Ticket",
                    "reference_name": self.ticket,
                    "answered_at": now_datetime(),
                }
            )
            .insert(ignore_permissions=True)
            .name
        )
        self.review = (
            frappe.get_doc(
                {
                    "doctype": REVIEW,
                    "period_from": "2026-01-01",
                    "period_to": "2026-06-30",
                    "notes": self.PREFIX,
                }
            )
            .insert(ignore_permissions=True)
            .name
        )
        for user in self.users().values():
            if user != GUEST:
                client.token(user)
        frappe.db.commit()  # nosemgrep: requests see only committed data

    def new_ticket(self, raiser: str, subject: str, service: str | None = None) -> str:
        frappe.set_user(raiser)
        try:
            doc = frappe.get_doc(
                {
                    "doctype": "HD Ticket",
                    "subject": subject,
                    "description": f"<p>{subject}</p>",
                    "moeen_service": service or self.SERVICE,
                }
            ).insert()
        finally:
            frappe.set_user("Administrator")
        intake.assign_ticket(doc.name)  # what the job queued at commit does (no worker in tests)
        return doc.name

    def remove(self):
        from moeen_helpdesk.tiers.teams import forget_tier_teams

        frappe.set_user("Administrator")
        people = [u for u in self.users().values() if u != GUEST]
        for name in frappe.get_all("HD Ticket", {"raised_by": ["in", people]}, pluck="name"):
            frappe.delete_doc("HD Ticket", name, force=True, ignore_permissions=True)
        for doctype in ("Moeen Survey Response", "Moeen Survey Request"):
            for name in frappe.get_all(
                doctype,
                {"beneficiary_email": ["in", people]}
                if doctype.endswith("Request")
                else {
                    "request": [
                        "in",
                        frappe.get_all(
                            "Moeen Survey Request", {"beneficiary_email": ["in", people]}, pluck="name"
                        )
                        or [""],
                    ]
                },
                pluck="name",
            ):
                frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
        if getattr(self, "review", None) and frappe.db.exists(REVIEW, self.review):
            frappe.delete_doc(REVIEW, self.review, force=True, ignore_permissions=True)
        for team in (self.CENTER, self.UNIT, self.UNIT_OTHER):
            if frappe.db.exists(HD_TEAM, team):
                frappe.db.set_value(HD_TEAM, team, "moeen_tier", None)
        for row in getattr(self, "saved_tiers", []):
            frappe.db.set_value(HD_TEAM, row.name, "moeen_tier", row.moeen_tier)
        forget_tier_teams()
        for field, value in (getattr(self, "saved_settings", None) or {}).items():
            frappe.db.set_single_value("HD Settings", field, value)
        frappe.clear_document_cache("HD Settings", "HD Settings")
        for service in (self.SERVICE, self.SERVICE_2):
            if frappe.db.exists("Moeen Service", service):
                frappe.delete_doc("Moeen Service", service, force=True, ignore_permissions=True)
        for user in people:
            for doctype in ("Moeen Beneficiary", "HD Agent", "User"):
                if frappe.db.exists(doctype, user):
                    frappe.delete_doc(doctype, user, force=True, ignore_permissions=True)
        frappe.db.commit()  # nosemgrep


class RequestCase(FrappeTestCase):
    """A suite of real requests on committed fixtures (removed afterwards)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.addClassCleanup(forget_tier_caches)
        frappe.local.lang = "en"
        cls.client = Client()
        cls.fx = Fixtures()
        cls.addClassCleanup(cls.fx.remove)
        cls.fx.create(cls.client)
