frappe.ui.form.on("Moeen Settings", {
	refresh(frm) {
		if (!frappe.user.has_role("System Manager")) return;
		frm.add_custom_button(__("Run Setup Check"), () => moeen_setup_check());
	},
});

function moeen_setup_check() {
	frappe.call("moeen_helpdesk.setup_check.run").then(({ message: rows }) => {
		const esc = frappe.utils.escape_html;
		const missing = rows.filter((r) => !r.ok).length;
		const lines = rows
			.map(
				(r) => `<tr>
				<td><span class="indicator-pill ${r.ok ? "green" : "red"}">${r.ok ? __("OK") : __("Missing")}</span></td>
				<td><b>${esc(r.title)}</b>${r.detail ? `<div class="text-muted small">${esc(r.detail)}</div>` : ""}
				${r.fix ? `<div class="small">${__("How to fix")}: ${esc(r.fix)}</div>` : ""}</td>
			</tr>`
			)
			.join("");
		const summary = missing
			? __("{0} of {1} items missing", [missing, rows.length])
			: __("Everything is set up");
		const d = new frappe.ui.Dialog({
			title: __("Moeen Setup Check"),
			size: "large",
			fields: [{ fieldtype: "HTML", fieldname: "list" }],
		});
		d.fields_dict.list.$wrapper.html(
			`<p>${esc(summary)}</p><table class="table table-bordered"><tbody>${lines}</tbody></table>
			<p class="text-muted small">${__("The same list: bench --site {0} moeen-doctor", [esc(frappe.boot.sitename || "SITE")])}</p>`
		);
		d.show();
	});
}
