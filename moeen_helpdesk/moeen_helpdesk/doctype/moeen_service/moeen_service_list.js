// The catalog shows which services are due (or overdue) for their periodic SLA review.
frappe.listview_settings["Moeen Service"] = {
	add_fields: ["is_active", "next_review_date"],
	get_indicator(doc) {
		if (!doc.is_active) {
			return [__("Inactive"), "gray", "is_active,=,0"];
		}
		const today = frappe.datetime.get_today();
		if (doc.next_review_date && doc.next_review_date <= today) {
			return [__("Review Due"), "red", `is_active,=,1|next_review_date,<=,${today}`];
		}
		return [__("Active"), "green", "is_active,=,1"];
	},
	onload(listview) {
		listview.page.add_inner_button(__("Reviews Due"), () => {
			listview.filter_area.clear(false).then(() =>
				listview.filter_area.add([
					["Moeen Service", "is_active", "=", 1],
					["Moeen Service", "next_review_date", "<=", frappe.datetime.get_today()],
				])
			);
		});
	},
};
