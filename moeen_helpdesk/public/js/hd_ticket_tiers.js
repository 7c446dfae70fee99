// Tier actions on the desk's HD Ticket form: one button per action the user may take now
// (moeen_helpdesk.api.tiers.available), a reason prompt where the policy requires one and
// a team picker for whoever may escalate to more than one tier-2 unit.

frappe.provide("moeen_helpdesk.tiers");

moeen_helpdesk.tiers.run = function (frm, action, info) {
	const fields = [];
	const targets = info.escalation_targets || [];
	const destination = targets.includes(info.service_unit) ? info.service_unit : targets[0];
	if (action.action === "escalate" && targets.length > 1) {
		fields.push({
			fieldname: "target_team",
			fieldtype: "Select",
			label: __("Escalate to"),
			options: targets.join("\n"),
			default: destination,
			reqd: 1,
		});
	} else if (action.action === "escalate") {
		// One possible unit: name it, so the agent knows where the ticket goes.
		fields.push({
			fieldname: "destination",
			fieldtype: "HTML",
			options: `<p class="text-muted">${frappe.utils.escape_html(
				__("The ticket goes to: {0}", [destination || "-"])
			)}</p>`,
		});
	}
	if (action.reason_required) {
		fields.push({ fieldname: "reason", fieldtype: "Small Text", label: __("Reason"), reqd: 1 });
	} else if (action.action === "complete") {
		fields.push({ fieldname: "reason", fieldtype: "Small Text", label: __("Resolution Note") });
	}

	const call = (values) =>
		frappe
			.call({
				method: "moeen_helpdesk.api.tiers.transition",
				args: {
					ticket: frm.doc.name,
					action: action.action,
					reason: values.reason || null,
					target_team: values.target_team || (action.action === "escalate" ? destination : null) || null,
				},
				freeze: true,
			})
			.then(() => {
				frappe.show_alert({ message: __("Done: {0}", [action.label]), indicator: "green" });
				frm.reload_doc();
			});

	if (fields.length) {
		frappe.prompt(fields, call, action.label, action.label);
	} else {
		frappe.confirm(__("{0} ticket {1}?", [action.label, frm.doc.name]), () => call({}));
	}
};

frappe.ui.form.on("HD Ticket", {
	refresh(frm) {
		if (frm.is_new()) return;
		// Knowledge: a resolved or closed ticket's answer becomes a draft article of its service.
		if (frm.doc.moeen_service && ["Resolved", "Closed"].includes(frm.doc.status)) {
			frm.add_custom_button(__("Draft an Article from This Answer"), () =>
				frappe
					.call({
						method: "moeen_helpdesk.api.knowledge.draft_article",
						args: { ticket: frm.doc.name },
						freeze: true,
					})
					.then((r) => {
						const out = r.message || {};
						frappe.show_alert({ message: out.message || __("Draft article created"), indicator: "green" });
						if (out.article) frappe.set_route("Form", "HD Article", out.article);
					})
			);
		}
		frappe
			.call({ method: "moeen_helpdesk.api.tiers.available", args: { ticket: frm.doc.name } })
			.then((r) => {
				const info = r.message || {};
				if (!info.state) return;
				frm.dashboard.set_headline(
					__("Tier state: {0} — team: {1}", [info.state_label, info.team || "-"])
				);
				(info.actions || []).forEach((action) => {
					frm.add_custom_button(
						action.label,
						() => moeen_helpdesk.tiers.run(frm, action, info),
						__("Tier Actions")
					);
				});
			});
	},
});
