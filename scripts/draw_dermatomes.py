"""Draw the bundled L1–L2 bank's dermatome diagrams as SVG files in its images/ folder.

One diagram per nerve root of nerve-roots.yaml (front and back outline of the lower trunk and
legs, the root's dermatome filled and labelled with the bank's own wording of it) and an overview
of them all. Standard anatomy drawn for the project from simple shapes: no source image is traced,
so the files are the project's own. The output depends on nothing but the bank's YAML: the same
bank always gives the same bytes, and the files are committed as part of the bank.

    .venv/bin/python scripts/draw_dermatomes.py           # (re)write the SVG files
    .venv/bin/python scripts/draw_dermatomes.py --check   # exit 1 if a file is missing or stale

Safe by construction: no script, no event handler, no link, no external reference.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

import yaml

BANK = Path(__file__).resolve().parent.parent / "question_bank" / "banks" / "lumbar-l1-l2"
IMAGES = BANK / "images"
OVERVIEW = "dermatomes-overview.svg"

Point = tuple[float, float]

WIDTH, HEIGHT = 560, 520
FRONT_X, BACK_X = 150.0, 410.0  # the two figures' midlines
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
INK = "#1f2430"  # text: dark grey on the light card, never pure black
CARD, CARD_LINE = "#ffffff", "#c9d1dc"  # a light card, so the drawing reads in dark mode too
SKIN, OUTLINE, LANDMARK = "#e6eaf0", "#5a6478", "#8a94a6"
HIGHLIGHT, HIGHLIGHT_LINE = "#f08c3a", "#9a4a0c"
# Overview colours, told apart by their labels too (never by colour alone).
PALETTE = {
    "derm-t12": "#b9a6e6",
    "derm-l1": "#7fb8e6",
    "derm-l2": "#8fd19e",
    "derm-l3": "#f2d16b",
    "derm-l4": "#f59f6b",
    "derm-l5": "#e88fb4",
    "derm-s1": "#6fcfcf",
}

# One leg (the figure's left-hand one as drawn), top to toe: each row is its lateral and its
# medial edge point, as offsets from the figure's midline. A point of the leg is (t, u): t runs
# along the rows (0 at the top of the thigh, 7 at the ankle, 10 at the toes or heel), u across
# it (0 lateral, 1 medial). Dermatome bands are polygons in (t, u), so they follow the outline.
THIGH_AND_LEG: list[tuple[Point, Point]] = [
    ((-64, 120), (-3, 158)),  # 0 top of the thigh: hip laterally, crotch medially
    ((-62, 175), (-8, 195)),
    ((-58, 225), (-12, 235)),  # 2 mid-thigh
    ((-52, 262), (-16, 268)),
    ((-48, 288), (-18, 292)),  # 4 knee
    ((-50, 322), (-16, 324)),  # 5 calf
    ((-43, 362), (-20, 362)),
    ((-38, 392), (-22, 392)),  # 7 ankle
]
FOOT_FRONT: list[tuple[Point, Point]] = [
    ((-47, 408), (-14, 406)),
    ((-55, 428), (-7, 426)),
    ((-52, 446), (-9, 446)),  # 10 toes
]
HEEL_BACK: list[tuple[Point, Point]] = [
    ((-40, 406), (-20, 406)),
    ((-39, 420), (-21, 420)),
    ((-34, 429), (-26, 429)),  # 10 heel
]
WAIST_Y = 50.0
TRUNK_SIDE: list[Point] = [(-56, WAIST_Y), (-60, 80), (-66, 108)]  # waist to hip, left side
ASIS, PUBIC = (-50.0, 100.0), (-10.0, 140.0)  # the inguinal ligament runs between them


@dataclass(frozen=True)
class Region:
    """A dermatome's area on one view: polygons in leg coordinates (t, u) and in trunk points."""

    leg: tuple[tuple[Point, ...], ...] = ()
    trunk: tuple[tuple[Point, ...], ...] = ()  # offsets from the midline, drawn on both sides
    # Trunk points that continue the first leg polygon (from its last corner back to its first),
    # so that an area spanning the groin and the thigh is one shape.
    joined: tuple[Point, ...] = ()
    spots: tuple[tuple[float, float, float], ...] = ()  # (t, u, radius): a landmark such as a malleolus


