// Filters shared by the Moeen compliance reports. Each report's script includes this file with
// Frappe's include directive (expanded by query_report.get_script) and calls moeen_report_filters().
// eslint-disable-next-line no-unused-vars
function moeen_report_filters({ grouping: with_grouping = true } = {}) {
	const today = frappe.datetime.get_today();
	const choice = (values) => [{ value: "", label: "" }, ...values.map((v) => ({ value: v, label: __(v) }))];
	const groups = [
		{ value: "service", label: __("Service") },
		{ value: "category", label: __("Category") },
		{ value: "tier", label: __("Tier Reached") },
		{ value: "team", label: __("Team") },
		{ value: "channel", label: __("Channel") },
		{ value: "beneficiary_type", label: __("Beneficiary Type") },
		{ value: "kind", label: __("Kind") },
	];
	const period = [
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.add_months(today, -1),
			reqd: 1,
		},
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: today, reqd: 1 },
	];
	const grouping = [
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: groups,
			default: "service",
		},
		{
			fieldname: "then_by",
			label: __("Then By"),
			fieldtype: "Select",
			options: [{ value: "", label: "" }, ...groups],
		},
	];
	const dimensions = [
		{ fieldname: "service", label: __("Service"), fieldtype: "Link", options: "Moeen Service" },
		{ fieldname: "category", label: __("Category"), fieldtype: "Link", options: "Moeen Service Category" },
		{ fieldname: "tier", label: __("Tier Reached"), fieldtype: "Select", options: choice(["Tier 1", "Tier 2"]) },
		{ fieldname: "team", label: __("Team"), fieldtype: "Link", options: "HD Team" },
		{
			fieldname: "channel",
			label: __("Channel"),
			fieldtype: "Select",
			options: choice(["Portal", "Phone", "Email", "Walk-in"]),
		},
		{
			fieldname: "beneficiary_type",
			label: __("Beneficiary Type"),
			fieldtype: "Select",
			options: choice(["Student", "Staff", "Faculty", "External"]),
		},
		{ fieldname: "kind", label: __("Kind"), fieldtype: "Select", options: choice(["Request", "Incident"]) },
	];

	return [...period, ...(with_grouping ? grouping : []), ...dimensions];
}
