"""The web layer: every verification failure is a 400, audio is served only from the manifest."""

import json
import logging
from datetime import UTC, datetime, timedelta

import pytest
from mutagen.mp3 import MP3

from skill.config import ConfigError
from skill.core.manifest import ManifestError, load_manifest
from tests.envelopes import Conversation, body_bytes


@pytest.fixture
def launch_body():
    return body_bytes(Conversation().launch())


def post(client, body, headers):
    return client.post("/alexa", data=body, headers=headers)


def test_a_signed_launch_is_answered(client, authority, launch_body):
    response = post(client, launch_body, authority.headers(launch_body))
    assert response.status_code == 200
    assert "Exercise 1 of 6" in response.get_json()["response"]["outputSpeech"]["ssml"]


@pytest.mark.parametrize(
    "spoil",
    [
        lambda h: h.pop("Signature-256"),
        lambda h: h.pop("SignatureCertChainUrl"),
        lambda h: h.update({"Signature-256": "AAAA"}),
        lambda h: h.update({"Signature-256": "%%%"}),
        lambda h: h.update(
            {"SignatureCertChainUrl": "https://s3.amazonaws.com/invalid.path/echo-api.pem"}
        ),
        lambda h: h.update({"SignatureCertChainUrl": "http://s3.amazonaws.com/echo.api/x.pem"}),
        lambda h: h.update({"SignatureCertChainUrl": "https://evil.example/echo.api/x.pem"}),
        lambda h: h.update({"SignatureCertChainUrl": "https://s3.amazonaws.com/echo.api/x.pem"}),
    ],
    ids=[
        "no-signature",
        "no-cert-url",
        "wrong-signature",
        "bad-base64",
        "bad-path",
        "http",
        "other-host",
        "unfetchable",
    ],
)
def test_each_signature_failure_is_400(client, authority, launch_body, spoil):
    headers = authority.headers(launch_body)
    spoil(headers)
    response = post(client, launch_body, headers)
    assert response.status_code == 400
    assert response.get_json()["error"] == "bad request"


def test_a_tampered_body_is_400_even_when_it_no_longer_parses(client, authority, launch_body):
    headers = authority.headers(launch_body)
    assert post(client, launch_body.replace(b"Launch", b"Lunch"), headers).status_code == 400
    assert post(client, launch_body[:-5], headers).status_code == 400


def test_an_untrusted_chain_is_400(audio_dir, authority, launch_body, tmp_path):
    from skill.web.app import create_app
    from skill.web.verify import RequestVerifier
    from tests.alexa_signing import SigningAuthority
    from tests.conftest import BASE_URL
    from tests.envelopes import SKILL_ID

    # The app trusts another root than the one the signing chain ends in.
    stranger = SigningAuthority(root_key_index=1)
    verifier = RequestVerifier(trust_roots=[stranger.root], fetch_chain=authority.fetch)
    config = {"ALEXA_SKILL_ID": SKILL_ID, "PUBLIC_BASE_URL": BASE_URL, "AUDIO_DIR": str(audio_dir)}
    client = create_app(config, verifier=verifier, instance_path=str(tmp_path)).test_client()
    assert post(client, launch_body, authority.headers(launch_body)).status_code == 400


@pytest.mark.parametrize("age_s", [-200, 151, 3600])
def test_a_stale_or_future_timestamp_is_400(client, authority, age_s):
    when = datetime.now(UTC) - timedelta(seconds=age_s)
    body = body_bytes(Conversation().launch(now=when))
    assert post(client, body, authority.headers(body)).status_code == 400


def test_a_request_for_another_skill_is_400_and_the_log_names_both_ids(client, authority, caplog):
    from tests.envelopes import SKILL_ID

    caplog.set_level(logging.INFO, logger="skill")
    body = body_bytes(Conversation(skill_id="amzn1.ask.skill.someone-else").launch())
    response = post(client, body, authority.headers(body))
    assert response.status_code == 400 and response.get_json() == {"error": "bad request"}
    # The host with a wrong ALEXA_SKILL_ID sees which ID arrived; the caller sees nothing.
    assert f"'amzn1.ask.skill.someone-else', expected '{SKILL_ID}'" in caplog.text
    ours = body_bytes(Conversation().launch())
    assert post(client, ours, authority.headers(ours)).status_code == 200
    assert "answered LaunchRequest en-US" in caplog.text  # each answered request, one line


def test_skill_id_is_checked_even_with_verification_off(make_app):
    client = make_app(ALEXA_VERIFY_REQUESTS="false").test_client()
    ours = body_bytes(Conversation().launch())
    theirs = body_bytes(Conversation(skill_id="amzn1.ask.skill.someone-else").launch())
    assert client.post("/alexa", data=ours).status_code == 200
    assert client.post("/alexa", data=theirs).status_code == 400


@pytest.mark.parametrize(
    "body",
    [b"", b"not json", b"[]", b'{"version": "1.0"}', b'{"request": "LaunchRequest"}', b"\xff\xfe"],
)
def test_bodies_that_are_not_envelopes_are_400(client, authority, body):
    assert post(client, body, authority.headers(body)).status_code == 400


