# The two commands of the README:
#   make run   install everything, set up the demo event if needed, start the app
#   make test  install the test dependencies and run every test
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= data/matchmaking.db
PORT ?= 8501

.PHONY: run test install install-test demo clean

# torch first, pinned to the CPU build on this machine's disk: a bare torch requirement
# (pulled by sentence-transformers) would download a multi-GB CUDA build.
$(BIN)/.torch:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	touch $@

$(BIN)/.installed: $(BIN)/.torch pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(BIN)/.installed-test: $(BIN)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/.installed
install-test: $(BIN)/.installed-test

$(DB): | $(BIN)/.installed
	$(BIN)/matchmaking --db $(DB) init --demo
	$(BIN)/matchmaking --db $(DB) embed

demo: $(DB)

run: $(BIN)/.installed $(DB)
	MATCHMAKING_DB=$(DB) $(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

test: $(BIN)/.installed-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV)
