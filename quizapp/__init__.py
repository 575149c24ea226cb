"""The Flask study app: storage, scheduling, services, views and the CLI."""
