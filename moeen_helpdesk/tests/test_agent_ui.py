"""Moeen in Helpdesk's agent UI: the Default template's rows, the tier-actions form script and the
tier-queue views are installed once, kept as they are on migrate, removed on uninstall; the views'
queues are evaluated for the user on every load; agents cannot change the shipped views."""

import json
from contextlib import ExitStack
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase

from moeen_helpdesk.agent_ui import labels as ui_labels
from moeen_helpdesk.agent_ui import queues as ui_queues
from moeen_helpdesk.agent_ui import shipping as ui_shipping
from moeen_helpdesk.agent_ui import views as ui_views
from moeen_helpdesk.calendars import ship_default_calendars
from moeen_helpdesk.tests.utils import (
    as_user,
    forget_tier_caches,
    make_agent,
    make_beneficiary,
    make_service,
    make_team,
)
from moeen_helpdesk.tiers.teams import forget_tier_teams
from moeen_helpdesk.tiers.transitions import do_transition

H = 3600
STUDENT = "it-ui-student@moeen-it.test"
T1A = "it-ui-tier1@moeen-it.test"
T2A = "it-ui-tier2@moeen-it.test"
T2L = "it-ui-lead@moeen-it.test"
OTHER = "it-ui-other@moeen-it.test"
CENTER = "IT UI Contact Center"
UNIT = "IT UI Unit"
OTHER_UNIT = "IT UI Other Unit"
SERVICE = "IT-UI"
COMPUTED = (
    "moeen_kind",
    "moeen_beneficiary_type",
    "moeen_tier_state",
    "moeen_service_unit",
    "moeen_response_target_hours",
    "moeen_resolution_target_hours",
    "moeen_sla_state",
)


def template_rows() -> list[dict]:
    return frappe.get_all(
        "HD Ticket Template Field",
        filters={"parent": ui_shipping.TEMPLATE},
        fields=["fieldname", "hide_from_customer", "required", "modified"],
        order_by="idx",
    )


def shipped_view(name: str) -> tuple:
    label, filters = frappe.db.get_value("HD View", name, ["label", "filters"])
    return label, json.loads(filters)


def shipped_state() -> dict:
    """The app's records in Helpdesk's agent UI, with their modification stamps."""
    ours = [f for f, _hide in ui_shipping.TEMPLATE_FIELDS]
    return {
        "rows": [r for r in template_rows() if r.fieldname in ours],
        "script": frappe.get_all(
            "HD Form Script",
            filters={"name": ui_shipping.FORM_SCRIPT},
            fields=["name", "modified", "enabled"],
        ),
        "views": frappe.get_all(
            "HD View",
            filters={"name": ["in", list(ui_views.VIEWS)]},
            fields=["name", "modified"],
            order_by="name",
        ),
    }


