"""Ticket intake at load: a number without a lock held to commit, assignment after commit.

* **Numbers** (:func:`autoname`, an ``HD Ticket.autoname`` doc_event): Helpdesk names
  tickets ``.####``, i.e. from the ``tabSeries`` row ``''``, which it reads FOR UPDATE and
  holds until the insert commits, so concurrent intakes queue behind each other. The
  app draws the number from a MariaDB SEQUENCE instead (same format, zero-padded to 4
  digits). A sequence hands out each value once, outside the transaction: no lock is
  held, a rollback leaves a gap, a number is never reused. :func:`ensure_sequence`
  (install and every migrate) creates it or moves it forward to the highest number
  ever seen (series, tickets, deleted tickets, and the Communications, ToDos and
  versions keyed by a ticket's name); it never moves back. Uninstall hands the count
  back to ``tabSeries``. Where there is no sequence (another database, a site not yet
  migrated) Frappe's own naming applies.
* **Assignment** on tier teams: their Assignment Rule's condition gets ``and not
  moeen_assignment_pending`` (:func:`deferred_condition`, kept by
  ``tiers.assignment.sync_rotation``); a new tier ticket is inserted with the flag set, so
  Frappe's rule does not run inside the insert (nor in Helpdesk's second save); after
  commit a short job (:func:`assign_pending`, one job for all the tickets committed before
  it starts, on the urgent queue: it starts before any e-mail job waiting) clears each flag and
  lets the rule assign, within seconds. If the job is lost or no worker runs,
  ``tiers.assignment.assign_waiting_tickets`` (every 5 minutes) does the same for every waiting
  ticket, in the same way (:func:`assign_each`: one commit per ticket, until none waits).
"""

import frappe
from frappe.automation.doctype.assignment_rule.assignment_rule import apply
from frappe.utils.background_jobs import get_job
from rq.job import JobStatus

from moeen_helpdesk.utils import URGENT_QUEUE

SEQUENCE = "moeen_hd_ticket_seq"
SERIES_KEY = ""  # Helpdesk's ".####": no prefix
DIGITS = 4
PENDING = "moeen_assignment_pending"
_TAIL = f") and not {PENDING}"

NUMERIC = "REGEXP '^[0-9]+$'"
#: Where a ticket's number may live on after the ticket is gone.
USED_NUMBERS_SQL = (
    f"SELECT MAX(CAST(name AS UNSIGNED)) FROM `tabHD Ticket` WHERE name {NUMERIC}",
    "SELECT MAX(CAST(deleted_name AS UNSIGNED)) FROM `tabDeleted Document`"
    f" WHERE deleted_doctype = 'HD Ticket' AND deleted_name {NUMERIC}",
    "SELECT MAX(CAST(reference_name AS UNSIGNED)) FROM `tabCommunication`"
    f" WHERE reference_doctype = 'HD Ticket' AND reference_name {NUMERIC}",
    "SELECT MAX(CAST(reference_name AS UNSIGNED)) FROM `tabToDo`"
    f" WHERE reference_type = 'HD Ticket' AND reference_name {NUMERIC}",
    "SELECT MAX(CAST(docname AS UNSIGNED)) FROM `tabVersion`"
    f" WHERE ref_doctype = 'HD Ticket' AND docname {NUMERIC}",
    "SELECT MAX(CAST(ticket AS UNSIGNED)) FROM `tabHD Ticket Activity`" f" WHERE ticket {NUMERIC}",
)


# ------------------------------------------------------------------------- numbers
def supported() -> bool:
    return frappe.db.db_type == "mariadb"


def sequence_exists() -> bool:
    return bool(
        frappe.db.sql(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE()"
            " AND table_name = %s AND table_type = 'SEQUENCE'",
            SEQUENCE,
        )
    )


def series_current() -> int:
    row = frappe.db.sql("SELECT `current` FROM `tabSeries` WHERE name = %s", SERIES_KEY)
    return int(row[0][0] or 0) if row else 0


