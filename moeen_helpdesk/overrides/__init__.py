"""One module per foreign doctype (hrms' ``overrides/`` layout): the app's document events on
Helpdesk's, Frappe's and Telephony's doctypes, each calling the concept modules in a stated
order. ``hooks.py`` points every ``doc_events`` entry here and nowhere else."""
