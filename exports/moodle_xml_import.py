"""Reading Moodle XML (`<quiz><question type="...">`), as Moodle's qformat_xml reads it, into the
same ImportedQuestion values as GIFT, each with the line its `<question>` starts on.

Parsed with expat directly, so each element keeps its line number; a document type declaration is
refused outright (no entities, so no entity expansion and no external files).
"""

from __future__ import annotations

import xml.parsers.expat
from dataclasses import dataclass, field, replace

from exports.gift_import import Answer, ImportedQuestion, Number, Parsed, Problem

KINDS = {
    "multichoice": "multichoice",
    "truefalse": "truefalse",
    "matching": "match",
    "shortanswer": "shortanswer",
    "numerical": "numerical",
    "essay": "essay",
    "description": "description",
}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    line: int
    children: list[Node] = field(default_factory=list)
    text: str = ""

    def find(self, tag: str) -> Node | None:
        return next((child for child in self.children if child.tag == tag), None)

    def all(self, tag: str) -> list[Node]:
        return [child for child in self.children if child.tag == tag]

    def value(self, tag: str, default: str = "") -> str:
        """The text of `<tag><text>…</text></tag>`, or of `<tag>…</tag>`."""
        found = self.find(tag)
        if found is None:
            return default
        inner = found.find("text")
        return (inner.text if inner is not None else found.text).strip()


class XmlError(ValueError):
    def __init__(self, line: int, message: str, severity: str = "error") -> None:
        super().__init__(message)
        self.line, self.severity = line, severity


def tree(source: bytes) -> Node:
    parser = xml.parsers.expat.ParserCreate()
    root = Node("#document", {}, 1)
    stack = [root]

    def start(tag: str, attrs: dict[str, str]) -> None:
        node = Node(tag, attrs, parser.CurrentLineNumber)
        stack[-1].children.append(node)
        stack.append(node)

    def end(tag: str) -> None:
        stack.pop()

    def text(data: str) -> None:
        stack[-1].text += data

    def doctype(*args: object) -> None:
        raise XmlError(parser.CurrentLineNumber, "a DOCTYPE is not accepted (it could declare entities)")

    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler, parser.StartDoctypeDeclHandler = text, doctype
    try:
        parser.Parse(source, True)
    except xml.parsers.expat.ExpatError as error:
        raise XmlError(
            error.lineno, f"not well-formed XML: {xml.parsers.expat.ErrorString(error.code)}"
        ) from None
    return root


def parse(source: bytes) -> Parsed:
    parsed = Parsed()
    try:
        root = tree(source)
    except XmlError as error:
        parsed.problems.append(Problem(error.line, str(error)))
        return parsed
    quiz = root.find("quiz")
    if quiz is None:
        parsed.problems.append(Problem(1, "not Moodle XML: the document is not a <quiz>"))
        return parsed
    category: str | None = None
    for element in quiz.all("question"):
        kind = element.attrs.get("type", "")
        if kind == "category":
            category = element.value("category") or category
            continue
        try:
            parsed.questions.append(_question(element, kind, category))
        except XmlError as error:
            parsed.problems.append(Problem(error.line, str(error), error.severity))
    return parsed


def _fraction(node: Node) -> float:
    try:
        return float(node.attrs.get("fraction", "0")) / 100
    except ValueError:
        raise XmlError(node.line, f"fraction {node.attrs.get('fraction')!r} is not a number") from None


def _question(element: Node, kind: str, category: str | None) -> ImportedQuestion:
    if kind not in KINDS:
        raise XmlError(element.line, f"{kind or 'untyped'} questions cannot be imported yet", "skipped")
    text_node = element.find("questiontext")
    fmt = text_node.attrs.get("format", "html") if text_node is not None else "html"
    base = ImportedQuestion(
        line=element.line,
        kind=KINDS[kind],
        name=element.value("name"),
        text=element.value("questiontext"),
        text_format=fmt if fmt in ("html", "markdown") else "moodle",
        general_feedback=element.value("generalfeedback"),
        category=category,
    )
    answers = tuple(
        Answer(node.value("text") or node.text.strip(), _fraction(node), node.value("feedback"))
        for node in element.all("answer")
    )
    if base.kind == "multichoice":
        return replace(base, single=element.value("single", "true").lower() in ("true", "1"), answers=answers)
    if base.kind == "truefalse":
        right = next((a for a in answers if a.fraction >= 1), None)
        if right is None:
            raise XmlError(element.line, "a true/false question needs an answer with fraction 100")
        return replace(base, truth=right.text.lower() == "true", feedback_right=right.feedback)
    if base.kind == "match":
        pairs = tuple(
            (sub.value("text") or sub.text.strip(), sub.value("answer")) for sub in element.all("subquestion")
        )
        return replace(base, pairs=pairs)
    if base.kind == "numerical":
        numbers = []
        for node, answer in zip(element.all("answer"), answers, strict=True):
            try:
                value = None if answer.text == "*" else float(answer.text)
                tolerance = float(node.value("tolerance", "0") or 0)
            except ValueError:
                raise XmlError(node.line, f"not a number: {answer.text!r}") from None
            numbers.append(Number(value, tolerance, answer.fraction, answer.feedback))
        return replace(base, numbers=tuple(numbers), units=_units(element))
    return replace(base, answers=answers)


def _units(element: Node) -> tuple[tuple[str, float], ...]:
    """A numerical question's `<units><unit><unit_name>…<multiplier>…`, in order."""
    holder = element.find("units")
    found = []
    for unit in holder.all("unit") if holder is not None else []:
        name = unit.value("unit_name")
        try:
            multiplier = float(unit.value("multiplier", "1") or 1)
        except ValueError:
            message = f"unit multiplier {unit.value('multiplier')!r} is not a number"
            raise XmlError(unit.line, message) from None
        if name:
            found.append((name, multiplier))
    return tuple(found)
