"""The architecture, checked: which package may import what, and modules stay small."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

SKILL = Path(__file__).resolve().parents[1] / "skill"
STDLIB = set(sys.stdlib_module_names) | {"__future__"}
AUDIO_LIBRARIES = {
    "lameenc",
    "miniaudio",
    "mutagen",
    "gtts",
    "piper",
    "numpy",
    "scipy",
    "pyloudnorm",
    "pedalboard",
}
MAX_LINES = 300


def imports(path: Path) -> set[str]:
    """Every module a file imports (absolute names; relative imports are resolved)."""
    tree = ast.parse(path.read_text("utf-8"))
    package = ".".join(path.relative_to(SKILL.parent).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                found.add(f"{base}.{node.module}" if node.module else base)
            elif node.module:
                found.add(node.module)
    return found


def modules() -> list[Path]:
    return sorted(p for p in SKILL.rglob("*.py") if "migrations" not in p.parts)


def package_of(path: Path) -> str:
    parts = path.relative_to(SKILL).parts
    return parts[0] if len(parts) > 1 else "top"


def allowed(package: str, name: str) -> bool:
    root = name.split(".")[0]
    inner = name.split(".")[1] if root == "skill" and "." in name else None
    if package == "core":
        return root in STDLIB or inner == "core"
    if package == "audio":
        return root in STDLIB | AUDIO_LIBRARIES or inner in ("core", "audio")
    if package == "alexa":
        return root in STDLIB | {"ask_sdk_core", "ask_sdk_model"} or inner in (
            "core",
            "alexa",
            "storage",
        )
    if package == "web":
        web_libraries = {"flask", "werkzeug", "cryptography", "certifi", "waitress", "dotenv"}
        return root in STDLIB | web_libraries or inner in (
            "core",
            "alexa",
            "storage",
            "web",
            "config",
        )
    if package == "storage":
        return root in STDLIB | {"sqlalchemy", "alembic"} or inner == "storage"
    if package == "publish":
        return root in STDLIB | {"numpy", "PIL", "click"} or inner in ("core", "publish", "config")
    # Top-level modules (config, the command line): anything but the SDK and Flask directly.
    return root not in ("ask_sdk_core", "ask_sdk_model", "flask")


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(SKILL)))
def test_each_package_imports_only_what_its_rule_allows(path):
    package = package_of(path)
    wrong = sorted(name for name in imports(path) if not allowed(package, name))
    assert not wrong, f"{path.relative_to(SKILL)} ({package}) imports {wrong}"


def test_only_the_alexa_layer_imports_the_sdk_and_only_the_web_layer_imports_flask():
    for path in modules():
        names = {name.split(".")[0] for name in imports(path)}
        if names & {"ask_sdk_core", "ask_sdk_model"}:
            assert package_of(path) == "alexa", path
        if "flask" in names:
            assert package_of(path) == "web", path


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(SKILL)))
def test_modules_stay_small(path):
    lines = len(path.read_text("utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(SKILL)} has {lines} lines"


def test_every_package_states_its_rule():
    for init in SKILL.glob("*/__init__.py"):
        if init.parent.name == "__pycache__":
            continue
        assert "Rule:" in ast.get_docstring(ast.parse(init.read_text())), init