def quad(top: tuple[Point, Point], bottom: tuple[Point, Point]) -> tuple[Point, ...]:
    """A band between two lines across the leg, each given as its (t, u) ends."""
    return (top[0], top[1], bottom[1], bottom[0])


# The bank's dermatome concepts (concepts.yaml) drawn as regions, front view and back view.
# Anterior thigh bands run obliquely, upper-lateral to lower-medial, as on standard charts.
_B1 = ((0.5, 0.0), (1.4, 1.0))  # L1 | L2
_B2 = ((1.7, 0.0), (2.7, 1.0))  # L2 | L3
_B3 = ((3.9, 0.0), (4.5, 1.0))  # L3 | L4, L5 (just below the medial knee)
FRONT: dict[str, Region] = {
    # The lowest abdominal wall along the inguinal ligament (ISNCSCI T12 point: its midpoint).
    "derm-t12": Region(trunk=((ASIS, PUBIC, (0, 144), (0, 122), (-10, 118), (-54, 80)),)),
    # The groin below the ligament and the upper anterior thigh.
    "derm-l1": Region(
        leg=(((0.0, 1.0), _B1[1], _B1[0], (0.0, 0.0)),), joined=(ASIS, PUBIC, (0, 144), (0, 152))
    ),
    "derm-l2": Region(leg=(quad(_B1, _B2),)),  # anterior mid-thigh
    "derm-l3": Region(leg=(quad(_B2, _B3),)),  # lower anterior thigh and medial knee
    # Medial leg to the medial malleolus and the medial border of the foot.
    "derm-l4": Region(
        leg=(((4.2, 0.5), (4.5, 1.0), (10.0, 1.0), (10.0, 0.8), (7.0, 0.8), (7.0, 0.55)),),
        spots=((7.0, 0.95, 5.0),),
    ),
    # Lateral leg and the dorsum of the foot.
    "derm-l5": Region(
        leg=(
            (
                (3.9, 0.0),
                (4.2, 0.5),
                (7.0, 0.55),
                (7.0, 0.8),
                (10.0, 0.8),
                (10.0, 0.2),
                (7.0, 0.2),
                (7.0, 0.0),
            ),
        ),
    ),
    "derm-s1": Region(
        leg=(((7.0, 0.0), (7.0, 0.2), (10.0, 0.2), (10.0, 0.0)),)
    ),  # lateral border of the foot
}
BACK: dict[str, Region] = {
    "derm-t12": Region(trunk=(((-62, 96), (0, 104), (0, 118), (-63, 112)),)),  # over the iliac crest
    "derm-l4": Region(leg=(((4.3, 0.6), (4.4, 1.0), (7.0, 1.0), (7.0, 0.6)),)),  # medial calf
    "derm-l5": Region(leg=(((4.3, 0.0), (4.3, 0.35), (7.0, 0.35), (7.0, 0.0)),)),  # lateral calf
    "derm-s1": Region(leg=(((7.0, 0.0), (7.0, 1.0), (10.0, 1.0), (10.0, 0.0)),)),  # the heel
}
# Where each root's label sits on the overview: the side of the figure (-1 left, 1 right).
LABEL_SIDE = {
    "derm-t12": -1,
    "derm-l1": 1,
    "derm-l2": -1,
    "derm-l3": 1,
    "derm-l4": -1,
    "derm-l5": 1,
    "derm-s1": -1,
}
BACK_LABEL_SIDE = {"derm-t12": 1, "derm-l4": -1, "derm-l5": 1, "derm-s1": 1}


def rows(view: str) -> list[tuple[Point, Point]]:
    return THIGH_AND_LEG + (FOOT_FRONT if view == "front" else HEEL_BACK)


