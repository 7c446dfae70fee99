"""Errors raised by the core.

The core does not import Frappe, so it cannot translate. Every error carries an
English message template with ``{0}``-style placeholders and its parameters; the
Frappe shell translates the template with ``frappe._`` and formats it, e.g.::

    except CoreError as e:
        frappe.throw(_(e.template).format(*e.params))

Templates are literal strings at the raise site, and each one has an Arabic row in
``moeen_helpdesk/translations/ar.csv``.
"""


class CoreError(Exception):
    """Base class: a rule of the core refused an input."""

    def __init__(self, template: str, *params):
        self.template = template
        self.params = params
        super().__init__(template.format(*params) if params else template)


class ValidationError(CoreError):
    """Bad input (a spec, an answer, a filter)."""


class NotAllowed(CoreError):
    """A rule forbids the action for this actor or state."""
