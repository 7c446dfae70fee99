#!/usr/bin/env bash
# The end-to-end specs alone (portal and survey, in Chromium), through the project's test command:
# it puts this checkout into the bench, installs/migrates the app on the test site, prepares demo
# data, starts `bench serve`, runs e2e/specs and cleans up. See e2e/README.md.
exec env MOEEN_E2E=only bash "$(dirname "${BASH_SOURCE[0]}")/../scripts/run-tests" "$@"