class TestAgentUI(FrappeTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        stack = ExitStack()
        # Nothing of this suite outlives it (team and rule inserts commit otherwise).
        stack.enter_context(patch.object(frappe.db, "commit", lambda *a, **k: None))
        cls.addClassCleanup(stack.close)
        cls.addClassCleanup(forget_tier_caches)
        ship_default_calendars()
        frappe.db.sql("UPDATE `tabHD Team` SET moeen_tier = NULL WHERE IFNULL(moeen_tier, '') != ''")
        forget_tier_teams()
        make_beneficiary(STUDENT, "Student")
        for user, roles in (
            (T1A, ["Tier 1 Agent"]),
            (T2A, ["Tier 2 Agent"]),
            (T2L, ["Tier 2 Lead"]),
            (OTHER, ["Tier 2 Agent"]),
        ):
            make_agent(user, roles=("Agent", *roles))
        make_team(CENTER, "Tier 1", [T1A])
        make_team(UNIT, "Tier 2", [T2A, T2L])
        make_team(OTHER_UNIT, "Tier 2", [OTHER])
        forget_tier_teams()
        make_service(SERVICE, tier2_team=UNIT, response_target=2 * H, resolution_target=24 * H)

    def setUp(self):
        frappe.set_user("Administrator")
        frappe.local.lang = "en"

    def ticket(self):
        return frappe.get_doc(
            {
                "doctype": "HD Ticket",
                "subject": "Agent UI test",
                "raised_by": STUDENT,
                "description": "<p>help</p>",
                "moeen_service": SERVICE,
            }
        ).insert(ignore_permissions=True)

    # ------------------------------------------------------------------ installed once
    def test_template_rows_installed_once_with_customer_visibility(self):
        rows = template_rows()
        names = [r.fieldname for r in rows]
        for fieldname, hide in ui_shipping.TEMPLATE_FIELDS:
            self.assertEqual(names.count(fieldname), 1, fieldname)
            row = next(r for r in rows if r.fieldname == fieldname)
            self.assertEqual(row.hide_from_customer, hide, fieldname)
            self.assertEqual(row.required, 0, fieldname)
        # Helpdesk's agent panel reads exactly these rows.
        from helpdesk.helpdesk.doctype.hd_ticket.api import get_ticket_customizations

        panel = [f["fieldname"] for f in get_ticket_customizations()["custom_fields"]]
        self.assertEqual(
            [f for f in panel if f.startswith("moeen_")], [f for f, _h in ui_shipping.TEMPLATE_FIELDS]
        )

    def test_computed_fields_are_read_only_and_absent_from_the_new_ticket_page(self):
        meta = frappe.get_meta("HD Ticket")
        for fieldname in COMPUTED:
            field = meta.get_field(fieldname)
            self.assertTrue(field.read_only, fieldname)
            self.assertEqual(field.depends_on, "eval:doc.creation", fieldname)
        self.assertFalse(meta.get_field("moeen_service").read_only)
        self.assertFalse(meta.get_field("moeen_channel").read_only)
        self.assertTrue(meta.get_field("moeen_service_unit").read_only)  # kept by the app's before_save

    def test_ticket_shows_its_unit_and_targets_in_business_hours(self):
        t = self.ticket()
        self.assertEqual(t.moeen_service_unit, UNIT)
        self.assertEqual((t.moeen_response_target, t.moeen_resolution_target), (2 * H, 24 * H))
        self.assertEqual((t.moeen_response_target_hours, t.moeen_resolution_target_hours), (2.0, 24.0))
        # Typed into the panel (Helpdesk's mobile view ignores read-only): the app puts them back.
        t.reload()
        t.moeen_response_target_hours = 99
        t.moeen_service_unit = OTHER_UNIT
        t.save(ignore_permissions=True)
        t.reload()
        self.assertEqual((t.moeen_response_target_hours, t.moeen_service_unit), (2.0, UNIT))

    def test_form_script_installed_once_from_the_app_file(self):
        rows = frappe.get_all(
            "HD Form Script",
            filters={"dt": "HD Ticket", "script": ["like", "%moeen_helpdesk.api.tiers%"]},
            fields=["name", "apply_to", "enabled", "apply_to_customer_portal", "apply_on_new_page"],
        )
        self.assertEqual([r.name for r in rows], [ui_shipping.FORM_SCRIPT])
        row = rows[0]
        self.assertEqual(
            (row.apply_to, row.enabled, row.apply_to_customer_portal, row.apply_on_new_page),
            ("Form", 1, 0, 0),
        )
        script = frappe.db.get_value("HD Form Script", ui_shipping.FORM_SCRIPT, "script")
        self.assertEqual(script, ui_shipping.script_source())
        for method in ("moeen_helpdesk.api.tiers.available", "moeen_helpdesk.api.tiers.transition"):
            self.assertIn(method, script)
        from helpdesk.helpdesk.doctype.hd_ticket.api import get_ticket_customizations

        self.assertIn(script, get_ticket_customizations()["_form_script"])

    def test_views_installed_once_public_standard_in_the_agent_sidebar(self):
        for name, spec in ui_views.VIEWS.items():
            view = frappe.get_doc("HD View", name)
            self.assertEqual(
                (view.dt, view.route_name, view.public, view.pinned, view.is_standard, view.type),
                ("HD Ticket", "TicketsAgent", 1, 0, 1, "list"),
                name,
            )
            self.assertEqual(json.loads(view.filters), {ui_views.QUEUE_FILTER: spec["queue"]})
            keys = [c["key"] for c in json.loads(view.columns)]
            for key in ("moeen_service", "moeen_tier_state", "resolution_by"):
                self.assertIn(key, keys, name)
        labels = frappe.get_all(
            "HD View", filters={"label": ["in", [s["label"] for s in ui_views.VIEWS.values()]]}, pluck="name"
        )
        self.assertEqual(sorted(labels), sorted(ui_views.VIEWS))

    # ------------------------------------------------------------------ migrate
    def test_migrate_keeps_everything_as_it_is(self):
        before = shipped_state()
        self.assertEqual(len(before["rows"]), len(ui_shipping.TEMPLATE_FIELDS))
        # What `bench migrate` runs for the app after syncing (the fixtures' sync re-creates the
        # custom fields with DDL, which a test transaction cannot hold; test_install covers it).
        for hook in frappe.get_hooks("after_migrate", app_name="moeen_helpdesk"):
            frappe.get_attr(hook)()
        ui_shipping.install()
        self.assertEqual(shipped_state(), before)

    def test_migrate_keeps_an_admins_template_choice_and_restores_a_view(self):
        row = {"parent": ui_shipping.TEMPLATE, "fieldname": "moeen_channel"}
        frappe.db.set_value("HD Ticket Template Field", row, "hide_from_customer", 0)
        frappe.db.set_value("HD View", "MOEEN-VIEW-MY-TIER", {"label": "Changed", "filters": "{}"})
        try:
            ui_shipping.install()
            self.assertEqual(frappe.db.get_value("HD Ticket Template Field", row, "hide_from_customer"), 0)
        finally:
            frappe.db.set_value("HD Ticket Template Field", row, "hide_from_customer", 1)
        self.assertEqual(
            shipped_view("MOEEN-VIEW-MY-TIER"), ("My Tier's Queue", {ui_views.QUEUE_FILTER: "my_tier"})
        )

    # ------------------------------------------------------------------ uninstall
    def test_uninstall_removes_only_what_the_app_added(self):
        others = [r.fieldname for r in template_rows() if not r.fieldname.startswith("moeen_")]
        helpdesk_views = frappe.get_all(
            "HD View", filters={"name": ["not in", list(ui_views.VIEWS)]}, pluck="name"
        )
        try:
            ui_shipping.uninstall()
            self.assertEqual([r.fieldname for r in template_rows()], others)
            self.assertFalse(frappe.db.exists("HD Form Script", ui_shipping.FORM_SCRIPT))
            self.assertFalse(frappe.get_all("HD View", filters={"name": ["in", list(ui_views.VIEWS)]}))
            self.assertEqual(sorted(frappe.get_all("HD View", pluck="name")), sorted(helpdesk_views))
            from helpdesk.helpdesk.doctype.hd_ticket.api import get_ticket_customizations

            self.assertFalse(
                any("moeen_helpdesk" in s for s in get_ticket_customizations()["_form_script"] or [])
            )
        finally:
            ui_shipping.install()  # the rest of the suite (and the site) keep the app's records
        self.assertEqual(len(shipped_state()["views"]), len(ui_views.VIEWS))

    # ------------------------------------------------------------------ live queues
    def listed(self, user: str, view: str) -> list[str]:
        filters = json.loads(frappe.db.get_value("HD View", view, "filters"))
        with as_user(user):
            data = ui_queues.get_list_data(
                "HD Ticket", filters=filters, page_length=500, view={"name": view, "view_type": "list"}
            )
        return [r["name"] for r in data["data"]]

    def test_views_follow_the_ticket_on_every_load(self):
        t = self.ticket()
        self.assertIn(t.name, self.listed(T1A, "MOEEN-VIEW-MY-TIER"))
        self.assertNotIn(t.name, self.listed(T2A, "MOEEN-VIEW-MY-TIER"))
        with as_user(T1A):
            do_transition(t.name, "escalate", reason="Needs the unit")
        self.assertNotIn(t.name, self.listed(T1A, "MOEEN-VIEW-MY-TIER"))
        self.assertIn(t.name, self.listed(T1A, "MOEEN-VIEW-ESCALATED-BY-MY-TEAM"))
        self.assertIn(t.name, self.listed(T2A, "MOEEN-VIEW-MY-TIER"))
        self.assertNotIn(t.name, self.listed(OTHER, "MOEEN-VIEW-MY-TIER"))
        with as_user(T2A):
            do_transition(t.name, "accept")
            do_transition(t.name, "complete", reason="Done in the unit")
        self.assertIn(t.name, self.listed(T2L, "MOEEN-VIEW-AWAITING-MY-VERIFICATION"))
        self.assertNotIn(t.name, self.listed(T2A, "MOEEN-VIEW-AWAITING-MY-VERIFICATION"))
        with as_user(T2L):
            do_transition(t.name, "verify")
        for user in (T1A, T2A, T2L):
            for view in ui_views.VIEWS:
                self.assertNotIn(t.name, self.listed(user, view), (user, view))

    def test_unassigned_view_lists_only_tickets_nobody_holds(self):
        t = self.ticket()
        frappe.db.set_value("HD Ticket", t.name, "_assign", None)
        self.assertIn(t.name, self.listed(T1A, "MOEEN-VIEW-UNASSIGNED-IN-MY-TEAMS"))
        frappe.db.set_value("HD Ticket", t.name, "_assign", "[]")
        self.assertIn(t.name, self.listed(T1A, "MOEEN-VIEW-UNASSIGNED-IN-MY-TEAMS"))
        frappe.db.set_value("HD Ticket", t.name, "_assign", json.dumps([T1A]))
        self.assertNotIn(t.name, self.listed(T1A, "MOEEN-VIEW-UNASSIGNED-IN-MY-TEAMS"))

    def test_unknown_queue_is_a_clear_error(self):
        with as_user(T1A):
            for bad in ("nope", 5, ["=", None]):
                with self.assertRaises(frappe.ValidationError):
                    ui_queues.get_list_data("HD Ticket", filters={ui_views.QUEUE_FILTER: bad})
        # Other lists pass through untouched.
        self.assertEqual(ui_queues.expand_queue_filter({"status": "Open"}), {"status": "Open"})

    def test_helpdesk_list_api_is_routed_through_the_app(self):
        self.assertIn(
            "moeen_helpdesk.agent_ui.queues.get_list_data",
            frappe.get_hooks("override_whitelisted_methods").get("helpdesk.api.doc.get_list_data", []),
        )

    # ------------------------------------------------------------------ arrows and export
    def test_next_previous_arrows_follow_the_queue(self):
        first, second = self.ticket(), self.ticket()
        view = "MOEEN-VIEW-MY-TIER"
        with as_user(T1A):
            got = ui_queues.get_navigation_tickets(first.name, view)
        self.assertEqual(got[0], first.name)
        self.assertIn(second.name, got[1:])
        self.assertNotIn(first.name, got[1:])
        with as_user(T2A):  # not in the unit's queue before an escalation
            self.assertNotIn(second.name, ui_queues.get_navigation_tickets(first.name, view))
        # the escalation queue filters names itself: beside the arrows' "not the current one"
        with as_user(T1A):
            for t in (first, second):
                do_transition(t.name, "escalate", reason="Needs the unit")
            got = ui_queues.get_navigation_tickets(first.name, "MOEEN-VIEW-ESCALATED-BY-MY-TEAM")
        self.assertEqual(got[0], first.name)
        self.assertIn(second.name, got[1:])
        self.assertNotIn(first.name, got[1:])
        # a view without the queue is Helpdesk's own answer
        with as_user(T1A):
            self.assertEqual(ui_queues.get_navigation_tickets(first.name)[0], first.name)
        self.assertIn(
            "moeen_helpdesk.agent_ui.queues.get_navigation_tickets",
            frappe.get_hooks("override_whitelisted_methods").get(
                "helpdesk.helpdesk.doctype.hd_ticket.api.get_navigation_tickets", []
            ),
        )

    def exported(self, user, filters) -> set[str]:
        """The ticket names of a CSV export (Sr, ID, Subject, ...) as Helpdesk's list asks it."""
        with as_user(user):  # frappe.set_user starts a new form_dict
            frappe.local.form_dict = frappe._dict(
                file_format_type="CSV",
                title="HD Ticket",
                doctype="HD Ticket",
                fields=json.dumps(["name", "subject"]),
                filters=json.dumps(filters),
                order_by="modified desc",
                page_length=500,
                start=0,
                view="Report",
            )
            frappe.local.response = frappe._dict(docs=[])
            try:
                ui_queues.export_query()
                content = frappe.local.response.get("filecontent")
            finally:
                frappe.local.form_dict = frappe._dict()
                frappe.local.response = frappe._dict(docs=[])
        import csv
        import io

        text = content.decode() if isinstance(content, bytes) else str(content)
        return {row[1] for row in list(csv.reader(io.StringIO(text)))[1:] if len(row) > 1}

    def test_export_follows_the_queue(self):
        mine, other = self.ticket(), self.ticket()
        with as_user(T1A):
            do_transition(other.name, "escalate", reason="Needs the unit")
        queue = json.loads(frappe.db.get_value("HD View", "MOEEN-VIEW-MY-TIER", "filters"))
        self.assertIn(ui_views.QUEUE_FILTER, queue)
        names = self.exported(T1A, queue)
        self.assertIn(str(mine.name), names)
        self.assertNotIn(str(other.name), names)
        # the selected rows of a queue: both the selection and the queue apply
        escalated = json.loads(frappe.db.get_value("HD View", "MOEEN-VIEW-ESCALATED-BY-MY-TEAM", "filters"))
        names = self.exported(T1A, {**escalated, "name": ["in", [mine.name, other.name]]})
        self.assertEqual(names, {str(other.name)})
        self.assertIn(
            "moeen_helpdesk.agent_ui.queues.export_query",
            frappe.get_hooks("override_whitelisted_methods").get("frappe.desk.reportview.export_query", []),
        )

    # ------------------------------------------------------------------ labels
    def ticket_labels(self, referer: str | None, lang: str) -> dict:
        """The HD Ticket labels the meta API answers, as a request from ``referer`` in ``lang``."""
        from frappe.utils import set_request

        set_request(
            method="GET",
            path="/api/method/frappe.desk.form.load.getdoctype",
            headers={"Referer": referer} if referer else {},
        )
        frappe.local.lang = lang
        frappe.local.response = frappe._dict(docs=[])
        try:
            ui_labels.getdoctype("HD Ticket", with_parent=1)
            docs = frappe.local.response.docs
        finally:
            frappe.local.lang = "en"
            frappe.local.request = None
            frappe.local.response = frappe._dict(docs=[])
        meta = next(d for d in docs if (d.get("name") if isinstance(d, dict) else d.name) == "HD Ticket")
        return {f.get("fieldname"): f.get("label") for f in (meta.get("fields") or [])}

    def test_ticket_info_labels_in_the_agents_language(self):
        self.assertIn(
            "moeen_helpdesk.agent_ui.labels.getdoctype",
            frappe.get_hooks("override_whitelisted_methods").get("frappe.desk.form.load.getdoctype", []),
        )
        ui = "http://site.localhost/helpdesk/tickets/12"
        arabic = self.ticket_labels(ui, "ar")
        self.assertEqual(arabic["moeen_service"], "الخدمة")
        self.assertEqual(arabic["moeen_tier_state"], "حالة المستوى")
        self.assertEqual(arabic["moeen_response_target_hours"], "الوقت المستهدف للاستجابة (ساعات عمل)")
        self.assertEqual(self.ticket_labels(ui, "en")["moeen_service"], "Service")
        # the desk translates labels itself: it gets Frappe's meta as it is
        self.assertEqual(
            self.ticket_labels("http://site.localhost/app/hd-ticket/12", "ar")["moeen_service"], "Service"
        )
        self.assertEqual(self.ticket_labels(None, "ar")["moeen_service"], "Service")
        self.assertEqual(
            self.ticket_labels("http://site.localhost/helpdeskx", "ar")["moeen_service"], "Service"
        )
        # the cached meta is not changed by the translated copy
        self.assertEqual(frappe.get_meta("HD Ticket").get_field("moeen_service").label, "Service")

    # ------------------------------------------------------------------ protection
    def test_agents_cannot_change_or_delete_the_shipped_views(self):
        name = "MOEEN-VIEW-MY-TIER"
        with as_user(T1A):
            view = frappe.get_doc("HD View", name)
            self.assertTrue(frappe.has_permission("HD View", "read", doc=view))
            self.assertFalse(frappe.has_permission("HD View", "write", doc=view))
            self.assertFalse(frappe.has_permission("HD View", "delete", doc=view))
            from frappe.client import delete, set_value

            with self.assertRaises(frappe.PermissionError):
                set_value("HD View", name, "filters", "{}")
            with self.assertRaises(frappe.PermissionError):
                delete("HD View", name)
            with self.assertRaises(frappe.ValidationError):  # "You need write permission … to rename"
                frappe.rename_doc("HD View", name, "MOEEN-VIEW-MINE")
            view.label = "Mine now"
            with self.assertRaises(frappe.PermissionError):  # even where permissions are skipped
                view.save(ignore_permissions=True)
            # Their own views stay theirs.
            own = frappe.get_doc(
                {
                    "doctype": "HD View",
                    "label": "My own",
                    "dt": "HD Ticket",
                    "route_name": "TicketsAgent",
                    "user": T1A,
                    "filters": "{}",
                }
            ).insert()
            own.label = "My own, renamed"
            own.save()
        self.assertEqual(shipped_view(name), ("My Tier's Queue", {ui_views.QUEUE_FILTER: "my_tier"}))
        self.assertEqual(frappe.db.get_value("HD View", own.name, "label"), "My own, renamed")
        # A System Manager may change them (and the next migrate puts them back).
        view = frappe.get_doc("HD View", name)
        view.icon = "🗂️"
        view.save()
        ui_shipping.install()
        self.assertEqual(frappe.db.get_value("HD View", name, "icon"), ui_views.VIEWS[name]["icon"])
