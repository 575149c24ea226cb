"""YAML reading that remembers where each mapping and key came from, for precise error messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode

from question_bank.errors import BankProblem


class LineMap(dict[str, Any]):
    """A mapping from YAML that knows its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml parses in C when available; construction (and our line capture) stays the same."""


def _construct_mapping(loader: _LineLoader, node: MappingNode) -> LineMap:
    loader.flatten_mapping(node)
    result = LineMap()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = str(loader.construct_object(key_node, deep=True))
        if key in result:  # YAML says keys are unique; PyYAML would keep the last one silently
            raise ConstructorError(None, None, f"duplicate key '{key}'", key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


# A bank file is data an author types, so anchors and aliases are hardly needed; a few are
# allowed, but never the exponential expansion of a "billion laughs" file.
MAX_ALIASES = 50
MAX_NODES = 200_000


# What PyYAML's messages usually mean in a hand-written bank file.
_HINTS = (
    (
        "mapping values are not allowed",
        "check the indentation: this line is indented differently from the "
        "fields above it (every field of an entity starts in the same column), "
        "or a value holding ': ' needs quotes",
    ),
    (
        "expected <block end>",
        "check the indentation: a line here starts in a column that matches no field above",
    ),
    ("could not find expected ':'", "a field needs 'name: value'; a value holding ': ' or '#' needs quotes"),
    (
        "did not find expected '-' indicator",
        "check the indentation: this line starts left of the entity "
        "above it; every field of an entity starts in the column of its first field",
    ),
    ("found a tab character", "tabs cannot indent YAML: indent with spaces"),
    ("found undefined alias", "'*' starts an alias in YAML: put a value beginning with '*' in quotes"),
)


def _explained(problem: str) -> str:
    for start, hint in _HINTS:
        if start in problem:
            return f"bad YAML ({problem}): {hint}"
    return f"bad YAML: {problem}"


def _check_size(root: Node) -> None:
    """Refuse too many alias uses, or a document whose aliases expand it beyond MAX_NODES."""
    seen: dict[int, int] = {}  # node id -> its expanded size
    aliases = 0

    def size(node: Node) -> int:
        nonlocal aliases
        if id(node) in seen:
            aliases += 1
            if aliases > MAX_ALIASES:
                raise ConstructorError(None, None, f"more than {MAX_ALIASES} aliases", node.start_mark)
            return seen[id(node)]
        seen[id(node)] = 1  # a node reached again while it is built: a recursive alias
        children: list[Node] = []
        if isinstance(node, MappingNode):
            children = [n for pair in node.value for n in pair]
        elif not isinstance(node, ScalarNode):
            children = list(node.value)
        total = 1 + sum(size(child) for child in children)
        if total > MAX_NODES:
            raise ConstructorError(
                None, None, f"the document expands to more than {MAX_NODES} values", node.start_mark
            )
        seen[id(node)] = total
        return total

    size(root)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(path: Path, label: str) -> tuple[Any, list[BankProblem]]:
    """Parse one file; on failure return None and a problem naming the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [BankProblem(label, 0, "", f"cannot read file: {exc}")]
    loader = _LineLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, []
        _check_size(node)
        return loader.construct_document(node), []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        problem = getattr(exc, "problem", None) or str(exc)
        return None, [BankProblem(label, line, "", _explained(problem))]
    except RecursionError:
        return None, [BankProblem(label, 0, "", "bad YAML: nested too deeply")]
    finally:
        loader.dispose()