def lerp(a: Point, b: Point, f: float) -> Point:
    return (a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f)


def leg_point(view: str, t: float, u: float) -> Point:
    """The offset of leg point (t, u) from the figure's midline (left leg)."""
    table = rows(view)
    i = min(int(t), len(table) - 2)
    f = t - i
    lateral = lerp(table[i][0], table[i + 1][0], f)
    medial = lerp(table[i][1], table[i + 1][1], f)
    return lerp(lateral, medial, u)


def leg_polygon(view: str, corners: Sequence[Point], closed: bool = True, steps: int = 6) -> list[Point]:
    """A (t, u) polygon as outline offsets, each edge cut into steps so it follows the leg; not
    `closed`: the chain from the first corner to the last."""
    out: list[Point] = []
    for (t0, u0), (t1, u1) in zip(corners, [*corners[1:], corners[0]], strict=True):
        n = max(1, round(abs(t1 - t0) * steps))
        out += [leg_point(view, t0 + (t1 - t0) * k / n, u0 + (u1 - u0) * k / n) for k in range(n)]
    if not closed:
        n = max(1, round(abs(corners[-1][0] - corners[0][0]) * steps))
        out = out[: len(out) - n + 1]
    return out


def outline(view: str) -> list[Point]:
    """The body's outline, left side down and around the foot, then up the inner leg to the crotch."""
    table = rows(view)
    lateral = [a for a, _ in table]
    medial = [b for _, b in reversed(table)]
    left = [*TRUNK_SIDE, *lateral, *medial]
    right = [(-x, y) for x, y in reversed(left)]
    return [*left, *right]


def at(cx: float, points: Iterable[Point], mirror: bool = False) -> list[Point]:
    return [(cx - x if mirror else cx + x, y) for x, y in points]


def path(points: Sequence[Point]) -> str:
    return "M" + " L".join(f"{x:.1f} {y:.1f}" for x, y in points) + " Z"


def centroid(points: Sequence[Point]) -> Point:
    return (sum(x for x, _ in points) / len(points), sum(y for _, y in points) / len(points))


def text(x: float, y: float, words: str, size: int, weight: str = "normal", anchor: str = "middle") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-weight="{weight}" '
        f'text-anchor="{anchor}" fill="{INK}">{escape(words)}</text>'
    )


def region_shapes(view: str, region: Region) -> list[list[Point]]:
    """The region's polygons as offsets from the midline, left side (mirrored when drawn)."""
    shapes = [
        leg_polygon(view, corners, closed=not (i == 0 and region.joined))
        for i, corners in enumerate(region.leg)
    ]
    if region.joined:
        shapes[0] += region.joined
    return shapes + [list(points) for points in region.trunk]


def draw_region(view: str, cx: float, region: Region, fill: str, line: str) -> list[str]:
    out = []
    for shape in region_shapes(view, region):
        for mirror in (False, True):
            out.append(
                f'<path d="{path(at(cx, shape, mirror))}" fill="{fill}" stroke="{line}" stroke-width="1.5"/>'
            )
    for t, u, radius in region.spots:
        x, y = leg_point(view, t, u)
        for mirror in (False, True):
            px = cx - x if mirror else cx + x
            out.append(
                f'<circle cx="{px:.1f}" cy="{y:.1f}" r="{radius}" fill="{fill}" '
                f'stroke="{line}" stroke-width="1.5"/>'
            )
    return out


