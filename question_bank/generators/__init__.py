"""Question generators, one module per question type; the registry (question_bank.types) calls them."""

from question_bank.generators.base import Context

__all__ = ["Context"]
