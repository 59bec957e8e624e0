from __future__ import annotations

import pytest

from listbot.config import ConfigError, load_config, parse_config
from listbot.lint import check_rule_options


def _load(data: dict, where: str):
    config = parse_config(data, where)
    check_rule_options(config, where)
    return config


def test_kebab_and_snake_case_keys():
    config = parse_config({"urls": {"rewrite-mirrors": True, "tracking_params": ["x"]}})
    assert config.urls.rewrite_mirrors and config.urls.tracking_params == ["x"]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"selekt": ["LB"]}, "selekt: unknown key"),
        ({"order": "random"}, "order: Input should be 'auto', 'newest', 'oldest' or 'none'"),
        ({"style": {"bullet": "#"}}, "style.bullet"),
        ({"today": "soon"}, "today: Value error, must be a month written YYYY-MM"),
        ({"per-file-ignores": ["LB3"]}, "per-file-ignores"),
        ({"sections": [{"match": "V*", "kind": "video"}]}, "sections.0.kind"),
        ({"urls": {"arxiv-form": "https://arxiv.org/abs/"}}, "urls.arxiv-form"),
        ({"rules": {"LB999": {}}}, "rules.LB999: unknown rule"),
        ({"rules": {"whitespace": {"bogus": 1}}}, "rules.whitespace.bogus: unknown key"),
        ({"rules": {"tag-mismatch": {"later": "sometimes"}}}, "rules.tag-mismatch.later"),
        ({"today": "2026-13"}, "today"),
    ],
)
def test_bad_values_name_the_key(data, words):
    with pytest.raises(ConfigError) as error:
        _load(data, "pyproject.toml [tool.listbot]")
    assert words in str(error.value)
    assert str(error.value).startswith("pyproject.toml [tool.listbot]: ")


def test_discovery_prefers_listbot_toml_then_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.listbot]\nignore = ["LB603"]\n')
    sub = tmp_path / "docs"
    sub.mkdir()
    assert load_config(start=sub).ignore == ["LB603"]
    (sub / ".listbot.toml").write_text('ignore = ["LB601"]\n')
    assert load_config(start=sub).ignore == ["LB601"]


def test_pyproject_without_tool_listbot_is_skipped(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert load_config(start=tmp_path).select == ["LB"]


def test_invalid_toml_is_a_config_error(tmp_path):
    bad = tmp_path / ".listbot.toml"
    bad.write_text("select = [\n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_config(bad)


def test_pr_settings_are_checked_when_the_config_loads():
    with pytest.raises(ConfigError, match=r"pr.fail-on"):
        parse_config({"pr": {"fail-on": "sometimes"}}, "x")


def test_links_settings_are_checked_when_the_config_loads():
    with pytest.raises(ConfigError, match=r"links.per-hots"):
        parse_config({"links": {"per-hots": 4}}, "x")


def test_links_true_and_allow_private_shorthands():
    config = parse_config({"links": True, "allow_private": True})
    assert config.links.enabled and config.links.allow_private
    assert parse_config({"links": {"per-host": 2}}).links.per_host == 2
    assert parse_config({"metadata": True}).metadata.enabled


def test_tables_a_file_does_not_write_build_no_schema():
    """Start-up: validating a config without [links], [metadata] or [pr] does not build those
    models' validators (a fresh interpreter, since other tests build them)."""
    import subprocess
    import sys

    code = (
        "from listbot.config import parse_config\n"
        "from listbot.config.links import LinksSettings, TtlSettings\n"
        "from listbot.config.metadata import MetadataSettings\n"
        "from listbot.config.pr import PrSettings\n"
        "config = parse_config({'files': ['README.md'], 'style': {'bullet': '*'}})\n"
        "assert config.links.timeout > 0 and config.links.ttl == TtlSettings.model_construct()\n"
        "print([m.__pydantic_complete__ for m in (LinksSettings, TtlSettings, MetadataSettings, PrSettings)])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "[False, False, False, False]", done.stderr


def test_defaults_of_an_absent_table_equal_a_validated_empty_table():
    from listbot.config import Config

    defaults = Config()
    written = parse_config({"links": {}, "metadata": {}, "pr": {}, "urls": {}, "style": {}})
    assert (defaults.links, defaults.metadata, defaults.pr) == (written.links, written.metadata, written.pr)
    assert (defaults.urls, defaults.style) == (written.urls, written.style)
    assert written.links.ttl == defaults.links.ttl
