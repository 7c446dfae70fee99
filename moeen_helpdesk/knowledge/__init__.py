"""Knowledge articles before a ticket (issue 15), on Helpdesk's own knowledge base (HD Article).

The rules (matching, ranking, deflection events, figures) are :mod:`moeen_helpdesk.core.knowledge`'s.
The sections:

* :mod:`.articles` — the published articles the request form may suggest (read once and cached,
  dropped when an article changes), a service's related articles (its "Related Articles" table),
  the suggestions for a subject, one article for a reader; drafts are hidden from everyone who is
  not an agent (``has_permission`` / ``permission_query_conditions`` on HD Article).
* :mod:`.deflection` — the "Moeen Article Deflection" rows (suggested, opened, solved without a
  ticket), written only here, with their checks and the dedupe window.
* :mod:`.figures` — the deflection figures per service beside the ticket volume (the report
  "Knowledge Deflection by Service").
* :mod:`.drafts` — an agent turns a resolved ticket's answer into a draft article of its service.

The portal and agent calls are in :mod:`moeen_helpdesk.api.knowledge`.
"""
