"""The `foot-warmup` command: build the audio (and, later, talk to the skill)."""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

import click

from skill.audio.engines import ENGINE_NAMES, SpeechEngine, SpeechEngineError, make_engine
from skill.chat.command import chat_command
from skill.core.locales import LOCALES
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
@click.option(
    "--locale",
    type=click.Choice([*LOCALES, "all"]),
    default="all",
    show_default=True,
    help="Which locale's words and voice (all: every locale the skill speaks).",
)
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
    from skill.audio import engines

    paces = PACES if pace == "all" else (pace,)
    # Google is asked once, and a notice about the voice said once, however many locales.
    reachable = cache(lambda: engines.google_reachable())
    notice = cache(lambda line: click.echo(line, err=True))
    for each in LOCALES if locale == "all" else (locale,):
        try:
            voice = make_engine(engine, each, reachable=reachable, notice=notice)
        except SpeechEngineError as exc:
            _fail(f"{each}: {exc}")
        _build_locale(voice, paces, each, out, routine_file)


def _build_locale(
    voice: SpeechEngine, paces: tuple[str, ...], locale: str, out: Path, routine_file: Path | None
) -> None:
    from skill.audio.build import AudioBuildError, build_audio

    try:
        routine = load_routine(routine_file, locale)
        if sys.stdout.isatty():
            label = f"Building {locale} audio ({voice.name})"
            with click.progressbar(length=1, label=label) as bar:

                def show(done: int, total: int, what: str) -> None:
                    bar.length = total
                    bar.update(done - bar.pos)

                report = build_audio(
                    routine, voice, out_dir=out, locale=locale, paces=paces, progress=show
                )
        else:

            def show(done: int, total: int, what: str) -> None:
                click.echo(f"[{locale} {done}/{total}] {what}")

            report = build_audio(
                routine, voice, out_dir=out, locale=locale, paces=paces, progress=show
            )
    except (RoutineError, TimelineError, SpeechEngineError, AudioBuildError) as exc:
        _fail(f"{locale}: {exc}")
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
    "--threads", default=None, show_default="$WEB_THREADS or 8", help="Requests handled at once."
)
def serve_command(host: str, port: str | None, threads: str | None) -> None:
    """Serve the skill (settings from the environment and .env), as scripts/run and the
    Procfile do."""
    import logging

    from skill.web.server import StartError, build_app, port_from, serve, threads_from

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)  # its start-up chatter is noise
    try:
        number, workers = port_from(port), threads_from(threads)
        app = build_app()
        serve(app, host, number, workers)
    except StartError as exc:
        _fail(str(exc))


if __name__ == "__main__":
    main()


main.add_command(chat_command)
main.add_command(skill_package_command)
main.add_command(images_command)
