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

# Debian's FreeDict bilingual dictionaries (French, Arabic, Spanish to English, and English
# to French): glossing non-English profiles reads them when present. Optional: without them
# the curated glossary alone is used.
FREEDICT ?= /usr/share/dictd/freedict-ara-eng.dict.dz
FREEDICT_PACKAGES = dict-freedict-fra-eng dict-freedict-ara-eng dict-freedict-spa-eng dict-freedict-eng-fra
$(FREEDICT):
	@if [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(FREEDICT_PACKAGES) \
		|| echo "FreeDict dictionaries not installed: glossing uses the curated glossary only"; \
	else \
		echo "For better French/Arabic matching: sudo apt-get install $(FREEDICT_PACKAGES)"; \
	fi

# The int8 ONNX export of the embedding model is made once here (a failure is not fatal:
# embeddings then use torch, or the export is retried on first use).
$(BIN)/.installed: $(BIN)/.torch pyproject.toml | $(FREEDICT)
	$(BIN)/pip install --quiet -e .
	-$(BIN)/python -m matchmaking.matching.onnx_export
	touch $@


$(BIN)/.installed-test: $(BIN)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/.installed
install-test: $(BIN)/.installed-test

# The demo event is moved to begin today, so that its clock, requests' deadlines and
# free-slot suggestions make sense on whatever date it is tried.
$(DB): | $(BIN)/.installed
	$(BIN)/matchmaking --db $(DB) init --demo --first-day today
	$(BIN)/matchmaking --db $(DB) embed

demo: $(DB)

# The organiser code is random per database: made and shown once on the first run
# (`matchmaking organiser-code --rotate` makes a new one).
run: $(BIN)/.installed $(DB) | $(PDF_FONTS)
	@$(BIN)/matchmaking --db $(DB) organiser-code
	@echo "Participants' links: $(BIN)/matchmaking --db $(DB) invitations --base-url http://localhost:$(PORT)"
	MATCHMAKING_DB=$(DB) $(BIN)/streamlit run serve.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

# The browser tests drive Debian's chromium (a test tool's own browser download would need
# the internet). Installed here when missing, as root; otherwise say how.
CHROMIUM ?= /usr/bin/chromium
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else \
		echo "The browser tests need Debian's chromium: sudo apt-get install chromium"; exit 1; \
	fi

# The multi-process set-up (deploy/) runs behind Debian's nginx; its test needs the binary
# only (no system service is used).
NGINX ?= /usr/sbin/nginx
$(NGINX):
	@if [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx; \
	else \
		echo "The proxy test needs Debian's nginx: sudo apt-get install nginx"; \
	fi

# PDFs (agendas, report, badges) draw Latin and Arabic with DejaVu Sans, emoji with Symbola
# and Chinese, Japanese, Korean with Droid Sans Fallback (~12 MB installed in all). Installed
# here as root when missing; without them, characters are replaced visibly (and logged).
PDF_FONTS ?= /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf
PDF_FONT_PACKAGES = fonts-dejavu-core fonts-symbola fonts-droid-fallback
$(PDF_FONTS):
	@if [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PDF_FONT_PACKAGES) \
		|| echo "PDF fonts not installed: missing characters are replaced in PDFs"; \
	else \
		echo "For Arabic, emoji and CJK in PDFs: sudo apt-get install $(PDF_FONT_PACKAGES)"; \
	fi

# The PDF tests render pages with poppler's pdftoppm and read them with pdftotext.
POPPLER ?= /usr/bin/pdftoppm
$(POPPLER):
	@if [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils; \
	else \
		echo "The PDF tests need Debian's poppler-utils: sudo apt-get install poppler-utils"; exit 1; \
	fi

test: $(BIN)/.installed-test $(CHROMIUM) $(NGINX) $(POPPLER) | $(PDF_FONTS)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV)
