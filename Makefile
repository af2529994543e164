# Two commands for a fresh clone:  make book   |   make test
# Bootstrap (venv + locked Python packages + pinned npm assets) is idempotent: stamp files make it cheap
# when requirements/test.txt / package-lock.json did not change.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON3 ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
PY      := $(BIN)/python
JOBS    ?= 2

PY_STAMP     := $(VENV)/.bnbook-requirements.stamp
# The lock: every Python package, transitive ones included, compiled by `make lock` from the top-level
# pins in requirements/{reader,book,test}.in (reader.txt ⊂ book.txt ⊂ test.txt; Binder uses reader.txt).
LOCK         := requirements/test.txt
LOCK_VENV    := .venv-lock
NPM_STAMP    := node_modules/.bnbook-npm.stamp
ASSETS_STAMP := _assets/.bnbook-assets.stamp

NOTEBOOK_DIRS := chapters exercises solutions
# what `make test` hands to pytest (narrow it while working: TEST_PATHS="tests/test_parity.py")
TEST_PATHS    ?= tests $(NOTEBOOK_DIRS)
BUILD_LOG     := _build/build.log
BUILD_RC      := _build/build.rc

.PHONY: help bootstrap book build-book pdf-files test lab run-notebooks clean lock pdf

help:
	@echo "make book           build the HTML book into _build/html (offline, warnings are errors)"
	@echo "make test           build the book, then run every test (unit, nbval strict, parity, build, browser)"
	@echo "make pdf            one PDF per language into _build/pdf (Hangul, math, contents, page numbers)"
	@echo "make lab            JupyterLab on the notebooks"
	@echo "make run-notebooks  re-execute every chapter/solution notebook in place and store outputs"
	@echo "make clean          remove _build and _assets"
	@echo "make lock           recompile requirements/*.txt from requirements/*.in (UPGRADE=1 to upgrade)"

# ---------------------------------------------------------------- bootstrap
$(PY):
	$(PYTHON3) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# --no-deps: exactly the locked set, nothing resolved anew; pip check proves the set is consistent.
$(PY_STAMP): $(LOCK) pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --no-deps -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	$(PY) -m pip check
	touch $@

# Recompile the locks after editing requirements/*.in (pip-compile keeps every pin that still fits;
# `make lock UPGRADE=1` upgrades everything). pip-tools lives in its own venv, outside the lock.
PIP_COMPILE = CUSTOM_COMPILE_COMMAND="make lock" ../$(LOCK_VENV)/bin/pip-compile --quiet --allow-unsafe \
	--strip-extras --no-emit-index-url --no-emit-find-links $(if $(UPGRADE),--upgrade)
lock:
	test -x $(LOCK_VENV)/bin/pip-compile || \
	  { $(PYTHON3) -m venv $(LOCK_VENV) && $(LOCK_VENV)/bin/pip install --quiet pip-tools==7.6.2; }
	cd requirements && $(PIP_COMPILE) -o reader.txt reader.in
	cd requirements && $(PIP_COMPILE) -c reader.txt -o book.txt book.in
	cd requirements && $(PIP_COMPILE) -c book.txt -o test.txt test.in
	cd requirements && $(PIP_COMPILE) -o frameworks.txt frameworks.in

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

