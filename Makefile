# Conveniences; the README's two commands work without make.
.PHONY: demo test lint format messages

demo:
	python3 run.py demo

test:
	python3 run.py test

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/lint-imports

format:
	.venv/bin/ruff format . && .venv/bin/ruff check --fix .

# Needs GNU gettext. Source strings are Swedish; English is the translation.
messages:
	cd uppsikt && ../.venv/bin/uppsikt makemessages -l en --no-obsolete && ../.venv/bin/uppsikt compilemessages