def sequence_last() -> int:
    """The last number the sequence handed out (0 before the first)."""
    row = frappe.db.sql(f"SELECT next_not_cached_value FROM `{SEQUENCE}`")
    return int(row[0][0]) - 1 if row else 0


def highest_used(thorough: bool = True) -> int:
    """The highest ticket number ever handed out, as far as the site shows it."""
    queries = USED_NUMBERS_SQL if thorough else USED_NUMBERS_SQL[:1]
    found = [series_current()]
    for sql in queries:
        try:
            found.append(int(frappe.db.sql(sql)[0][0] or 0))
        except frappe.db.TableMissingError:
            continue
    return max(found)


def ensure_sequence() -> int | None:
    """Install / migrate: the sequence exists and its next number is above every number used.

    Returns the last number taken (None where sequences are not used)."""
    if not supported():
        return None
    if not sequence_exists():
        start = highest_used() + 1
        frappe.db.sql_ddl(
            f"CREATE SEQUENCE IF NOT EXISTS `{SEQUENCE}` START WITH {start} MINVALUE 1"
            " INCREMENT BY 1 NOCACHE NOCYCLE"
        )
    else:
        # SETVAL never moves a sequence back: a lower value is ignored.
        frappe.db.sql(f"SELECT SETVAL(`{SEQUENCE}`, %s)", highest_used(thorough=False))
    return sequence_last()


def hand_back_to_series():
    """Uninstall: Frappe's series continues after the last number the sequence gave."""
    if not supported() or not sequence_exists():
        return
    last = sequence_last()
    if last > series_current():
        if frappe.db.sql("SELECT 1 FROM `tabSeries` WHERE name = %s", SERIES_KEY):
            frappe.db.sql("UPDATE `tabSeries` SET `current` = %s WHERE name = %s", (last, SERIES_KEY))
        else:
            frappe.db.sql("INSERT INTO `tabSeries` (name, `current`) VALUES (%s, %s)", (SERIES_KEY, last))
    frappe.db.sql_ddl(f"DROP SEQUENCE IF EXISTS `{SEQUENCE}`")


def next_number() -> int:
    return int(frappe.db.sql(f"SELECT NEXTVAL(`{SEQUENCE}`)")[0][0])


def format_name(number: int) -> str:
    return f"{number:0{DIGITS}d}"


def autoname(doc, method=None):
    """HD Ticket autoname (after Helpdesk's, which leaves the name empty)."""
    if doc.name or not supported():
        return
    for _attempt in range(20):
        try:
            name = format_name(next_number())
        except frappe.db.TableMissingError:  # not migrated yet: Frappe's series names it
            return
        # A ticket imported with an explicit name further on is stepped over.
        if not frappe.db.exists("HD Ticket", name):
            doc.name = name
            return


# ---------------------------------------------------------------------- assignment
def deferred_condition(condition: str | None) -> str:
    """A tier team's assign condition that waits for the ticket's commit."""
    condition = (condition or "").strip()
    if not condition or condition.endswith(_TAIL):
        return condition or f"(True{_TAIL}"
    return f"({condition}{_TAIL}"


def plain_condition(condition: str | None) -> str | None:
    """The condition without the app's part (uninstall)."""
    if condition and condition.startswith("(") and condition.endswith(_TAIL):
        return condition[1 : -len(_TAIL)]
    return condition


def restore_rule_conditions():
    """Uninstall: the tier teams' rules assign on save again (the flag's field goes away)."""
    for name, condition in frappe.get_all(
        "Assignment Rule",
        filters={"assign_condition": ["like", f"%{PENDING}%"]},
        fields=["name", "assign_condition"],
        as_list=True,
    ):
        frappe.db.set_value(
            "Assignment Rule", name, "assign_condition", plain_condition(condition), update_modified=False
        )


