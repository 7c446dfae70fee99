// Volume by Channel and Beneficiary Type: tickets created in the period per channel and
// beneficiary type.
{% include "moeen_helpdesk/public/js/report_filters.js" %}

frappe.query_reports["Volume by Channel and Beneficiary Type"] = {
	filters: moeen_report_filters({ grouping: false }),
	formatter: moeen_report_formatter,
};
