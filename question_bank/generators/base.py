"""What every generator shares: the context, stable ids, wording, sources and explanations."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

from question_bank.checks import KEY_TERMS, Check, run_checks
from question_bank.knowledge import Knowledge, concept_values
from question_bank.model import Bank, Entity, Question
from question_bank.schema import AttrSpec
from question_bank.text import content_words, normalize

T = TypeVar("T")
MAX_OPTIONS = 5
MIN_OPTIONS = 4
_TRIES_PER_DISTRACTOR = 12
_SCAN_LIMIT = 64


def question_id(bank: str, template: str, entity: str, attribute: str) -> str:
    """Stable id from what is asked, never from wording or distractors."""
    digest = hashlib.blake2b(f"{bank}|{template}|{entity}|{attribute}".encode(), digest_size=8)
    return f"q{digest.hexdigest()}"


def sentence(text: str) -> str:
    """Capitalise the first letter, also when the text opens with a quotation mark."""
    start = 1 if text[:1] in "'\"‘“" else 0
    return text[:start] + text[start : start + 1].upper() + text[start + 1 :]


def with_article(name: str) -> str:
    """'the slump test', but "Kemp's test" (a possessive takes no article)."""
    first = name.split(" ", 1)[0]
    return name if first.endswith(("'s", "’s")) else f"the {name}"


def mid_sentence(text: str) -> str:
    """An option's text inside a sentence: 'Primary hyperparathyroidism' -> 'primary ...', but
    'CPPD disease' and 'L2' keep their capitals."""
    if len(text) > 1 and (text[1].isupper() or text[1].isdigit()):
        return text
    return text[:1].lower() + text[1:]


def display(text: str) -> str:
    """An option as shown: first letter capitalised, unless it is an abbreviation like 'pH'."""
    if len(text) > 1 and text[1].isupper():
        return text
    return sentence(text)


@dataclass
class Context:
    bank: Bank
    know: Knowledge
    seed: int
    # Items the item-writing lint kept out, each as "stem: flaw", for `quizapp bank stats`: an
    # author sees why a fact got no MCQ instead of a silent gap.
    held_back: list[str] = field(default_factory=list)

    def passes(self, question: Question, checks: tuple[Check, ...]) -> bool:
        flaws = run_checks(question, checks)
        if flaws:
            self.hold_back(question, flaws[0])
        return not flaws

    def hold_back(self, question: Question, flaw: str) -> None:
        self.held_back.append(f"{question.prompt.splitlines()[-1][:100]!r}: {flaw}")

    def rng(self, qid: str) -> random.Random:
        # One generator per question: its choices do not depend on what was generated before it.
        return random.Random(f"{self.seed}:{qid}")

    def label(self, concept_id: str) -> str:
        return self.know.concept(concept_id).label

    def source(self, entity: Entity) -> str:
        section = self.bank.sections[entity.section]
        cites = entity.cites or section.cites
        text = section.title
        if entity.standard_anatomy and entity.reference:
            text += f" — reference: {entity.reference}"
        if cites:
            text += f" (cited: {', '.join(cites)})"
        return text

    def topic(self, entity: Entity) -> str:
        """The entity's section's topic where bank.yaml gives one, else its kind's."""
        section = self.bank.sections.get(entity.section)
        return (section.topic if section else "") or self.know.kinds[entity.kind].topic

    def tags(self, entity: Entity) -> tuple[str, ...]:
        return (f"{self.bank.slug}::{self.topic(entity)}::{entity.kind}",)

    def fact(self, entity: Entity, attr: str) -> str:
        return f"{self.bank.slug}:{entity.id}:{attr}"

    def question(
        self,
        *,
        template: str,
        entity: Entity,
        attr: str,
        key: str = "",
        shown: str = "",
        also_asks: tuple[str, ...] = (),
        key_terms: tuple[str, ...] = (),
        source: str = "",
        **fields: Any,
    ) -> Question:
        """A question about one fact; `key` is part of its identity, `shown` (a value stated in
        the item, like a true/false item's wrong value) is not. `also_asks` names other facts the
        item tests (a vignette's stated root findings), counted against their items per fact."""
        qid = question_id(self.bank.slug, template, entity.id, f"{attr}/{key}" if key else attr)
        meta = {"template": template, "entity": entity.id, "attr": attr, "key": key, "shown": shown}
        if also_asks:
            meta["also_asks"] = "|".join(also_asks)
        if key_terms:  # the key's other names, for the cue check (question_bank.checks)
            meta[KEY_TERMS] = "|".join(key_terms)
        objective = getattr(fields.get("payload"), "objective", "")
        if objective:  # every export shows the explanation; the objective ends it
            fields["explanation"] = join(fields.get("explanation", ""), f"Educational objective: {objective}")
        return Question(
            id=qid,
            bank=self.bank.slug,
            topic=self.topic(entity),
            fact=self.fact(entity, attr),
            tags=self.tags(entity),
            source=source or self.source(entity),
            meta=meta,
            # With the answer, never with the question: a generated stem never needs the picture,
            # and a labelled picture of the entity would give away a question that asks for it
            # (a vignette's root), for what it shows (a dermatome) or for what lies near it.
            answer_media=(entity.image,) if entity.image else (),
            **fields,
        )

    def statement(self, entity: Entity, spec: AttrSpec, concepts: Sequence[str]) -> str:
        """The fact as a sentence, e.g. 'The slump test assesses nerve-root tension.'"""
        labels = [self.label(c) for c in concepts]
        if len(labels) == 1:
            return fill(spec.phrasing["statement"], subject=entity.name, value=labels[0])
        if "plural" not in spec.phrasing:
            return " ".join(self.statement(entity, spec, [c]) for c in concepts)
        value = ", ".join(labels[:-1]) + " and " + labels[-1]
        return fill(spec.phrasing["plural"], subject=entity.name, value=value)

    def explain_values(self, entity: Entity, spec: AttrSpec, wrong: Sequence[str]) -> str:
        """The entity's own values, then where each wrong value does belong, when the bank knows."""
        return join(self.why_not(entity, spec), *(self.holder_statement(entity, spec, c) for c in wrong))

    def holder_statement(self, entity: Entity, spec: AttrSpec, concept: str) -> str:
        """Another entity of the kind that has the value itself, as a statement; '' if none.
        Not one with a narrower value: ibuprofen is an NSAID, which is a simple analgesic, but
        "ibuprofen is classed as a simple analgesic" would mislead."""
        for holder in self.know.holders.get((entity.kind, spec.name, concept), []):
            if holder.id != entity.id and concept in concept_values(holder, spec.name):
                return self.statement(holder, spec, [concept])
        return ""

    def why_not(self, entity: Entity, spec: AttrSpec) -> str:
        values = concept_values(entity, spec.name)
        return self.statement(entity, spec, values) if values else ""


