# The two commands a newcomer needs: `make run` and `make test`. Everything else is setup.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench lint fmt clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

## run: set up, put the sample story in the store, serve on http://127.0.0.1:8080/
run: $(STAMP)
	$(BIN)/newsfeed migrate
	$(BIN)/newsfeed ingest samples/
	$(BIN)/newsfeed run

## test: set up, then run the whole suite, a test file per worker (TEST_JOBS of them)
# Most tests wait on a real process, a socket or a clock, so two workers halve the time even
# on two cores; a file's tests share a worker, and with it the file's module fixtures.
TEST_JOBS ?= 2
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n $(TEST_JOBS) --dist loadfile --no-loadscope-reorder

## bench: measure ingest, rebuild and serving against baselines from the same run
bench: $(STAMP)
	$(BIN)/python -m bench

lint: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var build *.egg-info
