"""Banks shipped with the package, one folder per bank slug."""

from pathlib import Path

BANKS_DIR = Path(__file__).parent


def bundled_slugs() -> list[str]:
    return sorted(p.name for p in BANKS_DIR.iterdir() if (p / "bank.yaml").is_file())


def bundled_bank_path(slug: str) -> Path:
    """The folder of a bundled bank; raises KeyError for an unknown slug."""
    path = BANKS_DIR / slug
    if not (path / "bank.yaml").is_file():
        raise KeyError(f"no bundled bank named {slug!r} (have: {', '.join(bundled_slugs())})")
    return path
