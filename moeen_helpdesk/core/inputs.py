"""Bounds of one argument of a call: size and nesting, measured without parsing."""

import json

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
