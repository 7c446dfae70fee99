"""Volume by Channel and Beneficiary Type builds its own total row (its shares add up to 100 %;
Frappe's total row would add them up again, or average them).

Frappe keeps a report's ``add_total_row`` from the database whenever it syncs the shipped JSON
(an admin's choice: ``frappe.modules.import_file.ignore_values``), so a site that had the report
from before it built its own total kept Frappe's total row as well: a second, wrong "Total"
row. Turned off once, here; an admin may turn it on again afterwards.
"""

import frappe

REPORT = "Volume by Channel and Beneficiary Type"


def execute():
    if frappe.db.exists("Report", REPORT):
        frappe.db.set_value("Report", REPORT, "add_total_row", 0, update_modified=False)
