# Adalat: `make run` to try it, `make test` to check it. See README.md and DEVELOPERS.md.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The PostgreSQL the suite runs against a second time (trust auth on this machine).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/adalat

.PHONY: install run test test-sqlite test-postgres lint bench lock messages clean

$(BIN)/.installed: pyproject.toml requirements/dev.lock
	@$(PYTHON) scripts/check-python.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/dev.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

install: $(BIN)/.installed

run: install
	$(BIN)/adalat migrate --noinput
	$(BIN)/adalat demo
	$(BIN)/adalat run --port $(PORT)

test: install
	scripts/ensure-debian-packages.sh
	scripts/ensure-postgres.sh
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite: install
	$(BIN)/pytest -q

test-postgres: install
	DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy adalat

bench: install
	scripts/ensure-postgres.sh
	$(BIN)/python bench/case_list.py
	$(BIN)/python bench/audit.py
	$(BIN)/python bench/sqlite_durability.py
	$(BIN)/python bench/login.py
	$(BIN)/python bench/demo_load.py
	$(BIN)/python bench/signatures.py
	$(BIN)/python bench/custody.py

# Regenerate the lock files after changing dependencies in pyproject.toml.
lock: install
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links -o requirements/base.lock pyproject.toml
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links --extra dev -o requirements/dev.lock pyproject.toml

# Refresh the translation catalogues (then translate, then run again to compile).
messages: install
	cd adalat && ../$(BIN)/adalat makemessages --all --no-obsolete --ignore "*/vendor/*"
	cd adalat && ../$(BIN)/adalat makemessages --all --no-obsolete -d djangojs --ignore "*/vendor/*"
	cd adalat && ../$(BIN)/adalat compilemessages

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
