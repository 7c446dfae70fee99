"""Schemathesis checks of the project (loaded with SCHEMATHESIS_HOOKS=checks).

``no_secret_leak``: no answer may carry what the student must never read (the other
student's secret word and e-mail address, listed in MOEEN_FUZZ_SECRETS). Schemathesis's own
``not_a_server_error`` covers the 5xx."""

import os

import schemathesis

SECRETS = [s for s in os.environ.get("MOEEN_FUZZ_SECRETS", "").split(",") if s]


@schemathesis.check
def no_secret_leak(ctx, response, case):
    text = response.text or ""
    found = [s for s in SECRETS if s.lower() in text.lower()]
    if found:
        raise AssertionError(f"the answer shows what this user may not read: {', '.join(found)}")
