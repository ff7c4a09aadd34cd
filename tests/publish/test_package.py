"""The ASK CLI project `foot-warmup skill-package` writes: checked against Amazon's own SMAPI
model (the JSON schema the ASK tools are generated from) and deployed with the real ASK CLI to a
stand-in for Amazon's service."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from jsonschema import Draft4Validator
from PIL import Image

from skill.publish.package import model_locales, write_project
from tests.apl_harness import VIEWPORTS
from tests.fake_smapi import SKILL_ID, FakeSmapi

ROOT = Path(__file__).resolve().parents[2]
ASK = ROOT / "node_modules" / ".bin" / "ask"
SPEC = ROOT / "node_modules" / "ask-smapi-model" / "spec.json"
BASE = "https://warmup.example.com"


def invocation_name(locale: str) -> str:
    model = json.loads((ROOT / "interaction_models" / f"{locale}.json").read_text("utf-8"))
    return model["interactionModel"]["languageModel"]["invocationName"]


@pytest.fixture(scope="module")
def spec():
    if not SPEC.is_file():
        pytest.fail("node_modules/ask-smapi-model is missing: run scripts/test (npm ci)")
    return json.loads(SPEC.read_text("utf-8"))


def validator(spec, root: str) -> Draft4Validator:
    """A validator for one of the SMAPI model's definitions (its refs are #/definitions/...)."""
    return Draft4Validator({"definitions": spec["definitions"], "$ref": f"#/definitions/{root}"})


@pytest.fixture
def project(tmp_path):
    write_project(tmp_path / "project", BASE)
    return tmp_path / "project"


def test_the_manifest_and_models_match_amazons_smapi_model(project, spec):
    manifest = json.loads((project / "skill-package" / "skill.json").read_text("utf-8"))
    errors = list(validator(spec, "v1.skill.Manifest.SkillManifestEnvelope").iter_errors(manifest))
    assert not errors, [e.message for e in errors]
    models = sorted((project / "skill-package" / "interactionModels" / "custom").glob("*.json"))
    assert [m.stem for m in models] == list(model_locales())
    check = validator(spec, "v1.skill.interactionModel.InteractionModelData")
    for path in models:
        errors = list(check.iter_errors(json.loads(path.read_text("utf-8"))))
        assert not errors, (path.name, [e.message for e in errors][:5])


def test_the_manifest_points_at_this_server_and_lists_what_certification_asks(project):
    skill = json.loads((project / "skill-package" / "skill.json").read_text("utf-8"))["manifest"]
    endpoint = {"uri": f"{BASE}/alexa", "sslCertificateType": "Trusted"}
    assert skill["apis"]["custom"]["endpoint"] == endpoint
    assert skill["events"]["endpoint"] == endpoint
    assert {"eventName": "SKILL_DISABLED"} in skill["events"]["subscriptions"]
    publishing = skill["publishingInformation"]
    for locale, listing in publishing["locales"].items():
        assert listing["summary"] and listing["description"] and listing["examplePhrases"]
        for phrase in listing["examplePhrases"]:
            assert phrase.startswith("Alexa, ") and invocation_name(locale) in phrase
        for key, size in (("smallIconUri", 108), ("largeIconUri", 512)):
            path = project / "skill-package" / listing[key].removeprefix("file://")
            with Image.open(path) as icon:
                assert (icon.format, icon.size) == ("PNG", (size, size))
        privacy = skill["privacyAndCompliance"]["locales"][locale]["privacyPolicyUrl"]
        assert privacy == f"{BASE}/privacy?locale={locale}"
    assert publishing["testingInstructions"] and publishing["category"]


