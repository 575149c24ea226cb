"""Structured medical content and the generators that turn it into questions.

Pure Python: imports neither Flask nor SQLAlchemy.
"""

from question_bank.banks import bundled_bank_path, bundled_slugs
from question_bank.errors import BankError, BankProblem
from question_bank.generate import generate
from question_bank.loader import load_bank
from question_bank.model import Bank, Concept, Entity, Question, Section

__all__ = [
    "Bank",
    "BankError",
    "BankProblem",
    "Concept",
    "Entity",
    "Question",
    "Section",
    "bundled_bank_path",
    "bundled_slugs",
    "generate",
    "load_bank",
]
