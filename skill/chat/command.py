"""`foot-warmup chat`: the terminal loop, in process or against a running server."""

from __future__ import annotations

import os
import sys
import urllib.parse
from pathlib import Path

import click

from skill.audio.engines import SpeechEngineError
from skill.core.locales import LOCALES
from skill.core.routine import RoutineError
from skill.core.routine_file import load_routine


def _fail(message: str) -> None:
    click.echo(click.style("error: ", fg="red", bold=True) + message, err=True)
    sys.exit(1)


@click.command("chat")
@click.option(
    "--url", default=None, help="Talk to a running server instead, e.g. http://127.0.0.1:8000/alexa"
)
@click.option(
    "--play", "play_audio", is_flag=True, help="Play the audio where a player is installed."
)
@click.option(
    "--debug", is_flag=True, help="Show each request's intent, the session and what is stored."
)
@click.option("--user", default="amzn1.ask.account.CHAT", show_default=True, help="Alexa user ID.")
@click.option(
    "--locale",
    type=click.Choice(LOCALES),
    default="en-US",
    show_default=True,
    help="The device's language: its voice model, words and audio.",
)
@click.option(
    "--model",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Interaction model (default: interaction_models/<locale>.json).",
)
def chat_command(
    url: str | None, play_audio: bool, debug: bool, user: str, locale: str, model: Path | None
) -> None:
    """Type what you would say to Alexa; see what the skill answers."""
    import logging

    from skill.chat.device import ServerRefused, Session, http_transport
    from skill.chat.loop import Chat
    from skill.chat.matcher import UtteranceMatcher, default_model_path, load_model
    from skill.chat.transcript import find_player, play

    model_path = model or default_model_path(locale)
    try:
        matcher = UtteranceMatcher(load_model(model_path), locale)
    except (OSError, ValueError, KeyError) as exc:
        _fail(f"cannot read the interaction model {model_path}: {exc}")
    if not debug:
        logging.getLogger("skill").setLevel(logging.ERROR)

    manifest = None
    audio_dir: Path | None = None
    store = None
    skill_id = os.environ.get("ALEXA_SKILL_ID") or "amzn1.ask.skill.chat"
    if url:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            _fail(f"--url {url} is not a web address: use one like http://127.0.0.1:8000/alexa")
        send = http_transport(url)
    else:
        app = _local_app(locale)
        shared = app.extensions["foot_warmup"]
        manifest, audio_dir, store = (
            shared.coaches[locale].manifest,
            shared.settings.audio_dir,
            shared.store,
        )
        skill_id = shared.settings.skill_id or skill_id
        client = app.test_client()

        def send(envelope: dict) -> dict:
            response = client.post("/alexa", json=envelope)
            if response.status_code != 200:
                raise click.ClickException(f"the skill answered HTTP {response.status_code}")
            return response.get_json()

    machine_player = find_player() if play_audio else None
    if play_audio and machine_player is None:
        click.echo("(no MP3 player found: install mpg123, ffmpeg, mpv or sox to hear the audio)")

    def hear(audio_url: str) -> None:
        target = audio_url
        if audio_dir is not None and "/audio/" in audio_url:
            target = str(audio_dir / audio_url.split("/audio/", 1)[1])
        play(machine_player, target)

    session = Session(skill_id=skill_id, user_id=user, locale=locale)
    chat = Chat(
        send,
        matcher,
        session,
        manifest,
        click.echo,
        debug=debug,
        stored=(lambda: store.load(user)) if store is not None else None,
        hear=hear if machine_player is not None else None,
    )
    interactive = sys.stdin.isatty()
    if interactive:
        click.echo('Say something, e.g. "start my foot warm up". Ctrl-D to leave.')
    while True:
        try:
            line = input("you> ") if interactive else sys.stdin.readline()
        except EOFError:
            break
        if not interactive and not line:
            break
        line = line.strip()
        if not line:
            chat.play_on()  # a blank line lets a hands-free stream play on
            continue
        if not interactive:
            click.echo(f"you> {line}")
        try:
            chat.say(line)
        except ServerRefused as exc:
            _fail(str(exc))
        except OSError as exc:
            _fail(unreachable(url or "", exc))
    chat.finish()


def unreachable(url: str, exc: OSError) -> str:
    """Why a server could not be reached, and what to try."""
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, ConnectionRefusedError):
        return f"nothing answers at {url}: is the server running? (scripts/run starts one)"
    if url.startswith("https:") and ("SSL" in str(reason) or "timed out" in str(reason)):
        plain = "http:" + url[len("https:") :]
        return f"cannot reach {url} over https ({reason}); a local server speaks http: try {plain}"
    return f"cannot reach {url}: {reason}"


def _local_app(locale: str = "en-US"):
    """The skill in this process: development settings, and the locale's audio built if it is
    missing."""
    from skill.audio.build import build_audio
    from skill.audio.engines import EspeakEngine
    from skill.config import ConfigError, load_settings
    from skill.core.manifest import ManifestError, load_manifest
    from skill.web.app import create_app

    env = {**os.environ, "ALEXA_VERIFY_REQUESTS": "false"}
    try:
        settings = load_settings(env)
        routine = load_routine(locale=locale)
        try:
            stale = load_manifest(settings.audio_dir, locale).routine_version != routine.version
        except ManifestError:
            stale = True
        if stale:
            click.echo("(building the audio with the offline voice first: a few seconds)", err=True)
            build_audio(routine, EspeakEngine(locale), out_dir=settings.audio_dir, locale=locale)
        return create_app(env)
    except (ConfigError, RoutineError, SpeechEngineError) as exc:
        _fail(str(exc))
