"""Malformed calls to every whitelisted function and doc method of the app: never a 5xx.

The endpoints are collected by walking the app's modules (a new endpoint is fuzzed, and must
carry ``moeen_helpdesk.guard.endpoints.endpoint``, without editing this file). Each gets a fixed
corpus of malformed calls — no arguments, an unexpected one, each argument missing or
ill-typed, oversized, nested thousands of levels deep, SQL and HTML — as Guest, a student
and Administrator, through Frappe's real request path. No answer may be 5xx; a missing
argument, a too-large or too-deep value is a 4xx; and a refused call changes nothing (the
numbers of tickets, communications, survey requests and responses, tier transitions and SLA
reviews before and after).
"""

import inspect
import json
import os
import re
from urllib.parse import urlencode

import frappe

from moeen_helpdesk.core.inputs import MAX_VALUE_CHARS
from moeen_helpdesk.guard.endpoints import is_endpoint
from moeen_helpdesk.openapi import app_endpoints, params_of, path_of
from moeen_helpdesk.tests.security_helpers import GUEST, Fixtures, RequestCase, server_messages

WATCHED = (
    "HD Ticket",
    "Communication",
    "Moeen Survey Request",
    "Moeen Survey Response",
    "Moeen Tier Transition",
    "Moeen SLA Review",
    "Moeen Beneficiary",
    "Moeen Service",
)
DEEP_LIST = "[" * 5000 + "]" * 5000
DEEP_DICT = '{"a":' * 3000 + "1" + "}" * 3000
HUGE = "x" * (MAX_VALUE_CHARS + 10)
#: (kind, value, sent as JSON body?) for one argument.
VALUES = (
    ("deep-list", DEEP_LIST, False),
    ("deep-dict", DEEP_DICT, False),
    ("huge", HUGE, False),
    ("dict", {"a": {"b": [1, 2, {"c": None}]}}, True),
    ("list", [1, "two", None], True),
    ("number", 10**30, True),
    ("null", None, True),
    ("sql", "' OR 1=1 -- ", False),
    ("html", "<img src=x onerror=alert(1)><script>alert(1)</script>", False),
    ("text", "x", False),
    ("surrogate", "a\ud800b", True),  # a lone surrogate: not storable text (found by schemathesis)
)
MUST_REFUSE = {"deep-list", "deep-dict", "huge", "surrogate"}
#: Values for one report filter: wrong types, impossible dates, SQL, nothing.
FILTER_VALUES = (
    "not-a-date",
    "2026-13-45",
    "' OR 1=1 -- ",
    "",
    None,
    ["x", "y"],
    {"a": 1},
    10**30,
    -1,
    HUGE[:5000],
)


def report_filters(report: str) -> list[str]:
    """The filter fieldnames a Script Report's form offers (read from its .js and the files it
    includes)."""
    folder = frappe.scrub(report)
    path = frappe.get_app_path("moeen_helpdesk", "moeen_helpdesk", "report", folder, f"{folder}.js")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for included in re.findall(r'{%\s*include\s*"moeen_helpdesk/([^"]+)"\s*%}', text):
        with open(frappe.get_app_path("moeen_helpdesk", included), encoding="utf-8") as f:
            text += f.read()
    return sorted(set(re.findall(r'fieldname:\s*"([a-z_]+)"', text)))