def specific_terms(
    key_names: Iterable[str], other_names: Iterable[str], template: str = ""
) -> tuple[str, ...]:
    """Words of the key's other names that no shown distractor's names share and that the
    question's own template does not use ('steroid' for glucocorticoid excess, but not 'root'
    when every option is a nerve root, nor 'drug' in 'Which drug class ...?')."""
    common = content_words(" ".join(other_names)) | content_words(template)
    return tuple(sorted(content_words(" ".join(key_names)) - common))


def join(*parts: str) -> str:
    """Sentences joined by single spaces, skipping empty ones."""
    return " ".join(p for p in parts if p)


def fill(template: str, **values: str) -> str:
    if "subject" in values:
        values["the_subject"] = with_article(values["subject"])
    return sentence(template.format(**values))


def sample_distinct(
    rng: random.Random,
    population: Sequence[T],
    wanted: int,
    accept: Callable[[T], bool],
    key: Callable[[T], str],
) -> list[T]:
    """Up to `wanted` accepted items with distinct keys, probing a bounded number at random.

    Bounded probing keeps each question O(1) however large the bank grows.
    """
    chosen: list[T] = []
    seen: set[str] = set()
    if not population:
        return chosen
    if len(population) <= _SCAN_LIMIT:
        # Small pools are scanned whole, so a safe option is never missed by chance.
        probes: Iterable[T] = shuffled(rng, population)
    else:
        probes = (population[rng.randrange(len(population))] for _ in range(wanted * _TRIES_PER_DISTRACTOR))
    for item in probes:
        k = key(item)
        if k in seen:
            continue
        seen.add(k)
        if accept(item):
            chosen.append(item)
            if len(chosen) == wanted:
                break
    return chosen


def pick_options(
    rng: random.Random,
    population: Sequence[T],
    wanted: int,
    accept: Callable[[T], bool],
    key: Callable[[T], str],
    preferred: Sequence[Sequence[T]] = (),
) -> list[T]:
    """Like sample_distinct, but first one option from each preferred pool (see `clue_words`)."""
    chosen: list[T] = []
    for pool in (*preferred, population):
        taken = {key(c) for c in chosen}
        more = wanted - len(chosen) if pool is population else 1
        chosen += sample_distinct(rng, pool, more, partial(_fresh, taken, accept, key), key)
    return chosen[:wanted]


def _fresh(taken: set[str], accept: Callable[[T], bool], key: Callable[[T], str], item: T) -> bool:
    return key(item) not in taken and accept(item)


def clue_pools(ctx: Context, entity: Entity, prompt: str) -> list[list[Entity]]:
    """For each word the stem shares with the key's name, the entities also named with it,
    so an option is drawn from each and the word gives nothing away."""
    clues = sorted(content_words(entity.name) & content_words(prompt))
    return [ctx.know.named_with(entity.kind, w) for w in clues]


def shuffled(rng: random.Random, items: Iterable[T]) -> list[T]:
    result = list(items)
    rng.shuffle(result)
    return result


def concept_attrs(ctx: Context, entity: Entity, phrasing: str) -> Iterator[AttrSpec]:
    """The entity's concept attributes that have the given wording in the schema and may be asked
    with options or as a statement: groupings never are, open lists only from memory."""
    for spec in ctx.know.kinds[entity.kind].attributes.values():
        askable = not spec.grouping and not spec.open_list
        if askable and spec.is_concept and phrasing in spec.phrasing and spec.name in entity.attrs:
            yield spec


def option_key(text: str) -> str:
    return normalize(text)
