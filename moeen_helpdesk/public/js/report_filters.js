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

// Business seconds as business hours and minutes ("12 h 45 min"): Frappe's Duration widget
// would show 24 business hours as "1d" and an empty figure as "0s".
// eslint-disable-next-line no-unused-vars
function moeen_business_hours(seconds) {
	const minutes = Math.ceil(Number(seconds) / 60);
	const h = Math.floor(minutes / 60);
	const m = minutes % 60;
	if (h && m) return __("{0} h {1} min", [h, m]);
	return h ? __("{0} h", [h]) : __("{0} min", [m]);
}

// The formatter of the Moeen reports: business durations (blank when nothing was measured)
// and the bold total row.
// eslint-disable-next-line no-unused-vars
function moeen_report_formatter(value, row, column, data, default_formatter) {
	if (column.fieldtype === "Duration") {
		return value === null || value === undefined || value === "" ? "" : moeen_business_hours(value);
	}
	const out = default_formatter(value, row, column, data);
	return data && data.bold ? `<b>${out}</b>` : out;
}
