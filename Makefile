# Two commands: `make lab` for the course, `make test` for its whole test suite; `make book` builds
# the course website into _build/book/html.
# Both create .venv on first use; later runs skip what is already installed.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The course's JupyterLab defaults (no news pop-up): lab-settings/README.md.
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.d/improving-dnn-course.json
# TensorFlow writes log lines to stderr unless told not to; nbgrader scores such a cell zero.
export TF_CPP_MIN_LOG_LEVEL := 3
export TF_ENABLE_ONEDNN_OPTS := 0
# JupyterLab refuses to run as root unless asked explicitly.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)
PYTEST_ARGS ?=
LAB_ARGS ?=

.PHONY: setup lab test release book clean-venv

setup: $(STAMP) $(LAB_SETTINGS)

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required, found " + sys.version.split()[0]'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -e .
	# The notebook kernel gets the quiet-TensorFlow variables whoever starts it (lab, nbgrader, pytest).
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (course)" \
		--env TF_CPP_MIN_LOG_LEVEL 3 --env TF_ENABLE_ONEDNN_OPTS 0 >/dev/null
	touch $(STAMP)

$(LAB_SETTINGS): lab-settings/overrides.json $(STAMP)
	install -D -m 644 $< $@

lab: setup
	$(BIN)/jupyter lab --notebook-dir=. $(ALLOW_ROOT) $(LAB_ARGS)

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

book: setup
	$(BIN)/python book/build.py

release: setup
	$(BIN)/grader release

clean-venv:
	rm -rf $(VENV)
