# KubeGrade: `make run` serves the platform, `make test` runs every test, `make bench` measures.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: venv test bench run clean

$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

venv: $(BIN)/.installed

test: venv
	$(BIN)/python -m pytest -q

bench: venv
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
