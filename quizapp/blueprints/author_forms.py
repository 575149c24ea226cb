"""The instructor's forms: courses, banks, co-authors, the question editor and image uploads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    Form,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields import FieldList, FormField
from wtforms.validators import DataRequired, Email, Length, Optional

from question_bank.authoring import DIFFICULTIES, MAX_OPTIONS, WRITABLE, Option, Written
from question_bank.schema import KindSpec
from question_bank.types import get_type
from quizapp.blueprints.forms import CHECKBOXES

TEXT = 20_000  # a long vignette with a table fits; a pasted book does not
SHORT = 2_000


class CourseForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no annotations
    title = StringField("Course title", validators=[DataRequired(), Length(max=200)])


class JoinForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no annotations
    code = StringField("Join code", validators=[DataRequired(), Length(max=32)])


class AttachForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no annotations
    bank = SelectField("Bank", validators=[DataRequired()])


class BankForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no annotations
    title = StringField("Bank title", validators=[DataRequired(), Length(max=300)])
    description = TextAreaField("Description", validators=[Optional(), Length(max=SHORT)])


class CoauthorForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no annotations
    email = StringField("Co-author's email", validators=[DataRequired(), Email(), Length(max=254)])


class ImageForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no annotations
    image = FileField("Image (PNG, JPEG, GIF or WebP, at most 2 MB)", validators=[FileRequired()])


class OptionForm(Form):  # type: ignore[misc]  # WTForms ships no annotations
    """One option; a sub-form (no CSRF token of its own: the editor's covers it)."""

    text = StringField("Option", validators=[Optional(), Length(max=SHORT)])
    explanation = StringField("Why it is right or wrong", validators=[Optional(), Length(max=SHORT)])
    correct = BooleanField("Correct")


class QuestionForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no annotations
    type = SelectField("Question type")
    stem = TextAreaField("Case (vignette stem)", validators=[Optional(), Length(max=TEXT)])
    prompt = TextAreaField("Question (lead-in)", validators=[Optional(), Length(max=TEXT)])
    options = FieldList(FormField(OptionForm), min_entries=5, max_entries=MAX_OPTIONS)
    back = TextAreaField("Answer (back of the card)", validators=[Optional(), Length(max=TEXT)])
    accepted = TextAreaField("Accepted answers, one per line", validators=[Optional(), Length(max=SHORT)])
    tolerance = StringField("Tolerance (± how much is still right)", validators=[Optional(), Length(max=40)])
    unit = StringField("Unit", validators=[Optional(), Length(max=40)])
    pairs = TextAreaField("Pairs, one per line: item = match", validators=[Optional(), Length(max=TEXT)])
    true = RadioField("The statement is", default="true")
    explanation = TextAreaField("Explanation", validators=[Optional(), Length(max=TEXT)])
    objective = StringField("Educational objective", validators=[Optional(), Length(max=SHORT)])
    source = StringField("Source", validators=[Optional(), Length(max=SHORT)])
    topic = StringField("Topic", validators=[Optional(), Length(max=200)])
    tags = StringField("Tags, separated by commas", validators=[Optional(), Length(max=SHORT)])
    difficulty = SelectField("Difficulty", default="")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Set here, not on the class: WTForms 3.3 warns about (value, label) pairs declared there.
        self.type.choices = [(name, get_type(name).label) for name in WRITABLE]
        self.true.choices = [("true", "True"), ("false", "False")]
        self.difficulty.choices = [("", "Not rated"), *((d, d.capitalize()) for d in DIFFICULTIES)]

    def written(self) -> Written:
        options = tuple(
            Option(entry.text.data or "", entry.explanation.data or "", bool(entry.correct.data))
            for entry in self.options
        )
        pairs = tuple(
            (left.strip(), right.strip())
            for line in (self.pairs.data or "").splitlines()
            if line.strip()
            for left, _, right in [line.partition("=")]
        )
        return Written(
            type=self.type.data or "",
            prompt=self.prompt.data or "",
            stem=self.stem.data or "",
            options=options,
            back=self.back.data or "",
            accepted=tuple((self.accepted.data or "").splitlines()),
            tolerance=self.tolerance.data or "",
            unit=self.unit.data or "",
            pairs=pairs,
            true=self.true.data != "false",
            explanation=self.explanation.data or "",
            objective=self.objective.data or "",
            source=self.source.data or "",
            topic=self.topic.data or "",
            tags=tuple((self.tags.data or "").split(",")),
            difficulty=self.difficulty.data or "",
        )

    def fill(self, written: Written) -> None:
        """Set the fields from stored content (for GET; a POST keeps what was typed)."""
        self.type.data = written.type
        self.prompt.data, self.stem.data, self.back.data = written.prompt, written.stem, written.back
        self.accepted.data = "\n".join(written.accepted)
        self.tolerance.data, self.unit.data = written.tolerance, written.unit
        self.pairs.data = "\n".join(f"{a} = {b}" for a, b in written.pairs)
        self.true.data = "true" if written.true else "false"
        self.explanation.data, self.objective.data = written.explanation, written.objective
        self.source.data, self.topic.data = written.source, written.topic
        self.tags.data = ", ".join(written.tags)
        self.difficulty.data = written.difficulty
        while len(self.options) < max(5, len(written.options)):
            self.options.append_entry()
        for entry, option in zip(self.options, written.options, strict=False):
            entry.text.data, entry.explanation.data = option.text, option.explanation
            entry.correct.data = option.correct


class SectionForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no annotations
    title = StringField("Section title", validators=[DataRequired(), Length(max=200)])
    cites = StringField("Sources it cites, separated by commas", validators=[Optional(), Length(max=SHORT)])


class ConditionForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no annotations
    condition = StringField("What the bank is about, as it reads mid-sentence", validators=[Length(max=200)])


class FactForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no annotations
    """The fields every fact has; `fact_form` adds one per attribute of the chosen kind."""

    name = StringField("Name", validators=[DataRequired(), Length(max=300)])
    section = SelectField("Section it comes from")
    cites = StringField("Sources, separated by commas", validators=[Optional(), Length(max=SHORT)])


def fact_form(
    spec: KindSpec, concepts: Callable[[str], list[tuple[str, str]]], sections: list[tuple[str, str]]
) -> Any:
    """A form for one kind of fact: a text area per text attribute, and for a concept attribute
    the bank's concepts of its type to pick, with a box for new ones."""
    fields: dict[str, Any] = {}
    for name, attr in spec.attributes.items():
        label = name.replace("_", " ").capitalize()
        if attr.grouping:
            label += " (a grouping: organises the bank, never asked)"
        if attr.type in ("text", "integer"):
            fields[f"attr_{name}"] = TextAreaField(label, validators=[Optional(), Length(max=TEXT)])
        elif attr.type == "concept":
            fields[f"attr_{name}"] = SelectField(label, validators=[Optional()])
            fields[f"new_{name}"] = StringField(
                f"Or a new {name.replace('_', ' ')}", validators=[Optional(), Length(max=SHORT)]
            )
        else:
            fields[f"attr_{name}"] = SelectMultipleField(label, validators=[Optional()], **CHECKBOXES)
            fields[f"new_{name}"] = StringField(
                f"New {name.replace('_', ' ')}, separated by commas",
                validators=[Optional(), Length(max=SHORT)],
            )
        if attr.required:
            fields[f"absent_{name}"] = BooleanField(f"It has no {name.replace('_', ' ')}")
    form = type(f"{spec.name.title()}Form", (FactForm,), fields)()
    form.section.choices = sections
    for name, attr in spec.attributes.items():
        if attr.type == "concept":
            form[f"attr_{name}"].choices = [("", "—"), *concepts(attr.concept_type)]
        elif attr.type == "concepts":
            form[f"attr_{name}"].choices = concepts(attr.concept_type)
    return form


class UploadForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no annotations
    file = FileField("File", validators=[FileRequired()])
    format = SelectField("What the file holds")
    bank = SelectField("Into the bank (questions only)", validators=[Optional()])
    check_only = BooleanField("Only check it: store nothing")

    FORMATS = (
        ("bank-zip", "A bank folder (.zip of bank.yaml and its files)"),
        ("gift", "Questions in GIFT (Moodle)"),
        ("moodle-xml", "Questions in Moodle XML"),
        ("aiken", "Questions in Aiken"),
        ("csv", "Questions in CSV"),
    )
