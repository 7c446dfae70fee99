#!/usr/bin/env python3
"""Keep moeen_helpdesk/translations/ar.csv complete.

Collects the translatable strings of the app — DocType and Custom Field labels,
descriptions and Select options, role names, ``_("…")`` in Python, ``__("…")`` in
JavaScript and Jinja, and the core's error templates with their ``MESSAGES_AR`` —
and reports those without an Arabic row. ``--write`` adds the core's rows; other
missing strings are listed for a translator. ``tests/test_translations.py`` runs the
same collection and fails while anything is missing.
"""

from __future__ import annotations

import ast
import csv
import importlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "moeen_helpdesk"
CSV = APP / "translations" / "ar.csv"
CORE_MODULES = [
    "beneficiaries",
    "calendar",
    "hijri_holidays",
    "tiers",
    "review",
    "delivery",
    "knowledge",
    "surveys",
    "sla",
    "protected",
    "setup_check",
]
SKIP_OPTIONS = {"ar", "en"}

PY_CALL = re.compile(r"""(?<![\w.])_\(\s*(?P<q>"|')(?P<s>(?:\\.|(?!(?P=q)).)*)(?P=q)\s*[,)]""")
JS_CALL = re.compile(r"""__\(\s*(?P<q>"|'|`)(?P<s>(?:\\.|(?!(?P=q)).)*)(?P=q)\s*[,)]""")


def read_csv() -> dict[str, str]:
    if not CSV.exists():
        return {}
    with CSV.open(newline="", encoding="utf-8") as fh:
        return {row[0]: row[1] for row in csv.reader(fh) if len(row) >= 2}


def _docfield_strings(field: dict) -> list[str]:
    out = [field.get("label"), field.get("description")]
    if field.get("fieldtype") == "Select" and field.get("options"):
        out += [o for o in field["options"].split("\n") if o and o not in SKIP_OPTIONS]
    return [s for s in out if s]


def json_strings() -> set[str]:
    found: set[str] = set()
    for path in APP.rglob("*.json"):
        if "node_modules" in path.parts:
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("doctype") == "DocType":
            found.add(data["name"])
            for f in data.get("fields", []):
                found.update(_docfield_strings(f))
        elif isinstance(data, list) and path.parent.name == "fixtures":
            for rec in data:
                if rec.get("doctype") == "Custom Field":
                    found.update(_docfield_strings(rec))
                elif rec.get("doctype") == "Role":
                    found.add(rec["name"])
    return found


def code_strings() -> set[str]:
    found: set[str] = set()
    for path in APP.rglob("*.py"):
        if "core" in path.relative_to(APP).parts[:1]:
            continue
        for m in PY_CALL.finditer(path.read_text(encoding="utf-8")):
            found.add(ast.literal_eval(m.group("q") + m.group("s") + m.group("q")))
    for path in APP.rglob("*.html"):  # Jinja: _("…")
        for m in PY_CALL.finditer(path.read_text(encoding="utf-8")):
            found.add(ast.literal_eval(m.group("q") + m.group("s") + m.group("q")))
    for ext in ("*.js", "*.html", "*.vue"):
        for path in APP.rglob(ext):
            if "node_modules" in path.parts or "dist" in path.parts:
                continue
            for m in JS_CALL.finditer(path.read_text(encoding="utf-8")):
                found.add(m.group("s").replace("\\'", "'").replace('\\"', '"'))
    return found


def core_messages() -> dict[str, str]:
    sys.path.insert(0, str(ROOT))
    out: dict[str, str] = {}
    for name in CORE_MODULES:
        try:
            mod = importlib.import_module(f"moeen_helpdesk.core.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"moeen_helpdesk.core.{name}":
                continue
            raise
        for attr in ("MESSAGES_AR", "LABELS_AR", "UNITS_AR"):
            out.update(getattr(mod, attr, {}))
    return out


def missing() -> tuple[list[str], dict[str, str]]:
    have = read_csv()
    core = core_messages()
    wanted = (json_strings() | code_strings()) - set(core)
    return sorted(s for s in wanted if s not in have), {k: v for k, v in core.items() if have.get(k) != v}


def main() -> int:
    lacking, core_rows = missing()
    if "--write" in sys.argv and core_rows:
        rows = read_csv()
        rows.update(core_rows)
        with CSV.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            for key in sorted(rows):
                writer.writerow([key, rows[key]])
        print(f"wrote {len(core_rows)} core rows")
        core_rows = {}
    for s in lacking:
        print(f"missing: {s}")
    for s in core_rows:
        print(f"core row out of date: {s}")
    return 1 if lacking or core_rows else 0


if __name__ == "__main__":
    sys.exit(main())
