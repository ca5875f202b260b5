"""JSON patch (RFC 6902), JSON merge patch (RFC 7386) and selectors.

Strategic merge patch is approximated: like a merge patch, except that lists whose
elements all are objects with a `name` (containers, initContainers, env, volumes, ports)
are merged by name, and `{"name": X, "$patch": "delete"}` removes an element. Other
directives (`$setElementOrder`, `$retainKeys`, `$deleteFromPrimitiveList`) are ignored,
and other lists are replaced.
"""

import copy
import re
from typing import Any


class PatchError(Exception):
    """A patch that cannot be applied: the API server answers 422 Invalid."""


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def _split(pointer: str) -> list[str]:
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise PatchError(f"invalid JSON pointer {pointer!r}")
    return [_unescape(t) for t in pointer[1:].split("/")]


def _walk(doc: Any, tokens: list[str]) -> Any:
    for token in tokens:
        if isinstance(doc, dict):
            if token not in doc:
                raise PatchError(f"path element {token!r} does not exist")
            doc = doc[token]
        elif isinstance(doc, list):
            try:
                doc = doc[int(token)]
            except (ValueError, IndexError):
                raise PatchError(f"invalid array index {token!r}") from None
        else:
            raise PatchError(f"cannot descend into {type(doc).__name__} at {token!r}")
    return doc


def _get(doc: Any, pointer: str) -> Any:
    return _walk(doc, _split(pointer))


def _add(doc: Any, pointer: str, value: Any) -> Any:
    tokens = _split(pointer)
    if not tokens:
        return value
    parent = _walk(doc, tokens[:-1])
    last = tokens[-1]
    if isinstance(parent, dict):
        parent[last] = value
    elif isinstance(parent, list):
        if last == "-":
            parent.append(value)
        else:
            try:
                index = int(last)
            except ValueError:
                raise PatchError(f"invalid array index {last!r}") from None
            if index < 0 or index > len(parent):
                raise PatchError(f"array index {index} out of range")
            parent.insert(index, value)
    else:
        raise PatchError(f"cannot add to {type(parent).__name__}")
    return doc


def _remove(doc: Any, pointer: str) -> tuple[Any, Any]:
    tokens = _split(pointer)
    if not tokens:
        raise PatchError("cannot remove the whole document")
    parent = _walk(doc, tokens[:-1])
    last = tokens[-1]
    if isinstance(parent, dict):
        if last not in parent:
            raise PatchError(f"cannot remove missing key {last!r}")
        return doc, parent.pop(last)
    if isinstance(parent, list):
        try:
            return doc, parent.pop(int(last))
        except (ValueError, IndexError):
            raise PatchError(f"invalid array index {last!r}") from None
    raise PatchError(f"cannot remove from {type(parent).__name__}")


def json_patch(doc: Any, operations: Any) -> Any:
    """Apply an RFC 6902 patch to a copy of `doc`; any failed op (incl. `test`) raises."""
    if not isinstance(operations, list):
        raise PatchError("a JSON patch must be an array of operations")
    doc = copy.deepcopy(doc)
    for op in operations:
        if not isinstance(op, dict) or "op" not in op or "path" not in op:
            raise PatchError(f"malformed operation {op!r}")
        kind, path = op["op"], op["path"]
        if kind == "add":
            doc = _add(doc, path, copy.deepcopy(op.get("value")))
        elif kind == "remove":
            doc, _ = _remove(doc, path)
        elif kind == "replace":
            doc, _ = _remove(doc, path)
            doc = _add(doc, path, copy.deepcopy(op.get("value")))
        elif kind == "move":
            doc, value = _remove(doc, op["from"])
            doc = _add(doc, path, value)
        elif kind == "copy":
            doc = _add(doc, path, copy.deepcopy(_get(doc, op["from"])))
        elif kind == "test":
            actual = _get(doc, path)
            if actual != op.get("value"):
                raise PatchError(f"test operation failed at {path}: {actual!r} != {op.get('value')!r}")
        else:
            raise PatchError(f"unknown operation {kind!r}")
    return doc


def merge_patch(doc: Any, patch: Any) -> Any:
    """RFC 7386 merge patch; also used for strategic merge (directives dropped)."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(doc) if isinstance(doc, dict) else {}
    for key, value in patch.items():
        if key.startswith("$"):
            continue  # strategic-merge directives ($patch, $setElementOrder/...)
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def _named_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, dict) and "name" in v for v in value)


def strategic_merge_patch(doc: Any, patch: Any) -> Any:
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(doc) if isinstance(doc, dict) else {}
    for key, value in patch.items():
        if key.startswith("$"):
            continue
        if value is None:
            result.pop(key, None)
        elif _named_list(value) and _named_list(result.get(key)) and result.get(key):
            merged = copy.deepcopy(result[key])
            for item in value:
                index = next((i for i, m in enumerate(merged) if m["name"] == item["name"]), None)
                if item.get("$patch") == "delete":
                    if index is not None:
                        merged.pop(index)
                elif index is None:
                    merged.append(strategic_merge_patch({}, item))
                else:
                    merged[index] = strategic_merge_patch(merged[index], item)
            result[key] = merged
        else:
            result[key] = strategic_merge_patch(result.get(key), value)
    return result


# ---- selectors ---------------------------------------------------------------------------

_SET_RE = re.compile(r"^\s*([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)\s*$")


def _split_selector(selector: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for ch in selector:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    if current.strip():
        parts.append(current)
    return [p.strip() for p in parts if p.strip()]


def parse_label_selector(selector: str | None) -> list[tuple[str, str, Any]]:
    """Parse `a=b,c!=d,e,!f,g in (x,y),h notin (z)` into (key, op, value) terms."""
    terms: list[tuple[str, str, Any]] = []
    for part in _split_selector(selector or ""):
        m = _SET_RE.match(part)
        if m:
            values = {v.strip() for v in m.group(3).split(",") if v.strip()}
            terms.append((m.group(1), m.group(2), values))
        elif "!=" in part:
            key, value = part.split("!=", 1)
            terms.append((key.strip(), "!=", value.strip()))
        elif "==" in part:
            key, value = part.split("==", 1)
            terms.append((key.strip(), "=", value.strip()))
        elif "=" in part:
            key, value = part.split("=", 1)
            terms.append((key.strip(), "=", value.strip()))
        elif part.startswith("!"):
            terms.append((part[1:].strip(), "!exists", None))
        else:
            terms.append((part, "exists", None))
    return terms


def matches_labels(labels: dict[str, str], terms: list[tuple[str, str, Any]]) -> bool:
    for key, op, value in terms:
        present = key in labels
        actual = labels.get(key)
        if op == "=" and actual != value:
            return False
        if op == "!=" and actual == value:
            return False
        if op == "exists" and not present:
            return False
        if op == "!exists" and present:
            return False
        if op == "in" and actual not in value:
            return False
        if op == "notin" and present and actual in value:
            return False
    return True


def _field_value(obj: dict, path: str) -> str:
    value: Any = obj
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return "" if value is None else str(value)


def matches_fields(obj: dict, selector: str | None) -> bool:
    """Field selectors: `metadata.name=x`, `metadata.namespace!=y`, any dotted path."""
    for part in _split_selector(selector or ""):
        if "!=" in part:
            key, value = part.split("!=", 1)
            if _field_value(obj, key.strip()) == value.strip():
                return False
        else:
            key, value = part.replace("==", "=").split("=", 1)
            if _field_value(obj, key.strip()) != value.strip():
                return False
    return True
