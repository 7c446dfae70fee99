// Targets in business hours and what that means on the service's calendar (Frappe's Duration
// widget alone would read 24 business hours as "1d").
const MOEEN_TARGETS = ["response_target", "resolution_target", "tier1_target", "tier2_target"];

function moeen_describe_targets(frm) {
	const targets = {};
	MOEEN_TARGETS.forEach((f) => (targets[f] = frm.doc[f] || 0));
	(frm.doc.priority_targets || []).forEach((row) => {
		targets[`${row.priority}|response_target`] = row.response_target || 0;
		targets[`${row.priority}|resolution_target`] = row.resolution_target || 0;
	});
	frappe
		.xcall("moeen_helpdesk.moeen_helpdesk.doctype.moeen_service.moeen_service.describe_targets", {
			calendar: frm.doc.calendar || null,
			targets,
		})
		.then((r) => {
			const words = (r && r.targets) || {};
			MOEEN_TARGETS.forEach((f) => {
				const df = frm.get_docfield(f);
				if (!df.moeen_description) df.moeen_description = df.description || "";
				const text = words[f] ? `<b>${frappe.utils.escape_html(words[f])}</b>` : "";
				frm.set_df_property(f, "description", [text, __(df.moeen_description)].filter(Boolean).join("<br>"));
			});
			const rows = (frm.doc.priority_targets || [])
				.map((row) => {
					const parts = [
						[__("Response Target"), words[`${row.priority}|response_target`]],
						[__("Resolution Target"), words[`${row.priority}|resolution_target`]],
					]
						.filter((p) => p[1])
						.map((p) => `${p[0]}: ${frappe.utils.escape_html(p[1])}`);
					return parts.length ? `<li>${frappe.utils.escape_html(__(row.priority))} — ${parts.join("; ")}</li>` : "";
				})
				.join("");
			frm.set_df_property(
				"targets_in_words",
				"options",
				rows ? `<div class="text-muted small"><ul>${rows}</ul></div>` : ""
			);
		});
}

frappe.ui.form.on("Moeen Service", {
	refresh: moeen_describe_targets,
	calendar: moeen_describe_targets,
	response_target: moeen_describe_targets,
	resolution_target: moeen_describe_targets,
	tier1_target: moeen_describe_targets,
	tier2_target: moeen_describe_targets,
});

frappe.ui.form.on("Moeen Service Priority Target", {
	priority: (frm) => moeen_describe_targets(frm),
	response_target: (frm) => moeen_describe_targets(frm),
	resolution_target: (frm) => moeen_describe_targets(frm),
	priority_targets_remove: (frm) => moeen_describe_targets(frm),
});
