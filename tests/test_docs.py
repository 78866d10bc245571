"""The README documents every setting and every command; its examples are true."""

import re

from click.testing import CliRunner

from conftest import ROOT
from lod.cli import cli
from lod.settings import SETTINGS

README = (ROOT / "README.md").read_text()


def test_every_setting_is_documented() -> None:
    for setting in SETTINGS:
        assert f"`{setting.env}`" in README, f"{setting.env} is not in the README's settings table"


def test_no_setting_is_read_but_through_the_settings() -> None:
    """Every LOD_* variable the code, the Makefile or gunicorn's configuration names is a declared setting,
    and only lod/settings.py reads the environment."""
    declared = {setting.env for setting in SETTINGS}
    files = [*(ROOT / "lod").rglob("*.py"), ROOT / "gunicorn.conf.py", ROOT / "Makefile"]
    for path in files:
        text = path.read_text()
        for name in set(re.findall(r"\bLOD_[A-Z_]+\b", text)):
            assert name in declared, f"{path.relative_to(ROOT)} names {name}, which is not a setting"
        if path.suffix == ".py" and path.name != "settings.py":
            assert "os.environ" not in text and "getenv" not in text, f"{path.relative_to(ROOT)} reads the environment"


def test_every_command_is_documented() -> None:
    for name in cli.commands:
        assert f"lod {name}" in README, f"`lod {name}` is not in the README"


def test_every_command_has_help() -> None:
    runner = CliRunner()
    for name in cli.commands:
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output


def test_the_quick_start_is_two_commands() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("##", 1)[0]
    assert "make serve" in quick_start and "make test" in quick_start
