"""What every page needs: the database of this run, and the taxonomy labels."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import streamlit as st

from matchmaking.domain.paths import database_path
from matchmaking.services import event as services
from matchmaking.ui.i18n import is_rtl, language, picked_language, t

# One pool per database file in use, the most recently used last; the app uses one, a test
# run many (their connections are closed when they fall out).
_POOLS: dict[Path, services.ConnectionPool] = {}
_POOLS_LOCK = threading.Lock()
_POOLS_KEPT = 4


def _pool(path: Path) -> services.ConnectionPool:
    with _POOLS_LOCK:
        pool = _POOLS.pop(path, None) or services.ConnectionPool(path)
        _POOLS[path] = pool
        dropped = [_POOLS.pop(old) for old in list(_POOLS)[:-_POOLS_KEPT]]
    for old in dropped:
        old.close()  # a borrower still holding one of its connections closes it on return
    return pool


@contextmanager
def database() -> Iterator[services.Database]:
    """A connection lent to this script run alone: never used by two of the threads
    Streamlit runs sessions in at once (a shared one double-booked under load), but kept
    open between runs (opening and checking one cost more than a page's queries)."""
    with ExitStack() as lent:
        try:
            db = lent.enter_context(_pool(database_path()).borrow())
        except services.StorageError as error:
            st.error(str(error))
            st.stop()
        yield db


_MARKDOWN_SPECIALS = str.maketrans({c: f"\\{c}" for c in "\\`*_{}[]()#+-.!|<>~$:"})


# Markdown turns bare addresses into links on its own ("https://…", "www.…", "a@b.org"):
# a word joiner (U+2060, invisible) after the scheme, before the dot of "www." and before
# "@" keeps them as plain text.
_AUTOLINKS = re.compile(r"(?i)(?<=[a-z])(?=\\?:(?:\\?/){2})|(?<=www)(?=\\?\.)|(?=@)")


def plain(text: object) -> str:
    """User text made safe to place inside markdown: no links (written or bare addresses),
    images, HTML or formatting can be smuggled in through a profile."""
    return _AUTOLINKS.sub("\u2060", str(text).translate(_MARKDOWN_SPECIALS))


# Static CSS only: no participant text ever goes through here. ``unicode-bidi: plaintext``
# gives each paragraph the direction of its own first letter, so a profile written in
# Arabic reads (and aligns) right to left while the interface stays left to right.
_STYLE = """<style>
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li,
[data-testid="stText"], [data-testid="stCaptionContainer"] {
  unicode-bidi: plaintext; text-align: start;
}
@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], .stButton, .stDownloadButton,
  [data-testid="stCheckbox"] {
    display: none !important;
  }
}
@media (max-width: 640px) {  /* a phone: the first card on the first screen */
  [data-testid="stMainBlockContainer"] { padding-top: 3.5rem; padding-left: 0.75rem;
    padding-right: 0.75rem; }
  h1 { font-size: 1.9rem !important; padding-top: 0.25rem !important; }
  /* a card's marks fit its width in every language: words kept, their icons dropped */
  [data-testid="stButtonGroup"] button [data-testid="stIconMaterial"] { display: none; }
  [data-testid="stButtonGroup"] button { padding-left: 0.35rem; padding-right: 0.35rem; }
}
a.mm-sign-out {
  display: inline-block; padding: 0.25rem 0.75rem; border: 1px solid rgba(49, 51, 63, 0.2);
  border-radius: 0.5rem; text-decoration: none; color: inherit;
}
</style>"""


# Words Streamlit's frontend writes in English whatever the page's language (no API
# translates them): the script below puts ours in their text nodes, again whenever the
# frontend redraws them, and sets the page's ``lang`` and ``dir``. Static: our texts only.
_FRONTEND_WORDS = """<script>
(() => {
  window.mmWords = %s;
  const root = document.documentElement;
  const english = (text) => {
    const w = window.mmWords;
    if (text === "Skip to main content") return w.skip;
    if (text === "Upload") return w.upload;
    if (/^Drag and drop (a file|files) here$/.test(text)) return w.drop;
    const limit = /^(\\d+(?:\\.\\d+)?)\\s?MB per file$/.exec(text);
    return limit ? w.limit.replace("{size}", limit[1]) : null;
  };
  if (window.mmWords.picked) {  // read back by the server at this browser's next visit
    document.cookie = `mm_lang=${window.mmWords.picked}; path=/; max-age=31536000; ` +
                      "SameSite=Lax";
  }
  const translate = () => {
    const w = window.mmWords;
    if (root.lang !== w.lang) root.lang = w.lang;
    if (root.dir !== w.dir) root.dir = w.dir;
    const places = document.querySelectorAll(
      '[data-testid="stSkipToContent"], [data-testid="stFileUploaderDropzone"]');
    for (const place of places) {
      const walker = document.createTreeWalker(place, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const original = node.mmEnglish || node.nodeValue.trim();
        const ours = english(original);
        if (ours !== null) {
          node.mmEnglish = original;
          if (node.nodeValue !== ours) node.nodeValue = ours;
        }
      }
    }
  };
  translate();
  if (!window.mmObserver) {
    window.mmObserver = new MutationObserver(() => translate());
    window.mmObserver.observe(document.body, {childList: true, subtree: true,
                                              characterData: true});
  }
})();
</script>"""


def _language_style() -> str:
    """CSS for the session's language: right to left for Arabic (the ``dir`` the script
    sets does the same once it has run)."""
    if not is_rtl():
        return ""
    # the whole app, sidebar included; ``unicode-bidi: plaintext`` above still gives a
    # Latin paragraph (a profile, a name) its own direction
    return (".stApp, [data-testid=\"stSidebar\"], [data-testid=\"stMain\"] "
            "{ direction: rtl; }\n"
            # headings are drawn left-aligned whatever the direction
            "[data-testid=\"stHeading\"] h1, [data-testid=\"stHeading\"] h2, "
            "[data-testid=\"stHeading\"] h3 { text-align: start !important; }\n"
            "input, textarea { unicode-bidi: plaintext; text-align: start; }\n")


def frontend_words() -> dict[str, str]:
    """The frontend's English words in the session's language, and the page's direction."""
    return {"lang": language(), "dir": "rtl" if is_rtl() else "ltr",
            "picked": picked_language() or "",
            "skip": t("a11y.skip_to_content"), "upload": t("upload.button"),
            "drop": t("upload.drop"), "limit": t("upload.limit", size="{size}")}


def apply_style() -> None:
    """The app's CSS and the frontend's words, in the session's language (call once the
    language is settled, after sign-in)."""
    import json

    st.html(_STYLE.replace("</style>", _language_style() + "</style>")
            + _FRONTEND_WORDS % json.dumps(frontend_words(), ensure_ascii=False),
            unsafe_allow_javascript=True)


def base_url_guess() -> str:
    """The address participants open, as this browser reached the app."""
    from urllib.parse import urlsplit

    try:
        url = st.context.url
    except AttributeError:
        url = None
    if url:
        parts = urlsplit(url)
        if parts.scheme and parts.netloc:
            return f"{parts.scheme}://{parts.netloc}"
    return "http://localhost:8501"
