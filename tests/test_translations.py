"""Every label, option, message and core error template has an Arabic translation."""

import csv
import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location(
    "update_translations", ROOT / "scripts" / "update_translations.py"
)
tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tool)

ARABIC = re.compile(r"[\u0600-\u06FF]")


def test_nothing_lacks_an_arabic_row():
    lacking, stale_core = tool.missing()
    assert lacking == [], f"add Arabic rows for: {lacking}"
    assert stale_core == {}, "run scripts/update_translations.py --write"


def test_collection_sees_labels_and_messages():
    # Guard against a collector that silently finds nothing.
    strings = tool.json_strings() | tool.code_strings()
    assert {"Moeen Service", "Beneficiary Type", "Tier 2 Unit", "Walk-in"} <= strings
    assert "You cannot change these fields of a ticket: {0}" in strings


def test_rows_are_arabic_and_keep_placeholders():
    with (ROOT / "moeen_helpdesk" / "translations" / "ar.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.reader(fh) if r]
    assert len(rows) > 50
    for source, arabic, *_ in rows:
        assert ARABIC.search(arabic), source
        assert sorted(re.findall(r"\{\d*\}", source)) == sorted(re.findall(r"\{\d*\}", arabic)), source
