// Moeen SLA Review: Fetch Figures, then Submit, then Apply (or back to draft).
frappe.ui.form.on("Moeen SLA Review", {
	setup(frm) {
		frm.set_query("service", "items", () => ({ filters: { is_active: 1 } }));
	},

	refresh(frm) {
		const can_write = !frm.is_new() && frm.perm[0] && frm.perm[0].write;
		const status = frm.doc.status;
		frm.toggle_display("fetch_figures_button", !!can_write && status === "Draft");
		frm.set_intro(
			status === "Applied"
				? __("Applied: the new targets hold for tickets created since; earlier tickets keep theirs.")
				: status === "Submitted"
				? __("Submitted: the decisions are frozen until the review is applied or moved back to draft.")
				: ""
		);
		if (!can_write) return;
		if (status === "Draft" && (frm.doc.items || []).length) {
			frm.add_custom_button(__("Submit Review"), () => run(frm, "submit_review"));
		}
		if (status === "Submitted") {
			frm.add_custom_button(__("Apply to the Catalog"), () => {
				frappe.confirm(
					__("Write the decided targets to the services? Only tickets created from now on follow them."),
					() =>
						run(frm, "apply").then((changed) => {
							frappe.show_alert(
								{
									message: __("{0} services got new targets", [(changed || []).length]),
									indicator: "green",
								},
								7
							);
						})
				);
			}).addClass("btn-primary");
			frm.add_custom_button(__("Back to Draft"), () => run(frm, "back_to_draft"));
		}
		frm.set_df_property("items", "read_only", status !== "Draft");
	},

	fetch_figures_button(frm) {
		if (!frm.doc.period_from || !frm.doc.period_to) {
			frappe.msgprint(__("Set the period first"));
			return;
		}
		const saved = frm.is_dirty() || frm.is_new() ? frm.save() : Promise.resolve();
		saved
			.then(() => run(frm, "fetch_figures"))
			.then((count) => {
				frappe.show_alert(
					{ message: __("Figures fetched for {0} services", [count || 0]), indicator: "green" },
					5
				);
			});
	},
});

function run(frm, method) {
	return frm.call(method).then((r) => frm.reload_doc().then(() => r && r.message));
}
