"""Prepare a knowledge article for e2e/specs/knowledge.test.js, read what the spec did, clean up.

    cd /home/frappe/frappe-bench && runuser -u frappe -- env/bin/python /path/to/e2e/prepare_knowledge.py \
        --site moeen-test.localhost [--service IAM-001] [--state --user s01@…] [--cleanup]

Prepare (idempotent, committed) publishes one HD Article on resetting a password and lists it among
the service's related articles, and makes a draft with the same words (which must never be shown).
It prints, on its last line, ``MOEEN_E2E_KB_ARTICLE=… MOEEN_E2E_KB_DRAFT=… MOEEN_E2E_KB_SERVICE=…``.
``--state --user U`` prints the deflection rows of U on that article (``MOEEN_E2E_KB_SUGGESTED=…
MOEEN_E2E_KB_OPENED=… MOEEN_E2E_KB_SOLVED=…``) and U's tickets (``MOEEN_E2E_KB_TICKETS=…``).
Cleanup deletes both articles, their rows in the service's related articles and their deflection rows.
"""

import argparse

from bench_site import run_on_site

TITLE = "استعادة كلمة المرور بنفسك (e2e)"
DRAFT_TITLE = "كلمة المرور: ملاحظات داخلية (e2e)"
CONTENT = "<p>افتح صفحة الدخول واختر «نسيت كلمة المرور»، ثم اتبع الرابط الذي يصل إلى بريدك الجامعي.</p>"
DEFLECTION = "Moeen Article Deflection"


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--site", default="moeen-test.localhost")
    p.add_argument("--sites-path", default=None)
    p.add_argument("--service", default="IAM-001")
    p.add_argument("--user", default=None)
    p.add_argument("--state", action="store_true")
    p.add_argument("--cleanup", action="store_true")
    return p.parse_args()


def article(frappe, title, status, content):
    name = frappe.db.get_value("HD Article", {"title": title}, "name")
    if name:
        return name
    doc = frappe.get_doc({"doctype": "HD Article", "title": title, "content": content, "status": status})
    return doc.insert(ignore_permissions=True).name


def forget_published_articles():
    """After the commit: the portal reads the published articles anew (the app's own cache;
    imported here, like the other preparation scripts do, once the bench's Python runs this)."""
    from moeen_helpdesk.knowledge.articles import forget

    forget()


def names(frappe):
    return frappe.get_all("HD Article", filters={"title": ["in", [TITLE, DRAFT_TITLE]]}, pluck="name")


def prepare(frappe, args):
    published = article(frappe, TITLE, "Published", CONTENT)
    draft = article(frappe, DRAFT_TITLE, "Draft", "<p>سري: لا يُعرض على المستفيدين</p>")
    service = frappe.get_doc("Moeen Service", args.service)
    listed = {r.article for r in service.related_articles}
    for name in (published, draft):
        if name not in listed:
            service.append("related_articles", {"article": name})
    service.save(ignore_permissions=True)
    frappe.db.commit()
    forget_published_articles()
    print(f"MOEEN_E2E_KB_ARTICLE={published} MOEEN_E2E_KB_DRAFT={draft} MOEEN_E2E_KB_SERVICE={args.service}")


def state(frappe, args):
    published = frappe.db.get_value("HD Article", {"title": TITLE}, "name")
    counts = {
        e: frappe.db.count(DEFLECTION, {"user": args.user, "article": published, "event": e})
        for e in ("Suggested", "Opened", "Solved")
    }
    tickets = frappe.db.count("HD Ticket", {"raised_by": args.user})
    print(
        f"MOEEN_E2E_KB_SUGGESTED={counts['Suggested']} MOEEN_E2E_KB_OPENED={counts['Opened']} "
        f"MOEEN_E2E_KB_SOLVED={counts['Solved']} MOEEN_E2E_KB_TICKETS={tickets}"
    )


def cleanup(frappe, args):
    found = names(frappe)
    if found:
        frappe.db.delete(DEFLECTION, {"article": ["in", found]})
        for name in found:
            frappe.delete_doc("HD Article", name, force=True, ignore_permissions=True)
    frappe.db.commit()
    forget_published_articles()
    print(f"MOEEN_E2E_KB_REMOVED={len(found)}")


def main():
    args = parse()
    run_on_site(
        args, lambda frappe: (cleanup if args.cleanup else state if args.state else prepare)(frappe, args)
    )


if __name__ == "__main__":
    main()
