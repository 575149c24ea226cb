"""WTForms forms; every one carries a CSRF token through Flask-WTF."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    FloatField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, EqualTo, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from quizapp.blueprints.inputs import MAX_ID


class LoginForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no annotations
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=512)])
    remember = BooleanField("Keep me signed in")


class RegisterForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no annotations
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(min=8, max=512)])
    confirm = PasswordField(
        "Repeat password", validators=[DataRequired(), EqualTo("password", "Passwords differ.")]
    )


class PasswordForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no annotations
    current = PasswordField("Current password", validators=[DataRequired(), Length(max=512)])
    password = PasswordField("New password", validators=[DataRequired(), Length(min=8, max=512)])
    confirm = PasswordField(
        "Repeat new password",
        validators=[DataRequired(), EqualTo("password", "Passwords differ.")],
    )


class SettingsForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no annotations
    new_per_day = IntegerField("New cards per day", validators=[NumberRange(0, 9999)])
    reviews_per_day = IntegerField("Reviews per day", validators=[NumberRange(0, 99999)])
    desired_retention = FloatField("Desired retention (0.70–0.97)", validators=[NumberRange(0.70, 0.97)])
    timezone = SelectField("Your time zone")
    rollover_hour = IntegerField("A new study day starts at (hour, 0–23)", validators=[NumberRange(0, 23)])
    learning_steps = StringField("Learning steps (e.g. 1m 10m)", validators=[Optional(), Length(max=200)])


class AnswerForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no annotations
    """The answer to one rendered question; the `choice` values are read as a list."""

    card_id = IntegerField(widget=HiddenInput(), validators=[DataRequired(), NumberRange(1, MAX_ID)])
    version = IntegerField(widget=HiddenInput(), validators=[NumberRange(0, MAX_ID)])
    duration_ms = IntegerField(widget=HiddenInput(), validators=[Optional(), NumberRange(0, MAX_ID)])
    rating = IntegerField(widget=HiddenInput(), validators=[Optional(), NumberRange(1, 4)])
    bank = StringField(widget=HiddenInput(), validators=[Optional(), Length(max=100)])
    tag = StringField(widget=HiddenInput(), validators=[Optional(), Length(max=255)])
    block = IntegerField(widget=HiddenInput(), validators=[Optional(), NumberRange(0, MAX_ID)])


class GradeForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no annotations
    rating = IntegerField(widget=HiddenInput(), validators=[DataRequired(), NumberRange(1, 4)])


class ActionForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no annotations
    """A button that changes state (undo, suspend, log out): only the CSRF token."""


class DownloadForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no annotations
    """A download of some questions; the optional `topic` checkboxes are read as a list."""

    format = StringField("Format", validators=[DataRequired(), Length(max=40)])


class MarkForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no annotations
    """Mark or unmark one question, then go back to the page the button was on."""

    question_id = StringField(widget=HiddenInput(), validators=[DataRequired(), Length(max=255)])
    next = StringField(widget=HiddenInput(), validators=[Optional(), Length(max=2000)])


CHECKBOXES = {"widget": ListWidget(prefix_label=False), "option_widget": CheckboxInput()}


class BlockForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no annotations
    """The test builder; the bank, topic and type choices are filled in by the view."""

    banks = SelectMultipleField("Banks", **CHECKBOXES)
    topics = SelectMultipleField("Topics", **CHECKBOXES)
    types = SelectMultipleField("Question types", **CHECKBOXES)
    pool = RadioField("Questions", default="all")
    difficulties = SelectMultipleField("Difficulty (rated by your instructors)", **CHECKBOXES)
    count = IntegerField("Number of questions", default=40, validators=[NumberRange(1, 200)])
    mode = RadioField("Mode", default="tutor")
    seconds_per_question = IntegerField(
        "Seconds per question (timed)", default=90, validators=[Optional(), NumberRange(10, 600)]
    )