# Served by the book (html_static_path: _assets → _build/html/_static). Not _static/: JB1 would inject
# every js/css found there into every page.
$(ASSETS_STAMP): $(NPM_STAMP)
	rm -rf _assets
	mkdir -p _assets/mathjax _assets/html-manager
	cp -R node_modules/mathjax/es5/. _assets/mathjax/
	rm -rf _assets/mathjax/sre _assets/mathjax/*-full*.js _assets/mathjax/*svg*.js _assets/mathjax/output/svg*
	cp node_modules/@jupyter-widgets/html-manager/dist/embed-amd.js \
	   node_modules/@jupyter-widgets/html-manager/dist/libembed-amd.js \
	   node_modules/@jupyter-widgets/html-manager/dist/*.woff2 \
	   node_modules/@jupyter-widgets/html-manager/dist/*.woff \
	   node_modules/@jupyter-widgets/html-manager/dist/*.ttf \
	   node_modules/@jupyter-widgets/html-manager/dist/*.eot \
	   node_modules/@jupyter-widgets/html-manager/dist/*.svg _assets/html-manager/
	cp node_modules/requirejs/require.js _assets/require.js
	touch $@

bootstrap: $(PY_STAMP) $(ASSETS_STAMP)

# ---------------------------------------------------------------- book
# `book` builds incrementally; `make test` rebuilds everything (--all) so every warning shows again.
book: bootstrap
	$(BIN)/jupyter-book build . -W --keep-going $(BUILD_FLAGS)
	@echo
	@echo "Book built. Open: file://$(CURDIR)/_build/html/index.html"
	@echo "   or: $(PY) -m http.server -d _build/html 8000 --bind 127.0.0.1  →  http://127.0.0.1:8000/"

# Full clean build whose log and exit status tests/test_build.py checks (a failing build fails a test,
# so the test suite still runs and reports everything).
build-book: bootstrap
	mkdir -p _build
	rm -rf _build/html _build/.doctrees _build/jupyter_execute
	set +e; $(BIN)/jupyter-book build . -W --keep-going --all > $(BUILD_LOG) 2>&1; echo $$? > $(BUILD_RC)
	@tail -n 3 $(BUILD_LOG)

# One PDF per language (Debian chromium prints a single-page HTML build; no TeX), then their text layer
# is checked (Hangul, typeset math, no raw TeX, contents, page numbers; pdftotext from poppler-utils).
pdf: bootstrap
	$(PY) -m bnbook.book.pdf --out $(CURDIR)/_build/pdf
	BNBOOK_PDF=$(CURDIR)/_build/pdf $(BIN)/pytest -q -p no:cacheprovider tests/test_pdf.py

# ---------------------------------------------------------------- tests
# Both PDFs, built for tests/test_pdf.py (a failing build leaves no PDF, and that test says so).
pdf-files: bootstrap
	mkdir -p _build
	rm -rf _build/pdf
	set +e; $(PY) -m bnbook.book.pdf --out $(CURDIR)/_build/pdf > _build/pdf.log 2>&1; echo "pdf build exit $$?"

# The HTML book and the two PDFs (which build their own single-page HTML) share nothing: they are
# built side by side (-j2). --no-loadscope-reorder: xdist hands out whole files in the order of
# tests/conftest.py (most expensive first, tests/file_costs.json), not by number of tests (which
# left the one-test files, the slowest among them, for the end).
test: bootstrap
	$(MAKE) --no-print-directory -j2 build-book pdf-files
	BNBOOK_BUILD_LOG=$(CURDIR)/$(BUILD_LOG) BNBOOK_BUILD_RC=$(CURDIR)/$(BUILD_RC) \
	BNBOOK_HTML=$(CURDIR)/_build/html BNBOOK_PDF=$(CURDIR)/_build/pdf \
	$(BIN)/pytest -n $(JOBS) --dist loadfile --no-loadscope-reorder \
	  --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg \
	  --nbval-cell-timeout 600 --timeout 1800 \
	  $(TEST_PATHS)

# ---------------------------------------------------------------- notebooks
LAB_FLAGS ?= $(if $(filter 0,$(shell id -u)),--allow-root --no-browser)
lab: bootstrap
	$(BIN)/jupyter lab --notebook-dir=$(CURDIR) $(LAB_FLAGS)

# NOTEBOOKS=chapters/ko/01_covariate_shift.ipynb to run only some; exercises/ are generated (bnbook.grading).
NOTEBOOKS ?= chapters solutions
run-notebooks: bootstrap
	$(PY) -m bnbook.book.run_notebooks $(NOTEBOOKS)

clean:
	rm -rf _build _assets
