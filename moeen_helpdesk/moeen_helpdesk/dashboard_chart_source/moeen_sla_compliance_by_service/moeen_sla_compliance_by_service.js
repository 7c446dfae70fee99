// The workspace chart "SLA Compliance by Service": the report's chart, from one call (no report
// script to load first, no report run with its rows and columns for the browser to reduce).
frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Moeen SLA Compliance by Service"] = {
  method:
    "moeen_helpdesk.moeen_helpdesk.dashboard_chart_source.moeen_sla_compliance_by_service.moeen_sla_compliance_by_service.get",
  filters: [],
};
