"""Uploads in the browser: a zipped bank folder, and questions from GIFT and the other formats,
with hostile archives refused before anything is extracted."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from quizapp.store import drafts
from tests.question_bank.test_loader import BANK_YAML, CONCEPTS, GOOD_DRUG
from tests.quizapp.course_world import World, build_world

GIFT = """\
::ulnar::Which nerve serves the little finger? {=Ulnar nerve ~Median nerve ~Radial nerve}

::median::The median nerve passes through the carpal tunnel. {TRUE}
"""


@pytest.fixture
def world(engine, make_user, clock) -> World:
    return build_world(engine, make_user, clock)


def zipped(files: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def upload(auth, client, data: bytes, fmt: str, name: str = "bank.zip", **fields: str):
    form = {"csrf_token": auth.csrf(), "file": (io.BytesIO(data), name), "format": fmt, **fields}
    return client.post("/write/import", data=form)


TINY = {"tiny/bank.yaml": BANK_YAML, "tiny/concepts.yaml": CONCEPTS, "tiny/drugs.yaml": GOOD_DRUG}


def test_a_zipped_bank_folder_becomes_the_instructors_bank(
    auth, client, engine, world, tmp_path: Path
) -> None:
    auth.login(world.teacher.email)
    checked = upload(auth, client, zipped(TINY), "bank-zip", check_only="y")
    assert checked.status_code == 200 and "nothing was stored" in checked.get_data(as_text=True)
    assert client.get("/write/banks/tiny").status_code == 404
    hostile = {**TINY, "../../../escaped.png": b"\x89PNG", "/etc/notes.txt": "ignored"}
    response = upload(auth, client, zipped(hostile), "bank-zip")
    assert response.status_code == 303 and response.headers["Location"].endswith("/write/banks/tiny")
    assert not list(tmp_path.parent.glob("**/escaped.png")), "no name became a path"
    page = client.get("/write/banks/tiny").get_data(as_text=True)
    assert "Tiny bank" in page and "published" in page
    auth.logout()
    auth.login(world.outsider.email)
    assert client.get("/banks/tiny").status_code == 404, "an uploaded bank is seen by its courses only"


def test_a_bank_with_errors_is_refused_with_each_problem(auth, client, world) -> None:
    auth.login(world.teacher.email)
    broken = {**TINY, "tiny/drugs.yaml": GOOD_DRUG.replace("dose: 400 mg", "dose: 400 mg with [[food")}
    response = upload(auth, client, zipped(broken), "bank-zip")
    assert response.status_code == 400
    assert "bank/drugs.yaml:7 [dose]: &#39;dose&#39; has an unclosed cloze mark" in response.get_data(
        as_text=True
    )
    assert client.get("/write/banks/tiny").status_code == 404, "nothing was loaded"


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({**TINY, "tiny/big.yaml": b"\x00" * (6 * 1024 * 1024)}, "inflates to more than 5 MB"),
        ({f"tiny/f{i}.yaml": "" for i in range(301)}, "at most 300"),
        ({"tiny/concepts.yaml": CONCEPTS}, "no bank.yaml"),
        ({**TINY, "other/bank.yaml": BANK_YAML}, "Two files are named bank.yaml"),
    ],
)
def test_hostile_archives_are_refused_before_extraction(auth, client, world, files, message) -> None:
    auth.login(world.teacher.email)
    response = upload(auth, client, zipped(files), "bank-zip")
    assert response.status_code == 400 and message in response.get_data(as_text=True)


def test_another_instructors_slug_is_refused(auth, client, world) -> None:
    auth.login(world.teacher.email)
    assert upload(auth, client, zipped(TINY), "bank-zip").status_code == 303
    auth.logout()
    auth.login(world.other_teacher.email)
    response = upload(auth, client, zipped(TINY), "bank-zip")
    assert response.status_code == 400 and "belongs to another bank" in response.get_data(as_text=True)


def test_gift_questions_become_drafts_and_a_check_stores_nothing(auth, client, engine, world) -> None:
    auth.login(world.teacher.email)
    checked = upload(auth, client, GIFT.encode(), "gift", "q.gift", bank=world.slug, check_only="y")
    assert checked.status_code == 200 and "2 question(s) understood; nothing was stored." in checked.get_data(
        as_text=True
    )
    with engine.connect() as conn:
        assert len(drafts.of_bank(conn, world.slug)) == 0
    stored = upload(auth, client, GIFT.encode(), "gift", "q.gift", bank=world.slug)
    assert stored.status_code == 303
    with engine.connect() as conn:
        assert {d.id for d in drafts.of_bank(conn, world.slug)} == {
            f"{world.slug}:ulnar",
            f"{world.slug}:median",
        }
    broken = upload(auth, client, b"::x:: Which? {=A ~B", "gift", "q.gift", bank=world.slug)
    assert broken.status_code == 400 and "line 1" in broken.get_data(as_text=True)
    not_text = upload(auth, client, b"\xff\xfe\x00", "gift", "q.gift", bank=world.slug)
    assert not_text.status_code == 400 and "not UTF-8" in not_text.get_data(as_text=True)
