// HD Ticket list (desk): the tier work queues as one-click filters.
// Each button asks the server for the queue (moeen_helpdesk.api.tiers.queue: permission-checked)
// and shows those tickets in the list.
frappe.listview_settings["HD Ticket"] = frappe.listview_settings["HD Ticket"] || {};
(() => {
	const settings = frappe.listview_settings["HD Ticket"];
	const previous = settings.onload;
	const QUEUES = [
		["my_tier", __("My Tier's Queue")],
		["escalated_by_us", __("Escalated by Us")],
		["awaiting_verification", __("Awaiting Verification")],
		["waiting", __("Unassigned in My Teams")],
	];
	settings.onload = function (listview) {
		if (previous) previous.call(this, listview);
		for (const [kind, label] of QUEUES) {
			listview.page.add_inner_button(
				label,
				() =>
					frappe
						.call("moeen_helpdesk.api.tiers.queue", { kind, limit: 500 })
						.then(({ message }) => {
							const names = (message || []).map((t) => t.name);
							listview.filter_area.clear(false).then(() =>
								listview.filter_area.add([
									["HD Ticket", "name", "in", names.length ? names : [""]],
								])
							);
							frappe.show_alert({ message: `${label}: ${names.length}`, indicator: "blue" });
						}),
				__("Queues")
			);
		}
	};
})();
