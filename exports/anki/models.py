"""The three Anki note types: fields, card templates and one stylesheet for light and dark mode.

The model ids are fixed forever: Anki recognises a note type by id, so changing one (or the list of
fields) makes the next import create a second note type and skip every existing note as conflicting.
Restyling (templates, CSS) is safe: with Anki's default "update note types if newer" it is picked up.
"""

from __future__ import annotations

import genanki

BASIC_MODEL_ID = 1363309207
CLOZE_MODEL_ID = 1607052548
CHOICE_MODEL_ID = 2046502494

OPTION_LETTERS = "ABCDEFGH"

# Anki puts `card` on <body> and, in dark mode, `nightMode` (desktop, AnkiMobile) or `night_mode`
# (AnkiDroid); colours live in variables so each mode overrides them in one place.
CSS = """\
.card {
  --qa-fg: #1f2430; --qa-bg: #ffffff; --qa-muted: #5d6675; --qa-line: #d6dbe3;
  --qa-accent: #1d5fd1; --qa-key-bg: #e7f6ec; --qa-key-fg: #14532d; --qa-cloze: #1d5fd1;
  font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 20px; line-height: 1.5; text-align: left;
  color: var(--qa-fg); background-color: var(--qa-bg);
}
.card.nightMode, .card.night_mode, .nightMode .card, .night_mode .card {
  --qa-fg: #e4e7ec; --qa-bg: #1f2228; --qa-muted: #a3abb8; --qa-line: #3c424d;
  --qa-accent: #8cb4ff; --qa-key-bg: #17351f; --qa-key-fg: #a6e9b9; --qa-cloze: #8cb4ff;
}
.qa { max-width: 42em; margin: 0 auto; padding: 0.5em 0.75em; overflow-wrap: anywhere; }
.prompt, .stem { font-weight: 600; margin-bottom: 0.75em; }
.media img { max-width: 100%; height: auto; display: block; margin: 0.5em auto; }
.options { list-style: none; padding: 0; margin: 0; }
.options li {
  display: flex; gap: 0.6em; align-items: baseline;
  border: 1px solid var(--qa-line); border-radius: 8px; padding: 0.45em 0.7em; margin: 0.4em 0;
}
.letter { font-weight: 700; color: var(--qa-accent); min-width: 1.2em; }
hr#answer { border: none; border-top: 1px solid var(--qa-line); margin: 1em 0; }
.key {
  background: var(--qa-key-bg); color: var(--qa-key-fg);
  border-radius: 8px; padding: 0.5em 0.75em; margin-bottom: 0.75em;
}
.key-letter { font-weight: 700; margin-right: 0.4em; }
.explanation { margin: 0.75em 0; }
.source, .extra-label { color: var(--qa-muted); font-size: 0.8em; }
.cloze { font-weight: 700; color: var(--qa-cloze); }
.items, .pairs { margin: 0.25em 0 0.75em; padding-left: 1.4em; }
.match-options { color: var(--qa-muted); }
.prompt .items, .prompt .match-options, .prompt .options { font-weight: 400; }
@media (max-width: 480px) { .card { font-size: 18px; } .qa { padding: 0.25em 0.4em; } }
"""

# Templates are concatenated rather than f-strings: Anki's {{Field}} braces stay readable.
_IMAGE = '{{#Image}}<div class="media">{{Image}}</div>{{/Image}}\n'
_EXPLANATION = '{{#Explanation}}<div class="explanation">{{Explanation}}</div>{{/Explanation}}\n'
_SOURCE = '{{#Source}}<div class="source">Source: {{Source}}</div>{{/Source}}\n'
_ANSWER_RULE = '{{FrontSide}}\n<hr id="answer">\n'

BASIC_FIELDS = ("Front", "Back", "Explanation", "Source", "Image", "QuestionId")

BASIC = genanki.Model(
    BASIC_MODEL_ID,
    "Quizapp Basic",
    fields=[{"name": name} for name in BASIC_FIELDS],
    templates=[
        {
            "name": "Card 1",
            "qfmt": '<div class="qa qa-basic">\n<div class="prompt">{{Front}}</div>\n' + _IMAGE + "</div>",
            "afmt": _ANSWER_RULE
            + '<div class="qa qa-basic">\n<div class="back">{{Back}}</div>\n'
            + _EXPLANATION
            + _SOURCE
            + "</div>",
        }
    ],
    css=CSS,
)

CLOZE_FIELDS = ("Text", "Extra", "Source", "Image", "QuestionId")
_CLOZE_TEXT = '<div class="qa qa-cloze">\n<div class="prompt">{{cloze:Text}}</div>\n' + _IMAGE

CLOZE = genanki.Model(
    CLOZE_MODEL_ID,
    "Quizapp Cloze",
    fields=[{"name": name} for name in CLOZE_FIELDS],
    templates=[
        {
            "name": "Cloze",
            "qfmt": _CLOZE_TEXT + "</div>",
            "afmt": _CLOZE_TEXT
            + '<hr id="answer">\n'
            + '{{#Extra}}<div class="explanation">{{Extra}}</div>{{/Extra}}\n'
            + _SOURCE
            + "</div>",
        }
    ],
    css=CSS,
    model_type=genanki.Model.CLOZE,
)

CHOICE_FIELDS = (
    "Stem",
    *(f"Option{letter}" for letter in OPTION_LETTERS),
    "Answer",
    "AnswerText",
    "Explanation",
    "Source",
    "Image",
    "QuestionId",
)

_OPTION = (
    '{{#Option@}}<li><span class="letter">@</span><span class="option">{{Option@}}</span></li>{{/Option@}}\n'
)
_OPTIONS = "".join(_OPTION.replace("@", letter) for letter in OPTION_LETTERS)


CHOICE = genanki.Model(
    CHOICE_MODEL_ID,
    "Quizapp Multiple choice",
    fields=[{"name": name} for name in CHOICE_FIELDS],
    templates=[
        {
            "name": "Card 1",
            "qfmt": '<div class="qa qa-choice">\n<div class="stem">{{Stem}}</div>\n'
            + _IMAGE
            + '<ol class="options">\n'
            + _OPTIONS
            + "</ol>\n</div>",
            "afmt": _ANSWER_RULE
            + '<div class="qa qa-choice">\n'
            + '<div class="key"><span class="key-letter">{{Answer}}</span>'
            + '<span class="answer-text">{{AnswerText}}</span></div>\n'
            + _EXPLANATION
            + _SOURCE
            + "</div>",
        }
    ],
    css=CSS,
)
