"""Every list of the shared corpus: check and fix run, fix is idempotent and loses nothing it
did not declare. (bench/corpus.py also sweeps the history files and prints the figures.)"""

from __future__ import annotations

import pytest

from listbot.config import Config
from listbot.pipeline import fix_text, lint_text
from listbot.source import read_source
from tests.helpers import CORPUS
from tests.shapes import undeclared_losses

LISTS = sorted(path.parent.name for path in CORPUS.glob("*/README.md")) if CORPUS.is_dir() else []


@pytest.mark.parametrize("name", LISTS or ["(no corpus)"])
def test_a_real_list_lints_and_fixes_without_loss(corpus, name):
    source = read_source(corpus / name / "README.md")
    assert lint_text(source.text, name, Config()) is not None
    result = fix_text(source.text, name, Config())
    assert fix_text(result.text, name, Config()).text == result.text, "fix is not idempotent"
    lost_words, lost_breaks = undeclared_losses(source.text, result)
    assert not lost_words and not lost_breaks, (dict(lost_words), lost_breaks)