def test_an_oversized_body_is_400(client, authority):
    body = b'{"pad": "' + b"x" * 200_000 + b'"}'
    assert post(client, body, authority.headers(body)).status_code == 400


def test_get_on_the_endpoint_is_not_allowed(client):
    assert client.get("/alexa").status_code == 405


def test_the_chain_is_fetched_once_for_many_requests(make_app, authority, launch_body):
    client = make_app().test_client()
    before = len(authority.fetches)
    for _ in range(5):
        body = body_bytes(Conversation().launch())
        assert post(client, body, authority.headers(body)).status_code == 200
    assert len(authority.fetches) - before == 1


# -- audio ------------------------------------------------------------------------------


def test_manifest_audio_is_served_as_mpeg_with_long_caching(client, audio_dir):
    manifest = load_manifest(audio_dir, "en-US")
    path = manifest.part("quick", 5, 0).path
    with client.get(f"/audio/{path}") as response:
        assert response.status_code == 200
        assert response.mimetype == "audio/mpeg"
        assert response.cache_control.max_age == 365 * 24 * 3600
        assert response.cache_control.immutable
        assert response.data == (audio_dir / path).read_bytes()


@pytest.mark.parametrize(
    "path",
    [
        "en-US/manifest.json",
        "en-US/standard/nope.mp3",
        "../pyproject.toml",
        "en-US/../../etc/passwd",
        "%2e%2e/%2e%2e/etc/passwd",
        ".cache/speech",
        "",
    ],
)
def test_anything_not_in_the_manifest_is_404(client, path):
    assert client.get(f"/audio/{path}").status_code == 404


def test_audio_urls_come_from_configuration_not_the_host_header(client, authority, launch_body):
    headers = {**authority.headers(launch_body), "Host": "evil.example", "X-Forwarded-Host": "x"}
    ssml = post(client, launch_body, headers).get_json()["response"]["outputSpeech"]["ssml"]
    assert "https://warmup.example.com/audio/en-US/standard/" in ssml
    assert "evil" not in ssml


def test_healthz(client, audio_dir):
    data = client.get("/healthz").get_json()
    listed = len(load_manifest(audio_dir, "en-US").paths())  # 13 parts and 6 intros
    assert (
        data["status"] == "ok" and data["audio_files"] == listed == 59 and data["verify_requests"]
    )


# -- start-up ---------------------------------------------------------------------------


def test_start_up_fails_closed_without_a_skill_id(make_app):
    with pytest.raises(ConfigError, match="ALEXA_SKILL_ID"):
        make_app(ALEXA_SKILL_ID="")


def test_start_up_without_audio_says_how_to_build_it(make_app, tmp_path):
    with pytest.raises(ManifestError, match="foot-warmup build-audio"):
        make_app(AUDIO_DIR=str(tmp_path))


def test_start_up_with_audio_from_another_routine_version_says_rebuild(
    make_app, tmp_path, audio_dir
):
    manifest = json.loads((audio_dir / "en-US" / "manifest.json").read_text())
    manifest["routine_version"] = "something-older"
    (tmp_path / "en-US").mkdir()
    (tmp_path / "en-US" / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ConfigError, match="Rebuild it"):
        make_app(AUDIO_DIR=str(tmp_path))


def test_development_mode_warns_loudly(make_app, caplog):
    caplog.set_level(logging.WARNING, logger="skill")
    make_app(ALEXA_VERIFY_REQUESTS="false")
    assert "NOT checked" in caplog.text


def test_every_served_file_is_valid_for_alexa(client, audio_dir):
    for path in sorted(load_manifest(audio_dir, "en-US").paths()):
        with client.get(f"/audio/{path}") as response:
            assert response.status_code == 200
            assert response.data == (audio_dir / path).read_bytes()
        info = MP3(audio_dir / path).info
        assert (info.version, info.bitrate) == (2, 48_000)


def test_healthz_is_503_naming_the_missing_audio(make_app, audio_dir, tmp_path):
    import shutil

    copy = tmp_path / "audio"
    shutil.copytree(audio_dir, copy)
    manifest = load_manifest(copy, "en-US")
    gone = manifest.part("quick", 2, 0).path
    (copy / gone).unlink()
    response = make_app(AUDIO_DIR=str(copy)).test_client().get("/healthz")
    assert response.status_code == 503
    data = response.get_json()
    assert data["missing"] == [gone] and "foot-warmup build-audio" in data["fix"]


def test_audio_urls_point_at_the_cdn_when_one_is_set(make_app, authority):
    from tests.conftest import Alexa

    app = make_app(AUDIO_BASE_URL="https://cdn.example.com/foot-warmup")
    data = Alexa(app.test_client(), authority).launch()
    ssml = data["response"]["outputSpeech"]["ssml"]
    assert '<audio src="https://cdn.example.com/foot-warmup/en-US/standard/' in ssml
    assert app.test_client().get("/healthz").status_code == 200
