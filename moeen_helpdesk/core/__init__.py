"""Pure-Python rules of Moeen Helpdesk.

Nothing in this package imports Frappe: calendars and business time, SLA clocks,
the tier state machine, survey scoring and review statistics live here so they can
be tested and benchmarked without a site. Doctype controllers and hooks load data,
call these functions and store the results.
"""
