// Moeen tier actions in Helpdesk's agent UI (/helpdesk/tickets/<id>, desktop and mobile).
//
// Installed as the HD Form Script "Moeen Tier Actions" (HD Ticket, Form) by moeen_helpdesk.agent_ui on
// install and migrate: this file is copied into the record's script. Helpdesk evaluates it with
// `new Function(script + "return setupForm")` and awaits setupForm({doc, call, toast, $dialog, ...});
// the returned `actions` become the buttons of the ticket header.
//
// The buttons are exactly what moeen_helpdesk.api.tiers.available allows the session user now; each
// runs moeen_helpdesk.api.tiers.transition, then reloads the page (Helpdesk passes no reload hook).
// A refused action shows the server's translated message. `__` is Helpdesk's translate function
// (window.__, loaded with the user's language, including this app's ar.csv).
// eslint-disable-next-line no-unused-vars
async function setupForm({ doc, call, toast, $dialog }) {
	const __ = window.__ || ((text, ...args) => text.replace(/{(\d+)}/g, (m, i) => args[i] ?? m));
	if (!doc || !doc.name) return { actions: [] };

	let info;
	try {
		info = await call("moeen_helpdesk.api.tiers.available", { ticket: doc.name });
	} catch (e) {
		return { actions: [] };
	}
	if (!info || !info.state || !(info.actions || []).length) return { actions: [] };

	// Helpdesk's mobile view runs a button's handler twice per tap, and setupForm runs more than
	// once per load: one guard per page, shared by every copy of the actions.
	const guard = (window.moeenTierGuard = window.moeenTierGuard || { busy: false, opened: 0 });

	const esc = (text) =>
		String(text ?? "").replace(
			/[&<>"']/g,
			(c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]
		);
	const errorText = (e) =>
		(e && e.messages && e.messages.length && e.messages.join("\n")) ||
		(e && e.message) ||
		__("The action could not be completed");
	const value = (id) => {
		const el = document.getElementById(id);
		return el ? el.value.trim() : "";
	};

	const REASON_ID = "moeen-tier-reason";
	const TEAM_ID = "moeen-tier-team";
	const targets = info.escalation_targets || [];
	const defaultTarget = targets.includes(info.service_unit) ? info.service_unit : targets[0];

	function formHtml(action) {
		const parts = [];
		if (action.action === "escalate") {
			if (targets.length > 1) {
				const options = targets
					.map(
						(t) =>
							`<option value="${esc(t)}"${t === defaultTarget ? " selected" : ""}>${esc(t)}</option>`
					)
					.join("");
				parts.push(
					`<label class="block text-sm text-ink-gray-7 mb-1" for="${TEAM_ID}">${esc(
						__("Escalate to")
					)}</label>` +
						`<select id="${TEAM_ID}" class="form-select w-full mb-3">${options}</select>`
				);
			} else {
				parts.push(
					`<p class="text-p-base text-ink-gray-8 mb-3" data-moeen-destination="${esc(
						defaultTarget
					)}">${esc(__("The ticket goes to: {0}", defaultTarget || "-"))}</p>`
				);
			}
		}
		const note = action.action === "complete";
		if (action.reason_required || note) {
			const label = note ? __("Resolution Note") : __("Reason");
			const hint = action.reason_required ? " *" : "";
			parts.push(
				`<label class="block text-sm text-ink-gray-7 mb-1" for="${REASON_ID}">${esc(label)}${hint}</label>` +
					`<textarea id="${REASON_ID}" dir="auto" rows="4" maxlength="1000" ` +
					`class="form-textarea w-full"></textarea>`
			);
		}
		return parts.join("");
	}

	async function submit(action, close) {
		if (guard.busy) return;
		const reason = value(REASON_ID);
		if (action.reason_required && !reason) {
			toast.error(__("A reason is required for action {0}", action.label));
			return;
		}
		const target_team = action.action === "escalate" ? value(TEAM_ID) || defaultTarget : null;
		guard.busy = true;
		try {
			await call("moeen_helpdesk.api.tiers.transition", {
				ticket: doc.name,
				action: action.action,
				reason: reason || null,
				target_team: target_team || null,
			});
		} catch (e) {
			guard.busy = false;
			toast.error(errorText(e));
			return;
		}
		toast.success(__("Done: {0}", action.label));
		close();
		window.location.reload();
	}

	function open(action) {
		const now = Date.now();
		if (guard.busy || now - guard.opened < 800) return; // a doubled tap opens one dialog
		guard.opened = now;
		const html = formHtml(action);
		$dialog({
			title: action.label,
			message: html ? "" : __("{0} ticket {1}?", action.label, doc.name),
			html,
			actions: [
				{
					label: action.label,
					variant: "solid",
					onClick: ({ close }) => submit(action, close),
				},
				{ label: __("Cancel"), onClick: ({ close }) => close() },
			],
		});
	}

	const actions = info.actions.map((action) => ({
		label: action.label,
		// After the dropdown has closed and given the focus back: then the dialog keeps it.
		onClick: () => setTimeout(() => open(action), 50),
	}));
	if (actions.length === 1) return { actions };
	// Several actions: one labelled dropdown (keeps the mobile header within 390 px).
	const buttonLabel = __("Tier Actions");
	return { actions: [{ group: buttonLabel, hideLabel: true, buttonLabel, items: actions }] };
}

// Knowledge: on a resolved or closed ticket, "Draft an article from this answer" turns the last
// agent reply into a Draft HD Article of the ticket's service (moeen_helpdesk.api.knowledge.draft_article;
// the server checks the roles, the status and the answer). The tier actions above are kept as they are:
// setupForm is wrapped, and Helpdesk's `return setupForm` (after this file) returns the wrapper.
// eslint-disable-next-line no-func-assign, no-global-assign
setupForm = (function (tierSetup) {
	return async function (ctx) {
		const out = (await tierSetup(ctx)) || { actions: [] };
		const { doc, call, toast } = ctx;
		const __ = window.__ || ((text, ...args) => text.replace(/{(\d+)}/g, (m, i) => args[i] ?? m));
		if (!doc || !doc.name || !doc.moeen_service || !["Resolved", "Closed"].includes(doc.status)) return out;
		const guard = (window.moeenDraftGuard = window.moeenDraftGuard || { busy: false });
		const draft = async () => {
			if (guard.busy) return;
			guard.busy = true;
			try {
				const r = await call("moeen_helpdesk.api.knowledge.draft_article", { ticket: doc.name });
				toast.success((r && r.message) || __("Draft article created"));
				if (r && r.url) window.open(r.url, "_blank", "noopener");
			} catch (e) {
				toast.error(
					(e && e.messages && e.messages.length && e.messages.join("\n")) ||
						(e && e.message) ||
						__("The action could not be completed")
				);
			} finally {
				guard.busy = false;
			}
		};
		return Object.assign({}, out, {
			actions: [...(out.actions || []), { label: __("Draft an Article from This Answer"), onClick: draft }],
		});
	};
})(setupForm);
