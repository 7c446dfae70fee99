"""Prepare a satisfaction-survey link for e2e/specs/survey.test.js.

    cd /home/frappe/frappe-bench && runuser -u frappe -- env/bin/python /path/to/e2e/prepare_survey.py --site moeen-test.localhost

Creates (and commits) a demo ticket of a demo beneficiary with a pending survey request and prints
``MOEEN_E2E_SURVEY_PATH=/moeen-survey?token=…``. A link is single use, so every run makes a new one;
no email is queued for it.
"""

from bench_site import run_on_site, site_parser

EMAIL = "e2e-survey@moeen-e2e.test"


def prepare(frappe):
    from moeen_helpdesk.surveys import sending, shipped, triggers
    from moeen_helpdesk.surveys import settings as survey_settings
    from moeen_helpdesk.tests.utils import make_website_user

    shipped.ship_default_templates()
    make_website_user(EMAIL, "E2E", language="ar")
    ticket = frappe.get_doc(
        {
            "doctype": "HD Ticket",
            "subject": "E2E survey",
            "raised_by": EMAIL,
            "description": "<p>e2e</p>",
        }
    ).insert(ignore_permissions=True)
    name = triggers.create_request(
        survey_settings.TICKET_RESOLVED,
        "HD Ticket",
        ticket.name,
        EMAIL,
        {"channel": "Portal", "beneficiary_type": "Student", "tier": "Tier 1"},
        dedupe_key=f"e2e:{ticket.name}",
    )
    frappe.db.after_commit.reset()  # no survey email for the e2e request
    request = frappe.get_doc(survey_settings.REQUEST, name)
    request.db_set("sent_at", frappe.utils.now_datetime(), update_modified=False)
    frappe.db.commit()
    print(
        f"MOEEN_E2E_SURVEY_PATH=/moeen-survey?token={sending.token_for(request)} MOEEN_E2E_TICKET={ticket.name}"
    )


def main():
    p = site_parser()
    run_on_site(p.parse_args(), prepare)


if __name__ == "__main__":
    main()
