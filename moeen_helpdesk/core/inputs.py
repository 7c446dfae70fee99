"""Bounds of one argument of a call: size and nesting, measured without parsing."""

import json
import re

#: Largest string (characters) and deepest nesting one argument may carry.
MAX_VALUE_CHARS = 512 * 1024
MAX_DEPTH = 32


def json_depth(text: str, limit: int = MAX_DEPTH) -> int:
    """Nesting depth of the brackets of a JSON-looking string, counted without parsing
    (brackets inside JSON strings do not count; stops counting just past ``limit``)."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    return deepest
        elif ch in "]}":
            depth -= 1
    return deepest


def body_problem(text: str, limit: int = MAX_DEPTH) -> str | None:
    """What is wrong with a JSON request body: ``"too_deep"``, ``"invalid"`` or ``None``.

    The depth is measured first, without parsing, so a body nested thousands of levels deep
    is judged without the recursion that makes a parser fail."""
    if json_depth(text, limit) > limit:
        return "too_deep"
    try:
        json.loads(text)
    except ValueError:
        return "invalid"
    return None


# ------------------------------------------------------------------ filters and field values
#: Problems :func:`filters_problem` names.
BAD_SHAPE = "shape"
BAD_FIELD = "field"
BAD_VALUE = "value"
SCALARS = (str, int, float, bool)


def _scalar(value) -> bool:
    return value is None or isinstance(value, SCALARS)


def _condition_problem(condition) -> str | None:
    """``value`` | ``[operator, value]`` where value is a scalar or a list of scalars."""
    if _scalar(condition):
        return None
    if isinstance(condition, list | tuple) and 1 <= len(condition) <= 2 and isinstance(condition[0], str):
        value = condition[1] if len(condition) == 2 else None
        if _scalar(value) or (isinstance(value, list | tuple) and all(_scalar(v) for v in value)):
            return None
    return BAD_VALUE


def filters_problem(filters, known) -> tuple[str, str] | None:
    """What is wrong with list-query filters, as Frappe reads them: ``{field: condition}`` or a
    list of ``[field, operator, value]`` / ``[doctype, field, operator, value(, flag)]`` rows.
    ``known(doctype_or_None, field)`` says whether a field exists. ``(problem, where)`` or None."""
    if filters is None or filters == "" or filters == [] or filters == {}:
        return None
    if isinstance(filters, dict):
        for field, condition in filters.items():
            if not isinstance(field, str) or not known(None, field):
                return BAD_FIELD, str(field)[:60]
            if _condition_problem(condition):
                return BAD_VALUE, field
        return None
    if not isinstance(filters, list | tuple):
        return BAD_SHAPE, ""
    for row in filters:
        if isinstance(row, dict):
            if problem := filters_problem(row, known):
                return problem
            continue
        if not isinstance(row, list | tuple) or not 2 <= len(row) <= 5:
            return BAD_SHAPE, ""
        doctype, field, rest = (row[0], row[1], row[2:]) if len(row) >= 4 else (None, row[0], row[1:])
        if doctype is not None and not isinstance(doctype, str):
            return BAD_SHAPE, ""
        if not isinstance(field, str) or not known(doctype, field):
            return BAD_FIELD, str(field)[:60]
        condition = list(rest[:2]) if len(rest) >= 2 else rest[0]
        if len(rest) == 1 and not _scalar(rest[0]):
            return BAD_VALUE, field
        if len(rest) >= 2 and _condition_problem(condition):
            return BAD_VALUE, field
    return None


TABLE_TYPES = ("Table", "Table MultiSelect")
NUMBER_TYPES = ("Int", "Float", "Currency", "Percent", "Rating", "Duration")  # Check: any scalar
FREE_TYPES = ("JSON", "Code", "Geolocation")


def value_problem(fieldtype: str, value) -> bool:
    """Whether a value cannot be stored in a field of this type (None always can): rows for a
    table, a number for a number field, a scalar anywhere else."""
    if value is None or fieldtype in FREE_TYPES:
        return False
    if fieldtype in TABLE_TYPES:
        return not (isinstance(value, list) and all(isinstance(r, dict) for r in value))
    if not isinstance(value, SCALARS):
        return True
    if fieldtype in NUMBER_TYPES and isinstance(value, str):
        try:
            float(value or 0)
        except ValueError:
            return True
    return False


ORDER_PART = re.compile(r"^\s*(`?[A-Za-z0-9_ ]+`?\.)?`?([A-Za-z0-9_]+)`?(\s+(asc|desc))?\s*$", re.IGNORECASE)


def list_view_problem(columns, rows, order_by, known) -> tuple[str, str] | None:
    """What is wrong with a list view's columns (objects whose ``key`` names a field), rows
    (field names) and ``order_by`` (``field [asc|desc]``, comma-separated), as Helpdesk's list
    API reads them; ``known(field)`` says whether a field exists."""
    for column in columns or []:
        if not isinstance(column, dict):
            return BAD_SHAPE, "columns"
        key = column.get("key")
        if key is not None and (not isinstance(key, str) or not known(key)):
            return BAD_FIELD, str(key)[:60]
    for row in rows or []:
        if not isinstance(row, str) or not known(row):
            return BAD_FIELD, str(row)[:60]
    if order_by is None or (isinstance(order_by, str) and not order_by.strip()):
        return None  # Helpdesk's own default order
    for part in order_by.split(",") if isinstance(order_by, str) else [None]:
        found = ORDER_PART.match(part) if isinstance(part, str) else None
        if found is None or not known(found.group(2)):
            return BAD_FIELD, str(part)[:60]
    return None
