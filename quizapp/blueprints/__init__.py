"""Views: thin functions that parse a form, call a service, and render or redirect."""
