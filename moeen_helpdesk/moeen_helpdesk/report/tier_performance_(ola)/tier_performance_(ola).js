// Tier Performance (OLA): business time per tier and the tier targets met, for tickets
// created in the period that went through the tiers.
{% include "moeen_helpdesk/public/js/report_filters.js" %}

frappe.query_reports["Tier Performance (OLA)"] = {
	filters: moeen_report_filters(),
	formatter: moeen_report_formatter,
};
