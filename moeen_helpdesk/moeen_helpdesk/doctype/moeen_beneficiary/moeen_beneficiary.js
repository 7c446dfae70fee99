frappe.ui.form.on("Moeen Beneficiary", {
	refresh(frm) {
		if (frm.is_new() || !frappe.user.has_role(["System Manager", "Moeen Service Manager"])) return;
		frm.add_custom_button(__("Apply Type Rules"), () =>
			frm.call("rederive_type").then(() => frm.reload_doc())
		);
		if (frm.doc.type_source === "Manual") {
			frm.add_custom_button(__("Let Rules Decide"), () =>
				frm.call("rederive_type", { ignore_manual: true }).then(() => frm.reload_doc())
			);
		}
	},
});
