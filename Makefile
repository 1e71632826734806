# Two entry points a newcomer needs: `make run` and `make test`. Each sets itself up.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: run test sysdeps package lint clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[server,test,heif,package]'
	@rm -f $(VENV)/.installed-* && touch $@

sysdeps:
	@bash packaging/sysdeps.sh

# The app against the bundled server (open mode, loopback, its embedded SQLite
# default); the server stops when the app closes. Without a display, Xvfb.
run: $(STAMP) sysdeps
	@bash packaging/run-dev.sh $(PY)

test: $(STAMP) sysdeps
	$(PY) -m pytest -q $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check bugzot_desktop bugzot_server tests bench
	$(VENV)/bin/lint-imports

package: $(STAMP)
	$(PY) packaging/build.py

clean:
	rm -rf build dist $(VENV)
