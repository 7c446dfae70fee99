// SLA Compliance by Service: targets met, business times, reopen rate, breaches per tier and
// satisfaction, per service or any other grouping, for tickets created in the period.
{% include "moeen_helpdesk/public/js/report_filters.js" %}

frappe.query_reports["SLA Compliance by Service"] = {
	filters: moeen_report_filters(),
	formatter: moeen_report_formatter,
};