def mark_for_assignment(doc, on_tier_team: bool):
    """HD Ticket before_insert (after the tier intake routed it): a ticket of a tier team is
    assigned after its commit (``on_tier_team`` is :func:`moeen_helpdesk.tiers.teams.on_tier_team`)."""
    doc.set(PENDING, 1 if on_tier_team else 0)


def after_insert(doc, method=None):
    if doc.get(PENDING):
        frappe.db.after_commit.add(queue_assignment)


LAST_JOB = "moeen_helpdesk:assignment_job"


def queue_assignment():
    """After an intake commits: make sure a job that starts after this commit will run
    :func:`assign_pending` (one job serves every ticket committed before it starts)."""
    try:
        last = frappe.cache.get_value(LAST_JOB)
        job = get_job(last) if last else None
        if job is not None and job.get_status() == JobStatus.QUEUED:
            return  # it has not started: it will see this ticket
        job_id = frappe.generate_hash(length=12)
        frappe.enqueue("moeen_helpdesk.intake.assign_pending", queue=URGENT_QUEUE, job_id=job_id)
        frappe.cache.set_value(LAST_JOB, job_id, expires_in_sec=3600)
    except Exception:  # the ticket is saved; the 5-minute job assigns it
        frappe.log_error(title="Assignment of new tickets not queued")


def assign_pending(batch: int = 200) -> int:
    """The job: assign the tickets that wait for it, oldest first, each committed at once,
    until none is left (tickets committed meanwhile included). Returns how many it handled."""

    def pending(limit: int) -> list[str]:
        return frappe.get_all("HD Ticket", {PENDING: 1}, pluck="name", order_by="creation asc", limit=limit)

    def failed(name: str):
        frappe.db.set_value("HD Ticket", name, PENDING, 0, update_modified=False)  # the 5-minute job retries

    return len(assign_each(pending, batch, on_error=failed))


def assign_each(fetch, batch: int, on_error=None) -> dict[str, bool]:
    """Run :func:`assign_ticket` over what ``fetch(limit)`` finds (oldest first), a page at a
    time, until it finds nothing new (tickets committed meanwhile included); each ticket is
    committed at once, so its locks are held briefly and what a killed job did is kept. A ticket
    that fails is rolled back alone, logged and left to ``on_error(name)``; each is tried once
    a run. Returns the tickets tried, in order, each with whether it got an assignee."""
    done: dict[str, bool] = {}
    while True:
        names = [n for n in fetch(batch + len(done)) if n not in done][:batch]
        if not names:
            return done
        for name in names:
            done[name] = False
            frappe.db.savepoint("moeen_assign_ticket")
            try:
                done[name] = assign_ticket(name)
            except Exception:
                try:
                    frappe.db.rollback(save_point="moeen_assign_ticket")
                except Exception:  # a deadlock already ended the transaction (the savepoint with it)
                    frappe.db.rollback()
                frappe.log_error(title=f"Assignment of ticket {name}")
                if on_error is not None:
                    on_error(name)
            frappe.db.commit()  # nosemgrep: each assignment is visible at once, its locks held briefly


def keep_flag(doc, method=None):
    """HD Ticket validate: only this module changes the flag (and never through a save)."""
    if doc.is_new():
        return
    before = doc.get_doc_before_save()
    if before is not None:
        doc.set(PENDING, before.get(PENDING))


def assign_ticket(ticket: str) -> bool:
    """Let the team's rule assign an unassigned ticket (a background job, or the 5-minute
    job). The ticket's row is locked first, so two runs never assign it twice."""
    row = frappe.db.get_value("HD Ticket", ticket, [PENDING, "_assign"], as_dict=True, for_update=True)
    if not row:
        return False
    if row.get(PENDING):
        frappe.db.set_value("HD Ticket", ticket, PENDING, 0, update_modified=False)
    if row._assign not in (None, "", "[]"):
        return False
    apply(doctype="HD Ticket", name=ticket)
    return frappe.db.get_value("HD Ticket", ticket, "_assign") not in (None, "", "[]")
