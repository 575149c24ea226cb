"""Storage: SQLAlchemy models, the engine, and one repository module per area.

Repositories take a Connection and run Core `select()`s; the service layer opens the
transaction and commits, so a use-case is all-or-nothing.
"""
