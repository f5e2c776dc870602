# `make run` serves the tracker on http://127.0.0.1:8000/ with the seed story; `make test` checks it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Tests and checks run with production settings (DEBUG off) and a throwaway key.
TEST_ENV := DEBUG=0 SECURE_SSL_REDIRECT=0 TESTING=1 SECRET_KEY=test-$(shell od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
DEPLOY_ENV := DEBUG=0 ALLOWED_HOSTS=tracker.example.org SECRET_KEY=$(shell od -An -tx1 -N40 /dev/urandom | tr -d ' \n')

.PHONY: run test fuzz install lint migrate seed bench

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

.secret_key:
	$(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

run: install .secret_key
	DEBUG=1 SECRET_KEY=$$(cat .secret_key) $(PY) manage.py migrate --no-input
	DEBUG=1 SECRET_KEY=$$(cat .secret_key) $(PY) manage.py createcachetable
	DEBUG=1 SECRET_KEY=$$(cat .secret_key) $(PY) manage.py load_seed
	DEBUG=1 SECRET_KEY=$$(cat .secret_key) $(PY) manage.py create_local_admin
	DEBUG=1 SECRET_KEY=$$(cat .secret_key) $(PY) manage.py runserver 127.0.0.1:8000

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

test: lint
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run
	$(DEPLOY_ENV) $(PY) manage.py check --deploy --fail-level WARNING
	$(TEST_ENV) $(PY) manage.py spectacular --validate --fail-on-warn --file /dev/null
	$(TEST_ENV) $(PY) -m pytest -n auto --dist loadfile -m "not browser"
	# The browser tests flush the database after each test, so they run on their own.
	$(TEST_ENV) $(PY) -m pytest -m browser

# `make fuzz [FUZZ_EXAMPLES=50]`: the API's Schemathesis suite with more generated cases per operation
# and identity (still derandomized), for a release; with DATABASE_URL set, on that database.
# In one process: under pytest-xdist Schemathesis folds the operations into subtests of one test.
FUZZ_EXAMPLES ?= 50
fuzz: install
	$(TEST_ENV) FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest -p no:xdist tests/test_api_schemathesis.py

# `make bench [EVENTS=1000000]`: the tracker against its raw floor, Datasette and COPY (bench/RESULTS.md).
EVENTS ?= 1000000
bench: install
	test -x bench/.venv/bin/datasette || ($(PYTHON) -m venv bench/.venv && bench/.venv/bin/pip install --quiet -r bench/requirements.txt)
	command -v wrk >/dev/null || apt-get install -y -q wrk
	$(PY) bench/bench.py --events $(EVENTS)
