// The contact center's hours on the call log, and tickets from the call for tier 1.

frappe.ui.form.on("TP Call Log", {
	refresh(frm) {
		frappe.call({ method: "moeen_helpdesk.api.calls.contact_center_status" }).then((r) => {
			const s = r.message || {};
			if (!s.calendar) return;
			const hours = (s.windows || []).map((w) => `${w.from}–${w.to}`).join(", ") || __("Closed today");
			const text = s.is_open
				? __("The contact center is open now. Hours today: {0}", [hours])
				: __("The contact center is closed now (opens {0}). Hours today: {1}", [s.next_open || "-", hours]);
			frm.set_intro(text, s.is_open ? "green" : "orange");
		});
		if (frm.is_new()) return;

		frm.add_custom_button(
			__("Create Ticket"),
			() => {
				frappe.prompt(
					[
						{ fieldname: "subject", fieldtype: "Data", label: __("Subject"), reqd: 1 },
						{ fieldname: "service", fieldtype: "Link", label: __("Service"), options: "Moeen Service" },
					],
					(values) =>
						frappe
							.call({
								method: "moeen_helpdesk.api.calls.create_ticket_from_call",
								args: { call_log: frm.doc.name, subject: values.subject, service: values.service || null },
								freeze: true,
							})
							.then((r) => {
								frappe.show_alert({ message: __("Ticket {0} created", [r.message]), indicator: "green" });
								frappe.set_route("Form", "HD Ticket", r.message);
							}),
					__("Create Ticket"),
					__("Create")
				);
			},
			__("Ticket")
		);

		frm.add_custom_button(
			__("Link to Ticket"),
			() => {
				frappe.prompt(
					[{ fieldname: "ticket", fieldtype: "Link", label: __("Ticket"), options: "HD Ticket", reqd: 1 }],
					(values) =>
						frappe
							.call({
								method: "moeen_helpdesk.api.calls.link_call",
								args: { call_log: frm.doc.name, ticket: values.ticket },
								freeze: true,
							})
							.then(() => {
								frappe.show_alert({ message: __("Call linked to ticket {0}", [values.ticket]), indicator: "green" });
								frm.reload_doc();
							}),
					__("Link to Ticket"),
					__("Link")
				);
			},
			__("Ticket")
		);
	},
});
