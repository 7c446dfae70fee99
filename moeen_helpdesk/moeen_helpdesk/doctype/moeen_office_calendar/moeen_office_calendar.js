frappe.ui.form.on("Moeen Office Calendar", {
	setup(frm) {
		frappe.xcall("frappe.core.doctype.user.user.get_timezones").then((r) => {
			frm.set_df_property("timezone", "options", (r && r.timezones) || []);
		});
	},

	onload(frm) {
		// Frappe fills empty Time fields of a new document with the current time:
		// the Ramadan hours stay empty unless the admin sets them.
		if (frm.is_new()) {
			frm.doc.ramadan_start = null;
			frm.doc.ramadan_end = null;
		}
	},

	refresh(frm) {
		const can_write = !frm.is_new() && frm.perm[0] && frm.perm[0].write;
		frm.toggle_display("generate_hijri_holidays_button", !!can_write);
		// Default the years to the current and the next Hijri year (without dirtying the form).
		const year = cint((frm.doc.__onload || {}).hijri_year);
		if (year && !frm.doc.hijri_year_from && !frm.doc.hijri_year_to) {
			frm.doc.hijri_year_from = year;
			frm.doc.hijri_year_to = year + 1;
			frm.refresh_field("hijri_year_from");
			frm.refresh_field("hijri_year_to");
		}
		if (can_write) {
			frm.add_custom_button(__("Generate Hijri Holidays"), () => {
				frm.scroll_to_field("hijri_year_from");
			});
		}
	},

	generate_hijri_holidays_button(frm) {
		const doc = frm.doc;
		if (!doc.hijri_year_from || !doc.hijri_year_to) {
			frappe.msgprint(__("Set the first and last Hijri years first"));
			return;
		}
		if (!!doc.ramadan_start !== !!doc.ramadan_end) {
			frappe.msgprint(__("Give both the Ramadan start and end times, or neither"));
			return;
		}
		const saved = frm.is_dirty() ? frm.save() : Promise.resolve();
		saved
			.then(() =>
				frm.call("generate_hijri_holidays", {
					hijri_year_from: cint(frm.doc.hijri_year_from),
					hijri_year_to: cint(frm.doc.hijri_year_to),
					fitr_days: cint(frm.doc.fitr_days) || 4,
					adha_days: cint(frm.doc.adha_days) || 4,
					ramadan_start: frm.doc.ramadan_start || null,
					ramadan_end: frm.doc.ramadan_end || null,
				})
			)
			.then((r) => {
				const c = (r && r.message) || {};
				frappe.show_alert(
					{
						message: __(
							"{0} holidays and {1} overrides added; {2} already present were kept",
							[
								c.holidays_added || 0,
								c.overrides_added || 0,
								(c.holidays_kept || 0) + (c.overrides_kept || 0),
							]
						),
						indicator: "green",
					},
					7
				);
				return frm.reload_doc();
			});
	},
});

frappe.ui.form.on("Moeen Calendar Window", {
	windows_add(frm, cdt, cdn) {
		// A new row would otherwise start and end "now": let the admin choose.
		const row = locals[cdt][cdn];
		row.start_time = null;
		row.end_time = null;
		frm.refresh_field("windows");
	},
});
