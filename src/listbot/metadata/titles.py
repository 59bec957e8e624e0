"""Does an entry's title name the paper its id links? Folding and fuzzy comparison, no I/O.

Folding: TeX markup and math dollars go (``$\\pi_0$`` -> ``pi0``), Greek letters become
their names (``π0`` -> ``pi0``), accents go, case folds, apostrophes vanish
(``Let's`` -> ``lets``), a dot between two characters joins them (``k1.5`` -> ``k15``),
any other punctuation separates words (``Zero-Shot`` -> ``zero shot``).

Comparison of the entry's title E with the record's title R (the thresholds):

* SAME: E and R fold to the same letters (spaces and hyphens aside), also once notes in
  brackets or parentheses are set aside (``[Tag] Title (@Org)``, ``Title [Technical Report]``).
* CLOSE (the paper was retitled, or the list abbreviates or misspells it), when any of:
  - both have a name before a colon and the names fold equal and are not generic
    (``Reflexion: an autonomous agent...`` / ``Reflexion: Language Agents...``);
  - the lighter title is nearly contained in the other: weighted containment >= 0.8
    (a subtitle added or dropped: ``Let's Verify Step by Step`` / ``...: Process Supervision``);
  - weighted Dice overlap >= 0.6 (a few words changed);
  - character similarity (difflib ratio of the folded titles) >= 0.85 (typos, plurals).
* UNRELATED otherwise: the id links another paper.

Words are weighted: stop words count 0, the everyday vocabulary of machine-learning titles
(``large``, ``language``, ``models``, ``learning``, ``reasoning``...) 0.25, other words 1.
So two unrelated titles that share only that vocabulary (``Large Language Models are
Zero-Shot Reasoners`` / ``Large Language Models Are Human-Level Prompt Engineers``) stay
UNRELATED. A short word that spells the initials of consecutive words of the other title
counts as shared (``AGI`` / ``Artificial General Intelligence``).

When unsure the comparison leans to CLOSE: a CLOSE verdict on a wrong id still flags the
entry (a warning showing the linked paper's title), while an UNRELATED verdict on a right
id would be a false error.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from enum import StrEnum
from functools import lru_cache


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


CONTAINED = 0.8
DICE = 0.6
CHARACTERS = 0.85
COMMON_WEIGHT = 0.25

STOP_WORDS = _words(
    """
    a an the of for and or in on with to by from at is are as its it into be can do does how what why
    when we our us you your this that these those than not no vs versus all
    """
)
COMMON_WORDS = _words(
    """
    large language languages model models modeling modelling learning learn learned deep neural network
    networks reinforcement training train trained pretraining pretrained pre fine tuning tuned
    finetuning llm llms lm lms data dataset datasets efficient efficiently reasoning reasoner via using
    toward towards agent agents generation generative vision visual transformer transformers scaling
    scalable test time open foundation benchmark benchmarks evaluation evaluating approach method
    methods framework improving improved improves improve multi self task tasks based simple new system
    systems policy policies optimization optimizing supervised unsupervised representation
    representations image images text video knowledge graph graphs attention diffusion math mathematical
    problem problems solving solve human feedback alignment instruction instructions prompt prompting
    chain thought thoughts zero shot few general robust robustness understanding search planning memory
    inference compute process reward rewards rl
    """
)
GENERIC_NAMES = _words(
    """
    survey review tutorial position paper overview introduction report preprint benchmark dataset note
    notes correction erratum abstract appendix supplementary chapter part
    """
)
_TEX_FORMATTING = _words(
    """
    textbf textit texttt textrm textsc emph mathrm mathbf mathcal mathit mathsf mathbb text bf it rm sc
    tt boldsymbol operatorname
    """
)
_TEX_COMMAND = re.compile(r"\\([A-Za-z]+)")
_DOTTED = re.compile(r"(?<=\w)\.(?=\w)")
_NON_WORD = re.compile(r"[^0-9a-z]+")


class TitleMatch(StrEnum):
    SAME = "same"
    CLOSE = "close"
    UNRELATED = "unrelated"


def _tex_command(match: re.Match[str]) -> str:
    name = match[1]
    return " " if name in _TEX_FORMATTING else name


def _greek_to_names(text: str) -> str:
    out = []
    for char in text:
        if "\u0370" <= char <= "\u03ff":
            name = unicodedata.name(char, "")
            out.append(name.split()[-1].lower() if name.startswith("GREEK") else char)
        else:
            out.append(char)
    return "".join(out)


@lru_cache(maxsize=8192)
def fold(title: str) -> tuple[str, ...]:
    """The title's words, folded for comparison."""
    text = _TEX_COMMAND.sub(_tex_command, title)
    text = re.sub(r"[${}_^\\]", "", text)
    text = _greek_to_names(text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    text = re.sub("['\u2019`]", "", text)
    text = _DOTTED.sub("", text)
    return tuple(word for word in _NON_WORD.split(text) if word)


def weight(word: str) -> float:
    if word in STOP_WORDS:
        return 0.0
    return COMMON_WEIGHT if word in COMMON_WORDS else 1.0


def name_before_colon(title: str) -> tuple[str, ...] | None:
    """The folded name a title opens with (``DeepSeek-R1: ...`` -> ``("deepseek", "r1")``)."""
    head, colon, _ = title.partition(":")
    if not colon:
        return None
    words = fold(head)
    if not words or len(words) > 6 or all(word in STOP_WORDS or word in GENERIC_NAMES for word in words):
        return None
    return words


def _initials(words: tuple[str, ...]) -> set[str]:
    """The initials of each run of 2 to 6 consecutive words (``agi``: ``artificial general intelligence``)."""
    found = set()
    for start in range(len(words)):
        for length in range(2, 7):
            run = words[start : start + length]
            if len(run) == length:
                found.add("".join(word[0] for word in run))
    return found


def _shared_weight(short: tuple[str, ...], other: tuple[str, ...]) -> float:
    other_words = set(other)
    acronyms = _initials(other)
    shared = 0.0
    for word in set(short):
        if word in other_words or (word.isalpha() and 2 <= len(word) <= 6 and word in acronyms):
            shared += weight(word)
    return shared


def scores(entry: str, record: str) -> tuple[float, float, float]:
    """(weighted containment of the lighter title, weighted Dice, character ratio)."""
    a, b = fold(entry), fold(record)
    weight_a = sum(weight(word) for word in set(a))
    weight_b = sum(weight(word) for word in set(b))
    if weight_a <= weight_b:
        shared_light, light = _shared_weight(a, b), weight_a
    else:
        shared_light, light = _shared_weight(b, a), weight_b
    shared_both = len(set(a) & set(b))
    both = sum(weight(word) for word in set(a) & set(b)) if shared_both else 0.0
    contained = shared_light / light if light else 0.0
    dice = 2 * both / (weight_a + weight_b) if weight_a + weight_b else 0.0
    ratio = SequenceMatcher(None, " ".join(a), " ".join(b), autojunk=False).ratio()
    return contained, dice, ratio


_NOTES = re.compile(r"\[[^\[\]]*\]|\([^()]*\)|\uff08[^\uff08\uff09]*\uff09")


def _same_without_notes(entry: str, record: str) -> bool:
    """The titles read the same once bracketed notes are set aside (``[Splitwise] ... (@Microsoft)``)."""
    if not _NOTES.search(entry):
        return False
    words = fold(_NOTES.sub(" ", entry))
    return bool(words) and "".join(words) == "".join(fold(_NOTES.sub(" ", record)))


def compare_titles(entry: str, record: str) -> TitleMatch:
    """How the title written in the list relates to the title the id's record carries."""
    a, b = fold(entry), fold(record)
    if "".join(a) == "".join(b) or not a or not b or _same_without_notes(entry, record):
        return TitleMatch.SAME
    names = name_before_colon(entry), name_before_colon(record)
    if names[0] is not None and names[0] == names[1]:
        return TitleMatch.CLOSE
    contained, dice, ratio = scores(entry, record)
    if contained >= CONTAINED or dice >= DICE or ratio >= CHARACTERS:
        return TitleMatch.CLOSE
    return TitleMatch.UNRELATED


def search_words(title: str, limit: int = 8) -> list[str]:
    """The words a title search asks for: the rarest first, stop words and single letters left out."""
    words = [word for word in dict.fromkeys(fold(title)) if word not in STOP_WORDS and len(word) > 1]
    words.sort(key=lambda word: -weight(word))
    return words[:limit]