def figure(view: str, cx: float) -> tuple[list[str], str]:
    """The outline, and a few landmarks drawn over the shading: navel, inguinal ligaments and
    kneecaps; or the buttocks and the backs of the knees."""
    out = [
        f'<path d="{path(at(cx, outline(view)))}" fill="{SKIN}" stroke="{OUTLINE}" stroke-width="2" '
        'stroke-linejoin="round"/>'
    ]
    marks: list[str] = []
    if view == "front":
        marks.append(f'<circle cx="{cx:.1f}" cy="64" r="2.5"/>')  # navel
        for mirror in (False, True):
            (x0, y0), (x1, y1) = at(cx, (ASIS, PUBIC), mirror)
            marks.append(f'<path d="M{x0:.1f} {y0:.1f} L{x1:.1f} {y1:.1f}" stroke-dasharray="4 3"/>')
            kx, ky = at(cx, [leg_point(view, 4.0, 0.5)], mirror)[0]
            marks.append(f'<ellipse cx="{kx:.1f}" cy="{ky - 4:.1f}" rx="9" ry="11"/>')  # kneecap
    else:
        marks.append(f'<path d="M{cx:.1f} 112 L{cx:.1f} 150"/>')  # the cleft between the buttocks
        for mirror in (False, True):
            fold = at(
                cx,
                [leg_point(view, 0.9, 0.05), leg_point(view, 0.75, 0.55), leg_point(view, 0.3, 1.0)],
                mirror,
            )
            marks.append(
                f'<path d="M{fold[0][0]:.1f} {fold[0][1]:.1f} Q{fold[1][0]:.1f} {fold[1][1] + 6:.1f} '
                f'{fold[2][0]:.1f} {fold[2][1]:.1f}"/>'
            )
            (ax, ay), (bx, by) = at(cx, [leg_point(view, 4.1, 0.25), leg_point(view, 4.1, 0.8)], mirror)
            marks.append(f'<path d="M{ax:.1f} {ay:.1f} L{bx:.1f} {by:.1f}"/>')  # back of the knee
    return out, f'<g fill="none" stroke="{LANDMARK}" stroke-width="1.5">{"".join(marks)}</g>'


def cut_line(cx: float) -> str:
    """The top of the drawing is a cut across the waist, drawn dashed."""
    line = f"M{cx - 56:.1f} {WAIST_Y:.1f} L{cx + 56:.1f} {WAIST_Y:.1f}"
    return (
        f'<path d="{line}" stroke="{CARD}" stroke-width="3"/>'
        f'<path d="{line}" stroke="{OUTLINE}" stroke-width="1.5" stroke-dasharray="5 4"/>'
    )


def label(view: str, cx: float, region: Region, words: str, side: int, size: int = 20) -> list[str]:
    """The root's name beside the figure, with a leader line to its area's centre."""
    shapes = region_shapes(view, region)
    if not shapes:
        return []
    biggest = max(shapes, key=len)
    x, y = centroid(at(cx, biggest, mirror=side > 0))
    tx = cx + side * 100
    anchor = "start" if side > 0 else "end"
    gap = 4 * side
    return [
        f'<path d="M{tx - gap:.1f} {y:.1f} L{x:.1f} {y:.1f}" stroke="{INK}" stroke-width="1.2"/>',
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{INK}"/>',
        text(tx + gap, y + size * 0.35, words, size, "bold", anchor),
    ]


def svg(title: str, desc: str, body: list[str]) -> str:
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
            f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="title desc" font-family="{FONT}">',
            f'<title id="title">{escape(title)}</title>',
            f'<desc id="desc">{escape(desc)}</desc>',
            f'<rect x="1" y="1" width="{WIDTH - 2}" height="{HEIGHT - 2}" rx="16" fill="{CARD}" '
            f'stroke="{CARD_LINE}" stroke-width="2"/>',
            *body,
            "</svg>",
            "",
        ]
    )


def views(shading: list[str]) -> list[str]:
    """Both figures with the shading between their outlines and their landmarks."""
    (front, front_marks), (back, back_marks) = figure("front", FRONT_X), figure("back", BACK_X)
    return [*front, *back, *shading, front_marks, back_marks, cut_line(FRONT_X), cut_line(BACK_X)]


def captions() -> list[str]:
    return [text(FRONT_X, 476, "Front", 17), text(BACK_X, 476, "Back", 17)]


