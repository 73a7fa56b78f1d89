# Two commands: `make lab` for the course, `make test` for its whole test suite; `make book` builds
# the course website into _build/book/html.
# Both create .venv on first use; later runs skip what is already installed.

# The Python versions the pins in requirements.txt are tested on (pyproject's requires-python agrees).
SUPPORTED_PYTHONS := 3.13 3.12 3.11
SUPPORTED_TEXT := Python 3.11, 3.12 or 3.13
# The newest supported interpreter that runs (a pyenv shim can exist and still refuse to run);
# `make ... PYTHON=python3.12` chooses one.
IS_SUPPORTED := import sys; sys.exit("%d.%d" % sys.version_info[:2] not in "$(SUPPORTED_PYTHONS)".split())
ifeq ($(origin PYTHON),undefined)
PYTHON := $(firstword $(foreach p,$(addprefix python,$(SUPPORTED_PYTHONS)) python3,\
	$(shell $(p) -c '$(IS_SUPPORTED)' >/dev/null 2>&1 && command -v $(p))))
endif
# One virtual environment per interpreter if you like: `make smoke PYTHON=python3.13 VENV=.venv-3.13`.
VENV ?= .venv
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
# pytest-xdist workers for `make test` and `make test-fast` (0: none). Each takes whole files, since
# nbval runs a lecture's cells in order in one kernel; the longest files start first (tests/scheduling.py).
# One more than the cores: the tests wait (kernels starting, sandboxes, sqlite commits, the browser), and
# with one worker per core those waits left a core idle: on 2 cores 2 workers took 13.3 min, 3 took 10.9.
# At most 8: a worker can hold a TensorFlow kernel of about 2 GB.
TEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 1); echo $$(( n < 8 ? n + 1 : 8 )))
XDIST := -n $(TEST_WORKERS) --dist loadfile
# The smoke run: one lecture executes, `grader check` passes a solution and fails a blank exercise, and
# a graded cell imports and trains Keras.
SMOKE_TESTS := chapters/01_data_split.ipynb \
	tests/test_release_and_check.py::test_check_passes_a_correct_notebook \
	tests/test_release_and_check.py::test_check_fails_a_blank_notebook_with_the_reason \
	tests/test_release_and_check.py::test_a_graded_cell_that_trains_keras_keeps_full_marks_without_tf_variables

.PHONY: setup lab test test-fast smoke release book binder clean-venv

setup: $(STAMP) $(LAB_SETTINGS)

$(STAMP): requirements.txt pyproject.toml
	@test -n "$(PYTHON)" || { echo "No supported Python found: this course needs $(SUPPORTED_TEXT)" \
		"(tried $(addprefix python,$(SUPPORTED_PYTHONS)) and python3). Install one, or name it: make PYTHON=/path/to/python3.12" >&2; exit 1; }
	@$(PYTHON) -c '$(IS_SUPPORTED)' 2>/dev/null || { echo "PYTHON=$(PYTHON) is not $(SUPPORTED_TEXT)" \
		"($$($(PYTHON) --version 2>&1 | head -n 1)). Install one, or name it: make PYTHON=/path/to/python3.12" >&2; exit 1; }
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
	$(BIN)/python -m pytest $(XDIST) $(PYTEST_ARGS)

# The tests that start no kernel, JupyterLab or grading run: minutes, for use while editing.
test-fast: setup
	$(BIN)/python -m pytest $(XDIST) -m "not slow" $(PYTEST_ARGS)

smoke: setup
	$(BIN)/python -m pytest $(SMOKE_TESTS) $(PYTEST_ARGS)

book: setup
	$(BIN)/python book/build.py

# Binder's launch link for the GitHub repository of `git remote get-url origin` (stdlib only: no set-up).
binder:
	@python3 binder/launch_link.py $(BINDER_ARGS)

release: setup
	$(BIN)/grader release

clean-venv:
	rm -rf $(VENV)
