// Tier Performance (OLA): business time per tier and the tier targets met, for tickets
// created in the period that went through the tiers.
(() => {
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

	frappe.query_reports["Tier Performance (OLA)"] = {
		filters: [...period, ...grouping, ...dimensions],
	};
})();
