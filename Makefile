# KubeGrade: `make run` serves the platform, `make test` runs every test, `make bench` measures.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: venv test bench run clean drills

$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

# The workspace page's front-end libraries (package-lock.json), served by Django from node_modules/.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

venv: $(BIN)/.installed node_modules/.package-lock.json

test: venv
	$(BIN)/python -m pytest -q

bench: venv
	$(BIN)/python -m bench

# Faults injected into a stack the drill starts for itself (its own redis-server and
# PostgreSQL cluster on free ports): one table of figures. KUBEGRADE_FUZZ_EXAMPLES=100000
# for the full property run (default 2,000).
drills: venv
	$(BIN)/python -m drills

# The platform on SQLite and a serverless broker (DATABASE_URL / CELERY_BROKER_URL switch
# to PostgreSQL and Redis): migrate, load the bank, create the demo course, then serve
# web + Celery worker + beat together.
# DJANGO_DEBUG=1 by default here: plain http on 127.0.0.1 and the development secrets.
# With DEBUG off the site wants DJANGO_SECRET_KEY and KUBEGRADE_VARIANT_SECRET, and HTTPS
# (KUBEGRADE_HTTPS=0 serves plain http): see README, "Production".
run: export DJANGO_DEBUG ?= 1
run: venv
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_assignments
	$(BIN)/python manage.py seed_demo
	@echo "Serving on http://$${KUBEGRADE_BIND:-127.0.0.1:8000}/ (KUBEGRADE_BIND=host:port to change); Ctrl-C stops everything."
	@# Ctrl-C (130) or a TERM (143) is how this is meant to stop: not an error for make.
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/honcho start -f Procfile; status=$$?; \
	  [ $$status -eq 0 ] || [ $$status -eq 130 ] || [ $$status -eq 143 ] || exit $$status

clean:
	rm -rf $(VENV) node_modules .pytest_cache .hypothesis