def root_diagram(root: str, concept: str, area: str) -> str:
    front, back = FRONT.get(concept), BACK.get(concept)
    if front is None:
        raise SystemExit(f"no drawing for dermatome {concept!r} (add it to FRONT in {__file__})")
    shading = draw_region("front", FRONT_X, front, HIGHLIGHT, HIGHLIGHT_LINE)
    if back is not None:
        shading += draw_region("back", BACK_X, back, HIGHLIGHT, HIGHLIGHT_LINE)
    body = views(shading)
    body += label("front", FRONT_X, front, root, -1)
    if back is not None:
        body += label("back", BACK_X, back, root, 1)
    body += [text(WIDTH / 2, 32, f"{root} dermatome", 24, "bold"), *captions()]
    body.append(text(WIDTH / 2, 506, sentence(area), 20))
    title = f"{root} dermatome ({area})"
    desc = (
        f"Outline of the lower trunk and legs from the front and from the back, with the {root} "
        f"dermatome ({area}) shaded on both sides."
    )
    return svg(title, desc, body)


def overview(entries: Sequence[tuple[str, str, str]]) -> str:
    shading: list[str] = []
    for _, concept, _ in entries:
        colour = PALETTE[concept]
        shading += draw_region("front", FRONT_X, FRONT[concept], colour, OUTLINE)
        if concept in BACK:
            shading += draw_region("back", BACK_X, BACK[concept], colour, OUTLINE)
    body = views(shading)
    for root, concept, _ in entries:
        body += label("front", FRONT_X, FRONT[concept], root, LABEL_SIDE[concept], 16)
        if concept in BACK:
            body += label("back", BACK_X, BACK[concept], root, BACK_LABEL_SIDE[concept], 16)
    first, last = entries[0][0], entries[-1][0]
    body += [text(WIDTH / 2, 32, f"Dermatomes {first}–{last}", 24, "bold"), *captions()]
    body.append(text(WIDTH / 2, 505, "Each root's skin area; neighbouring areas overlap in life.", 16))
    areas = "; ".join(f"{root}: {area}" for root, _, area in entries)
    title = f"Dermatomes {first} to {last} ({areas})"
    desc = (
        "Outline of the lower trunk and legs from the front and from the back, "
        "each root's dermatome shaded and labelled."
    )
    return svg(title, desc, body)


def sentence(words: str) -> str:
    return words[:1].upper() + words[1:]


def bank_roots(bank: Path = BANK) -> list[tuple[str, str, str, str]]:
    """(entity id, root name, dermatome concept id, its label) for each root, in the bank's order."""
    roots = yaml.safe_load((bank / "nerve-roots.yaml").read_text(encoding="utf-8"))["entities"]
    concepts = yaml.safe_load((bank / "concepts.yaml").read_text(encoding="utf-8"))["concepts"]
    labels = {c["id"]: c["label"] for c in concepts}
    return [(r["id"], r["name"], r["dermatome"], labels[r["dermatome"]]) for r in roots]


def file_name(root: str) -> str:
    return f"dermatome-{root.lower()}.svg"


def drawings(bank: Path = BANK) -> dict[str, str]:
    """File name -> SVG text, for every root and the overview."""
    roots = bank_roots(bank)
    files = {file_name(name): root_diagram(name, concept, area) for _, name, concept, area in roots}
    files[OVERVIEW] = overview([(name, concept, area) for _, name, concept, area in roots])
    return files


def main(argv: Sequence[str]) -> int:
    files = drawings()
    if "--check" in argv:
        stale = [
            n
            for n, body in files.items()
            if not (IMAGES / n).is_file() or (IMAGES / n).read_text("utf-8") != body
        ]
        for name in stale:
            print(f"{IMAGES / name} is missing or out of date: run {Path(__file__).name}", file=sys.stderr)
        return 1 if stale else 0
    IMAGES.mkdir(exist_ok=True)
    for name, body in files.items():
        (IMAGES / name).write_text(body, encoding="utf-8", newline="\n")
        print(IMAGES / name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
