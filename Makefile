# vanthu: `make run` serves the sample campaign, `make test` runs every test.
# Both install first; `make install` is the shared step.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 5000

# System pieces: LibreOffice + its Python bridge (python3-uno: the long-lived PDF server of app/pdf_service.py)
# + metric-compatible fonts (PDF), poppler (PDF text/PNG in tests),
# Chromium (browser tests). Installed with apt-get only when missing.
APT_PACKAGES := libreoffice-writer-nogui python3-uno fonts-liberation2 poppler-utils chromium

.PHONY: install system-deps run lint test test-fast clean

install: system-deps $(STAMP)

system-deps:
	@missing=""; \
	command -v soffice >/dev/null 2>&1 || missing="$$missing libreoffice-writer-nogui"; \
	{ /usr/bin/python3 -c 'import uno' >/dev/null 2>&1 || [ -f /usr/lib/python3/dist-packages/uno.py ]; } || missing="$$missing python3-uno"; \
	[ -f /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf ] || missing="$$missing fonts-liberation2"; \
	command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	if [ -n "$$missing" ] && ! command -v apt-get >/dev/null 2>&1; then \
	  echo "Please install:$$missing (LibreOffice, Liberation fonts, poppler, Chromium); PDF and browser tests need them."; \
	elif [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { echo "Python 3.11 or newer is required (found: '$(PYTHON)')"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	@touch $(STAMP)

run: install
	$(BIN)/vanthu serve --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check app templates_docx tests benchmarks

test: install lint
	$(BIN)/python -m pytest -q

# Everything but LibreOffice (PDF) and Chromium (browser) tests: the quick loop while editing.
test-fast: install
	$(BIN)/python -m pytest -q -n auto -m "not libreoffice and not browser"

clean:
	rm -rf $(VENV) outputs/* build *.egg-info
