"""The `foot-warmup` command: build the audio (and, later, talk to the skill)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from skill.audio.engines import ENGINE_NAMES, SpeechEngineError, make_engine
from skill.core.routine import PACES, RoutineError
from skill.core.routine_file import load_routine
from skill.core.timeline import TimelineError
from skill.publish.commands import images_command, skill_package_command


@click.group()
def main() -> None:
    """Foot Warm Up: an Alexa skill that paces runners through a barefoot foot warm-up.

    Settings come from the environment, and from a .env file (current folder or above) for
    anything the environment leaves unset.
    """
    from skill.web.server import read_dotenv

    read_dotenv()


def _fail(message: str) -> None:
    click.echo(click.style("error: ", fg="red", bold=True) + message, err=True)
    sys.exit(1)


@main.command("build-audio")
@click.option(
    "--engine",
    type=click.Choice(ENGINE_NAMES),
    default=lambda: os.environ.get("TTS_ENGINE", "auto"),
    show_default="$TTS_ENGINE or auto",
    help="Voice: gtts needs the network; espeak and piper work offline; auto picks.",
)
@click.option(
    "--pace",
    type=click.Choice([*PACES, "all"]),
    default="all",
    show_default=True,
    help="Which pace to build.",
)
@click.option("--locale", default="en-US", show_default=True, help="Language and accent.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=lambda: os.environ.get("AUDIO_DIR", "audio"),
    show_default="$AUDIO_DIR or audio",
    help="Where the MP3s and manifest go.",
)
@click.option(
    "--routine",
    "routine_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="A routine file to use instead of the built-in one.",
)
def build_audio_command(
    engine: str, pace: str, locale: str, out: Path, routine_file: Path | None
) -> None:
    """Turn the routine into timed MP3s and the manifest the skill serves from."""
    from skill.audio.build import AudioBuildError, build_audio

    paces = PACES if pace == "all" else (pace,)
    try:
        routine = load_routine(routine_file)
        voice = make_engine(engine, locale, notice=lambda line: click.echo(line, err=True))
        if sys.stdout.isatty():
            with click.progressbar(length=1, label=f"Building audio ({voice.name})") as bar:

                def show(done: int, total: int, what: str) -> None:
                    bar.length = total
                    bar.update(done - bar.pos)

                report = build_audio(
                    routine, voice, out_dir=out, locale=locale, paces=paces, progress=show
                )
        else:

            def show(done: int, total: int, what: str) -> None:
                click.echo(f"[{done}/{total}] {what}")

            report = build_audio(
                routine, voice, out_dir=out, locale=locale, paces=paces, progress=show
            )
    except (RoutineError, TimelineError, SpeechEngineError, AudioBuildError) as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"cannot write the audio to {out}: {exc}")
    click.echo(
        f"Audio ready in {out}/{locale}: {report.parts} parts ({report.parts_built} built, "
        f"{report.parts_reused} unchanged), {report.audio_ms / 60000:.1f} min of audio, "
        f"{report.phrases_synthesised} phrases spoken by {report.engine}, "
        f"{report.seconds:.2f} s."
    )
    if report.loudness:
        levels = [lufs for lufs, _ in report.loudness.values()]
        peak = max(peak for _, peak in report.loudness.values())
        click.echo(
            f"{len(levels)} files written, measured after decoding: {min(levels):.1f} to "
            f"{max(levels):.1f} LUFS (Amazon asks -14), true peak at most {peak:.1f} dBTP."
        )


@main.command("serve")
@click.option(
    "--host",
    default=lambda: os.environ.get("HOST", "127.0.0.1"),
    show_default="$HOST or 127.0.0.1",
    help="Address to listen on (0.0.0.0: all).",
)
@click.option("--port", default=None, show_default="$PORT or 8000", help="Port to listen on.")
@click.option(
    "--threads",
    default=lambda: int(os.environ.get("WEB_THREADS", "8")),
    show_default="$WEB_THREADS or 8",
    type=int,
    help="Requests handled at once.",
)
def serve_command(host: str, port: str | None, threads: int) -> None:
    """Serve the skill (settings from the environment and .env), as scripts/run and the
    Procfile do."""
    import logging

    from skill.web.server import StartError, build_app, port_from, serve

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)  # its start-up chatter is noise
    try:
        number = port_from(port)
        app = build_app()
        click.echo(f"Foot Warm Up is listening on http://{host}:{number}/alexa", err=True)
        serve(app, host, number, threads)
    except StartError as exc:
        _fail(str(exc))


@main.command("chat")
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
    "--model",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Interaction model (default: interaction_models/en-US.json).",
)
def chat_command(
    url: str | None, play_audio: bool, debug: bool, user: str, model: Path | None
) -> None:
    """Type what you would say to Alexa; see what the skill answers."""
    import logging

    from skill.chat.device import ServerRefused, Session, http_transport
    from skill.chat.loop import Chat
    from skill.chat.matcher import UtteranceMatcher, default_model_path, load_model
    from skill.chat.transcript import find_player, play

    model_path = model or default_model_path()
    try:
        matcher = UtteranceMatcher(load_model(model_path))
    except (OSError, ValueError, KeyError) as exc:
        _fail(f"cannot read the interaction model {model_path}: {exc}")
    if not debug:
        logging.getLogger("skill").setLevel(logging.ERROR)

    manifest = None
    audio_dir: Path | None = None
    store = None
    skill_id = os.environ.get("ALEXA_SKILL_ID") or "amzn1.ask.skill.chat"
    if url:
        send = http_transport(url)
    else:
        app = _local_app()
        shared = app.extensions["foot_warmup"]
        manifest, audio_dir, store = shared.manifest, shared.settings.audio_dir, shared.store
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

    session = Session(skill_id=skill_id, user_id=user)
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
            _fail(f"cannot reach {url}: {exc}")
    chat.finish()


def _local_app():
    """The skill in this process: development settings, and the audio built if it is missing."""
    from skill.audio.build import build_audio
    from skill.audio.engines import EspeakEngine
    from skill.config import ConfigError, load_settings
    from skill.core.manifest import ManifestError, load_manifest
    from skill.web.app import create_app

    env = {**os.environ, "ALEXA_VERIFY_REQUESTS": "false"}
    try:
        settings = load_settings(env)
        routine = load_routine()
        try:
            stale = (
                load_manifest(settings.audio_dir, settings.locale).routine_version
                != routine.version
            )
        except ManifestError:
            stale = True
        if stale:
            click.echo("(building the audio with the offline voice first: a few seconds)", err=True)
            build_audio(routine, EspeakEngine(settings.locale), out_dir=settings.audio_dir)
        return create_app(env)
    except (ConfigError, RoutineError, SpeechEngineError) as exc:
        _fail(str(exc))


if __name__ == "__main__":
    main()


main.add_command(skill_package_command)
main.add_command(images_command)
