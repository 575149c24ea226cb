"""A course world for tests: a teacher's bank with a published vignette and an image, a
co-author, a course with a student in it, and outsiders (another instructor, a student of
another course)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from question_bank.authoring import Option, Written
from quizapp.services import authoring, courses, facts, media
from quizapp.store.users import UserRecord

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64  # a signature is all the upload checks


def vignette(**overrides: Any) -> Written:
    values: dict[str, Any] = {
        "type": "vignette",
        "stem": (
            "A **34-year-old** woman has had numbness of the thumb and index finger at night for two months."
        ),
        "prompt": "Which nerve is most likely compressed?",
        "options": (
            Option("Median nerve", "It supplies the thumb, index and middle fingers.", True),
            Option("Ulnar nerve", "It supplies the little finger."),
            Option("Radial nerve", "It supplies the back of the hand."),
            Option("Axillary nerve", "It supplies the shoulder."),
        ),
        "objective": "Recognise median nerve compression at the wrist.",
        "explanation": "Night-time numbness in the median distribution suggests carpal tunnel syndrome.",
        "source": "Written for the tests",
        "topic": "Hand",
        "tags": ("hand",),
    }
    values.update(overrides)
    return Written(**values)


@dataclass
class World:
    teacher: UserRecord
    coauthor: UserRecord
    other_teacher: UserRecord
    student: UserRecord  # in the course
    outsider: UserRecord  # a student of another course
    slug: str
    question_id: str
    image: str
    course_id: int
    code: str
    other_slug: str

    def ids(self) -> dict[str, Any]:
        return {
            "author_slug": self.slug,
            "question_id": self.question_id,
            "name": self.image,
            "course_id": self.course_id,
            "version": 1,
        }


def build_world(engine: Any, make_user: Any, clock: Any) -> World:
    teacher = make_user("teacher@example.org", role="instructor")
    coauthor = make_user("coauthor@example.org", role="instructor")
    other_teacher = make_user("other-teacher@example.org", role="instructor")
    student = make_user("course-student@example.org")
    outsider = make_user("outsider@example.org")
    slug = authoring.create_bank(engine, teacher, "Hand and wrist", "", clock())
    authoring.add_coauthor(engine, teacher, slug, coauthor.email)
    qid = authoring.save_draft(engine, teacher, slug, None, vignette(), clock())
    authoring.publish(engine, teacher, qid, clock())
    image = media.upload(engine, teacher, slug, PNG, clock())
    facts.set_condition(engine, teacher, slug, "carpal tunnel syndrome", clock())
    facts.add_section(engine, teacher, slug, "Treatment", "Written for the tests", clock())
    splint = facts.Written(
        kind="drug",
        name="prednisolone",
        section="treatment",
        values={"dose": "20 mg daily for two weeks"},
        new_values={"drug_class": ["a corticosteroid"], "side_effects": ["raised blood glucose"]},
    )
    facts.add_entity(engine, teacher, slug, splint, clock())
    course_id = courses.create(engine, teacher, "Block 3: musculoskeletal", clock())
    courses.attach_bank(engine, teacher, course_id, slug)
    code = courses.page(engine, teacher, course_id).course.join_code
    courses.join(engine, student, code, clock())
    other_slug = authoring.create_bank(engine, other_teacher, "Other bank", "", clock())
    other_course = courses.create(engine, other_teacher, "Other course", clock())
    courses.attach_bank(engine, other_teacher, other_course, other_slug)
    courses.join(
        engine, outsider, courses.page(engine, other_teacher, other_course).course.join_code, clock()
    )
    return World(
        teacher, coauthor, other_teacher, student, outsider, slug, qid, image, course_id, code, other_slug
    )