class TestFuzz(RequestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client.token("Administrator")
        frappe.db.commit()  # nosemgrep: requests see only committed data
        cls.functions, cls.methods = app_endpoints()
        cls.users = (GUEST, Fixtures.STUDENT, "Administrator")
        cls.review = cls.fx.review

    def counts(self) -> dict:
        frappe.db.rollback()
        return {d: frappe.db.count(d) for d in WATCHED}

    def send(self, user, path, payload: dict, as_json: bool, kind: str, problems: list):
        before = self.counts()
        if as_json:
            status, body = self.client.call(user, "post", path, payload=payload)
        else:
            data = {k: v if isinstance(v, str) else json.dumps(v) for k, v in payload.items()}
            status, body = self.client.call(user, "post", path, data=data)
        label = f"{user} {path} [{kind}] {str(payload)[:120]}"
        if status >= 500:
            problems.append(f"{label}: {status} {server_messages(body)[:300]}")
        elif kind in MUST_REFUSE and status < 400:
            problems.append(f"{label}: accepted ({status})")
        if status >= 400 and self.counts() != before:
            problems.append(f"{label}: refused ({status}) but changed {self.counts()} (was {before})")
        return status

    def corpus(self, params: list[inspect.Parameter]):
        """(kind, payload, as_json) calls: malformed on purpose."""
        yield "none", {}, True
        yield "unexpected", {"zz_unexpected": 1}, True
        plausible = {p.name: "x" for p in params}
        for p in params:
            for kind, value, as_json in VALUES:
                yield kind, {**plausible, p.name: value}, as_json
            if p.default is inspect.Parameter.empty:
                yield "missing", {k: v for k, v in plausible.items() if k != p.name}, False

    def test_endpoints_are_found_and_guarded(self):
        names = {path_of(f) for f in self.functions}
        self.assertIn("moeen_helpdesk.api.surveys.submit", names)
        self.assertIn("moeen_helpdesk.api.portal.request", names)
        self.assertIn("moeen_helpdesk.counts.get_count", names)
        self.assertIn("MoeenBeneficiary.rederive_type", {m.__qualname__ for m in self.methods})
        unguarded = [path_of(f) for f in self.functions + self.methods if not is_endpoint(f)]
        self.assertEqual(unguarded, [], "decorate these with moeen_helpdesk.guard.endpoints.endpoint")

    def test_functions(self):
        problems = []
        for fn in self.functions:
            path = f"/api/method/{path_of(fn)}"
            params = params_of(fn)
            for kind, payload, as_json in self.corpus(params):
                for user in self.users:
                    status = self.send(user, path, payload, as_json, kind, problems)
                    required = [p.name for p in params if p.default is inspect.Parameter.empty]
                    if kind == "missing" or (kind == "none" and required):
                        if status < 400:
                            problems.append(f"{user} {path} [{kind}]: missing argument accepted ({status})")
        self.assertEqual(problems, [], "\n".join(problems[:40]))

    def test_doc_methods(self):
        targets = {
            "MoeenBeneficiary": ("Moeen Beneficiary", Fixtures.STUDENT),
            "MoeenOfficeCalendar": (
                "Moeen Office Calendar",
                frappe.get_all("Moeen Office Calendar", pluck="name", limit=1)[0],
            ),
            "MoeenSLAReview": ("Moeen SLA Review", self.review),
        }
        problems = []
        for fn in self.methods:
            cls_name, method = fn.__qualname__.split(".")[:2]
            self.assertIn(cls_name, targets, f"add a target document for {fn.__qualname__}")
            doctype, name = targets[cls_name]
            params = params_of(fn)
            for kind, payload, _as_json in self.corpus(params):
                # Frappe drops the arguments of a method that takes none: those calls, and a call
                # without arguments where none is required, are valid and would run the action.
                plausible_call = not params or (
                    kind == "none" and not [p for p in params if p.default is inspect.Parameter.empty]
                )
                for user in self.users:
                    if plausible_call and user == "Administrator":
                        continue
                    # The arguments travel as one JSON string; a deep or huge one is sent as is
                    # (a lone surrogate inside that JSON, escaped).
                    bad = next((v for k, v, j in VALUES if k == kind and k in MUST_REFUSE and not j), None)
                    args = bad if bad is not None else json.dumps(payload)
                    data = {"dt": doctype, "dn": name, "method": method, "args": args}
                    status = self.send(user, "/api/method/run_doc_method", data, False, kind, problems)
                    if user == "Administrator" and kind in ("unexpected", "missing") and status < 400:
                        problems.append(f"{fn.__qualname__} [{kind}]: accepted ({status})")
        self.assertEqual(problems, [], "\n".join(problems[:40]))

    def test_frappe_reads_of_the_app_doctypes(self):
        """The app's overrides of Frappe's counts and searches, with malformed filters."""
        problems = []
        for method in (
            "frappe.client.get_count",
            "frappe.desk.search.search_link",
            "frappe.desk.search.search_widget",
            "frappe.desk.listview.get_group_by_count",
        ):
            for doctype in ("HD Ticket", "Moeen Survey Response", "No Such Doctype", DEEP_LIST):
                for filters in ("[[", DEEP_LIST, '[["subject", "like", "%a%"]]', "{'a': 1}", HUGE):
                    payload = {
                        "doctype": doctype,
                        "filters": filters,
                        "current_filters": filters,
                        "field": "assigned_to",
                        "txt": "a",
                    }
                    for user in (GUEST, Fixtures.STUDENT):
                        self.send(user, f"/api/method/{method}", payload, False, "filters", problems)
        self.assertEqual(problems, [], "\n".join(problems[:40]))

    def test_permission_comes_before_argument_types(self):
        """An ill-typed argument from a caller who may not call the function: 403, not the
        417 that would describe the function's signature; from one who may: 417."""
        self.client.token(Fixtures.T1)
        frappe.db.commit()  # nosemgrep
        calls = (
            ("moeen_helpdesk.api.tiers.queue", {"kind": "my_tier", "limit": "many"}),
            ("moeen_helpdesk.api.tiers.transition", {"ticket": {"a": 1}, "action": ["x"]}),
            ("moeen_helpdesk.compliance.compliance_this_month", {"filters": 12.5}),
        )
        for method, payload in calls:
            status, body = self.client.method(Fixtures.STUDENT, method, payload=payload)
            self.assertEqual(status, 403, f"{method}: {server_messages(body)}")
        status, body = self.client.method(Fixtures.T1, calls[0][0], payload=calls[0][1])
        self.assertEqual(status, 417, server_messages(body))

    def test_request_bodies_frappe_cannot_parse(self):
        """A JSON body that is invalid or nested thousands of levels deep fails in Frappe's
        request set-up, before any hook: a translated 400 for every path, nothing changed."""
        bodies = {
            "deep-list": DEEP_LIST,
            "deep-dict": DEEP_DICT,
            "invalid": '{"subject": ',
            "quotes": "{'a': 1}",
        }
        paths = (
            ("post", "/api/method/moeen_helpdesk.api.portal.request"),
            ("post", "/api/method/frappe.client.get_count"),
            ("put", f"/api/resource/HD Ticket/{self.fx.ticket}"),
            ("post", "/api/resource/HD Ticket"),
        )
        before = self.counts()
        for user in (GUEST, Fixtures.STUDENT):
            for http, path in paths:
                for kind, body in bodies.items():
                    for lang, words in (("en", "The request"), ("ar", "الطلب")):
                        status, answer = self.client.call(
                            user, http, path, data=body, lang=lang, content_type="application/json"
                        )
                        label = f"{user} {http} {path} [{kind}, {lang}]"
                        self.assertEqual(status, 400, label)
                        self.assertIn(words, server_messages(answer), label)
        self.assertEqual(self.counts(), before)

    def test_reports(self):
        """Every Script Report of the app through Frappe's report runner with malformed filters
        (for each filter its form offers: wrong types, impossible dates, SQL, nothing): a
        student is refused (4xx: Frappe's runner parses the filters before it checks the
        report's roles), Administrator never gets a 5xx."""
        reports = frappe.get_all(
            "Report", {"module": "Moeen Helpdesk", "report_type": "Script Report"}, pluck="name"
        )
        self.assertGreaterEqual(len(reports), 4)
        problems = []
        for report in sorted(reports):
            fields = report_filters(report)
            self.assertTrue(fields, f"{report}: no filters found in its .js")
            calls = [("invalid", "{"), ("deep", DEEP_LIST), ("huge", HUGE), ("list", "[1, 2]")]
            calls += [("number", "12"), ("unexpected", json.dumps({"zz_unexpected": 1}))]
            calls += [("reversed", json.dumps({"from_date": "2026-12-31", "to_date": "2026-01-01"}))]
            for field in fields:
                calls += [(f"{field}={str(v)[:20]}", json.dumps({field: v})) for v in FILTER_VALUES]
            for kind, filters in calls:
                payload = {"report_name": report, "filters": filters}
                for user in (Fixtures.STUDENT, "Administrator"):
                    status = self.send(
                        user, "/api/method/frappe.desk.query_report.run", payload, False, kind, problems
                    )
                    if user == Fixtures.STUDENT and not 400 <= status < 500:
                        problems.append(f"{report} [{kind}] as a student: {status}")
        self.assertEqual(problems, [], "\n".join(problems[:40]))

    def test_arguments_frappe_cannot_parse(self):
        """Frappe's own list and count endpoints parse ``filters`` / ``fields`` without catching
        the error: malformed JSON there is the client's error too (400), a valid call still works."""
        for arg in ("filters", "fields"):
            for value in ("[", '{"a": ', DEEP_LIST):
                for path, extra in (
                    ("/api/resource/HD Ticket", {}),
                    ("/api/method/frappe.client.get_list", {"doctype": "HD Ticket"}),
                ):
                    url = f"{path}?{urlencode({arg: value, **extra})}"
                    status, body = self.client.call(Fixtures.STUDENT, "get", url)
                    self.assertIn(status, (400, 417), f"{url[:80]}: {status} {server_messages(body)[:200]}")
        status, body = self.client.call(Fixtures.STUDENT, "get", "/api/resource/HD Ticket?filters=[]")
        self.assertEqual(status, 200, server_messages(body))

    def test_rest_shapes_frappe_assumes(self):
        """Frappe's REST document routes fail with a 500 on a document that is not an object or a
        POST on a document without ``run_method`` (found by schemathesis): a translated 400 / 417,
        for Guest and a student, nothing changed; a well-formed create still works."""
        before = self.counts()
        ticket = f"/api/resource/HD Ticket/{self.fx.ticket}"
        for user in (GUEST, Fixtures.STUDENT):
            for http, path, body, expected in (
                ("post", "/api/resource/HD Ticket", "[null, null]", 400),
                ("put", ticket, '["subject"]', 400),
                ("post", ticket, "{}", 417),  # a missing argument, as for every other call
            ):
                for lang, words in (("en", "document"), ("ar", "المستند")):
                    status, answer = self.client.call(
                        user, http, path, data=body, lang=lang, content_type="application/json"
                    )
                    label = f"{user} {http} {path} {body} [{lang}]"
                    self.assertEqual(status, expected, f"{label}: {server_messages(answer)[:200]}")
                    self.assertIn(words, server_messages(answer), label)
            # A bare number: Frappe's own request set-up refuses it (417, "Invalid request arguments").
            status, answer = self.client.call(
                user, "post", "/api/resource/HD Ticket", data="12", content_type="application/json"
            )
            self.assertEqual(status, 417, server_messages(answer))
        self.assertEqual(self.counts(), before)
        # Administrator's valid calls of the doc methods above may have re-derived the type.
        frappe.db.set_value("Moeen Beneficiary", Fixtures.STUDENT, "beneficiary_type", "Student")
        frappe.db.commit()  # nosemgrep: the request sees only committed data
        status, answer = self.client.call(
            Fixtures.STUDENT,
            "post",
            "/api/resource/HD Ticket",
            payload={
                "subject": "REST shape: well formed",
                "description": "ok",
                "moeen_service": Fixtures.SERVICE,
            },
        )
        self.assertEqual(status, 200, server_messages(answer))

    def test_filters_and_values_frappe_would_choke_on(self):
        """What schemathesis found: filters with fields that do not exist or values that are not
        values, negative paging, a list for a Link field — a translated 417, never a 500."""
        calls = (
            ("frappe.client.get_count", {"doctype": "HD Ticket", "filters": {"": [1.5, None, 3]}}),
            ("frappe.client.get_count", {"doctype": "HD Ticket", "filters": {"no_such_field": 1}}),
            (
                "frappe.desk.search.search_link",
                {"doctype": "HD Ticket", "txt": "a", "filters": [{"x>": {"y": 1}}]},
            ),
            ("frappe.desk.search.search_link", {"doctype": "HD Ticket", "txt": "a", "page_length": -520}),
            ("helpdesk.api.doc.get_list_data", {"doctype": "HD Ticket", "filters": {"status": {"a": 1}}}),
            ("helpdesk.api.doc.get_list_data", {"doctype": ""}),
        )
        for method, payload in calls:
            status, body = self.client.method(Fixtures.STUDENT, method, payload=payload)
            self.assertIn(status, (404, 417), f"{method} {payload}: {status} {server_messages(body)[:200]}")
        status, body = self.client.method(
            Fixtures.STUDENT,
            "frappe.client.get_count",
            payload={"doctype": "HD Ticket", "filters": {"status": "Open"}},
        )
        self.assertEqual(status, 200, server_messages(body))
        before = frappe.db.get_value("HD Ticket", self.fx.ticket, "moeen_service")
        status, body = self.client.call(
            Fixtures.STUDENT,
            "put",
            f"/api/resource/HD Ticket/{self.fx.ticket}",
            payload={"moeen_service": [None, None]},
        )
        self.assertEqual(status, 417, server_messages(body))
        frappe.db.rollback()
        self.assertEqual(frappe.db.get_value("HD Ticket", self.fx.ticket, "moeen_service"), before)
