"""items.yaml: an author's hand-written questions beside the generated ones, checked as the
editor checks them and reported at their line."""

from __future__ import annotations

from pathlib import Path

from question_bank import generate, load_bank
from question_bank.payloads import VignettePayload
from tests.question_bank.test_loader import GOOD_DRUG, problems_of, write_bank

ITEMS = """\
items:
  - id: wrist-vignette
    type: vignette
    section: s1
    stem: A **34-year-old** woman wakes at night with numb thumb, index and middle fingers.
    prompt: Which nerve is most likely compressed?
    options:
      - {text: Median nerve, why: It runs through the carpal tunnel., correct: true}
      - {text: Ulnar nerve, why: It serves the little finger.}
      - {text: Radial nerve, why: It serves the back of the hand.}
      - {text: Axillary nerve, why: It serves the shoulder.}
    objective: Recognise median nerve compression at the wrist.
  - id: nsaid-short
    type: shortanswer
    section: s1
    prompt: Name the drug class of ibuprofen.
    accepted: [NSAID, non-steroidal anti-inflammatory drug]
"""


def test_written_items_join_the_generated_ones(tmp_path: Path) -> None:
    root = write_bank(tmp_path / "tiny", GOOD_DRUG)
    (root / "items.yaml").write_text(ITEMS)
    questions = generate(load_bank(root))
    written = {q.id: q for q in questions if q.id.startswith("tiny:")}
    assert set(written) == {"tiny:wrist-vignette", "tiny:nsaid-short"}
    vignette = written["tiny:wrist-vignette"]
    assert vignette.markup == "markdown" and vignette.answer == "Median nerve"
    assert (
        isinstance(vignette.payload, VignettePayload)
        and vignette.payload.rationales[1] == "It serves the little finger."
    )
    assert vignette.source == "Section one (cited: Nature)" and vignette.topic == "written"
    assert written["tiny:nsaid-short"].answer == ("NSAID", "non-steroidal anti-inflammatory drug")
    assert len(questions) > len(written), "the generated questions are still there"


def test_an_item_that_cannot_be_a_question_is_reported_at_its_line(tmp_path: Path) -> None:
    root = write_bank(tmp_path / "tiny", GOOD_DRUG)
    broken = ITEMS.replace("correct: true}", "}").replace("accepted: [NSAID", "acepted: [NSAID")
    (root / "items.yaml").write_text(broken)
    assert problems_of(root) == [
        "tiny/items.yaml:7 [options]: Mark exactly one option as the best answer.",
        "tiny/items.yaml:17 [acepted]: unknown item field 'acepted' (did you mean 'accepted'?)",
        "tiny/items.yaml:13 [accepted]: Write at least one accepted answer, one per line.",
    ]
