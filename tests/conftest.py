"""Fixtures for the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import CORPUS


@pytest.fixture
def corpus() -> Path:
    """The shared corpus of real lists; tests using it skip where it is absent."""
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus is not present")
    return CORPUS