def test_the_declared_screens_are_the_ones_the_render_tests_check(project):
    skill = json.loads((project / "skill-package" / "skill.json").read_text("utf-8"))["manifest"]
    interfaces = skill["apis"]["custom"]["interfaces"]
    [apl] = [i for i in interfaces if i["type"] == "ALEXA_PRESENTATION_APL"]
    declared = apl["supportedViewports"]

    def fits(size, viewport):
        width, height, shape = size
        return (
            viewport["shape"] == shape
            and viewport["minWidth"] <= width <= viewport["maxWidth"]
            and viewport["minHeight"] <= height <= viewport["maxHeight"]
        )

    for name, size in VIEWPORTS.items():
        assert any(fits(size, v) for v in declared), name
    for viewport in declared:
        assert any(fits(size, viewport) for size in VIEWPORTS.values()), viewport


def test_the_real_ask_cli_deploys_the_package(project):
    if not ASK.exists():
        pytest.fail("node_modules/.bin/ask is missing: run scripts/test (npm ci)")
    manifest_before = (project / "skill-package" / "skill.json").read_bytes()
    home = project.parent / "home"
    home.mkdir()
    with FakeSmapi() as smapi:
        env = {
            "PATH": os.environ["PATH"],
            "HOME": str(home),
            # The CLI's environment profile: all four must be set; AWS is never called.
            "ASK_ACCESS_TOKEN": "test-token",
            "ASK_VENDOR_ID": "MTESTVENDOR",
            "AWS_ACCESS_KEY_ID": "unused",
            "AWS_SECRET_ACCESS_KEY": "unused",
            "ASK_SMAPI_SERVER_BASE_URL": smapi.url,
            "ASK_SHARE_USAGE": "false",
        }
        result = subprocess.run(
            [str(ASK), "deploy", "--target", "skill-metadata"],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert smapi.imports == [
            {"location": f"{smapi.url}/upload/package", "vendorId": "MTESTVENDOR"}
        ]
        assert all(auth == "test-token" for _, _, auth in smapi.calls if auth)
        uploaded = zipfile.ZipFile(io.BytesIO(smapi.uploaded))
    names = set(uploaded.namelist())
    assert "skill.json" in names  # at the zip's root, as SMAPI expects
    for locale in model_locales():
        assert f"interactionModels/custom/{locale}.json" in names
    assert {"assets/images/icon-108.png", "assets/images/icon-512.png"} <= names
    assert uploaded.read("skill.json") == manifest_before
    states = json.loads((project / ".ask" / "ask-states.json").read_text("utf-8"))
    assert states["profiles"]["__ENVIRONMENT_ASK_PROFILE__"]["skillId"] == SKILL_ID
    # The CLI writes skill.json back after a deploy; ours is already in its format.
    assert (project / "skill-package" / "skill.json").read_bytes() == manifest_before


@pytest.mark.parametrize(
    ("base", "says"),
    [
        ("https://warmup.example.com/alexa", "has '/alexa' after the host"),
        ("http://warmup.example.com", "must be https"),
        ("warmup.example.com", "is not a web address"),
    ],
)
def test_a_wrong_address_is_one_line_and_a_non_zero_exit(tmp_path, base, says):
    command = Path(sys.executable).parent / "foot-warmup"
    env = {k: v for k, v in os.environ.items() if k != "PUBLIC_BASE_URL"}
    result = subprocess.run(
        [str(command), "skill-package", "--out", str(tmp_path / "p"), "--base-url", base],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1 and says in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert not (tmp_path / "p").exists()


def test_without_an_address_it_says_which_variable_to_set(tmp_path):
    command = Path(sys.executable).parent / "foot-warmup"
    env = {k: v for k, v in os.environ.items() if k != "PUBLIC_BASE_URL"}
    result = subprocess.run(
        [str(command), "skill-package"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 1 and "PUBLIC_BASE_URL is not set" in result.stderr


def test_writing_again_leaves_nothing_stale_and_keeps_the_clis_state(project):
    stale = project / "skill-package" / "interactionModels" / "custom" / "de-DE.json"
    stale.write_text("{}", "utf-8")
    state = project / ".ask" / "ask-states.json"
    state.parent.mkdir()
    state.write_text('{"profiles": {}}', "utf-8")
    write_project(project, BASE)
    assert not stale.exists() and state.read_text("utf-8") == '{"profiles": {}}'
    assert (project / "skill-package" / "skill.json").is_file()
