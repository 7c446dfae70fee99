"""Dotted paths stored outside the code keep working after a module became a package.

Frappe keeps the hooks in its cache until the next migrate: between an upgrade's code and its
migrate a request still looks up the paths the previous release's hooks named. Each must reach
the function the current hooks name."""

import frappe
from frappe.tests.utils import FrappeTestCase

#: path the previous release's hooks named -> path the current hooks name
MOVED = {
    "moeen_helpdesk.guard.before_request": "moeen_helpdesk.guard.request.before_request",
    "moeen_helpdesk.guard.after_request": "moeen_helpdesk.guard.parse_errors.after_request",
    "moeen_helpdesk.agent_ui.install": "moeen_helpdesk.agent_ui.shipping.install",
    "moeen_helpdesk.agent_ui.view_permission": "moeen_helpdesk.agent_ui.protection.view_permission",
    "moeen_helpdesk.agent_ui.get_list_data": "moeen_helpdesk.agent_ui.queues.get_list_data",
    "moeen_helpdesk.agent_ui.get_navigation_tickets": "moeen_helpdesk.agent_ui.queues.get_navigation_tickets",
    "moeen_helpdesk.agent_ui.export_query": "moeen_helpdesk.agent_ui.queues.export_query",
    "moeen_helpdesk.agent_ui.getdoctype": "moeen_helpdesk.agent_ui.labels.getdoctype",
    "moeen_helpdesk.sla.on_calendar_update": "moeen_helpdesk.sla.recompute.on_calendar_update",
    "moeen_helpdesk.sla.run_periodic_job": "moeen_helpdesk.sla.notices.run_periodic_job",
}


def current_hook_paths() -> set[str]:
    found = set()

    def walk(value):
        if isinstance(value, str) and value.startswith("moeen_helpdesk."):
            found.add(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list | tuple):
            for v in value:
                walk(v)

    walk(frappe.get_hooks(app_name="moeen_helpdesk"))
    return found


class TestStoredPaths(FrappeTestCase):
    def test_every_path_the_hooks_name_resolves(self):
        paths = current_hook_paths()
        self.assertIn("moeen_helpdesk.guard.request.before_request", paths)
        for path in sorted(paths):
            with self.subTest(path=path):
                self.assertTrue(callable(frappe.get_attr(path)))

    def test_paths_of_the_previous_hooks_reach_the_current_functions(self):
        paths = current_hook_paths()
        for old, new in MOVED.items():
            with self.subTest(old=old):
                self.assertIn(new, paths)  # the hooks name the new home ...
                self.assertIs(frappe.get_attr(old), frappe.get_attr(new))  # ... and the old path reaches it
