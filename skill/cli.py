"""The `foot-warmup` command: build the audio (and, later, talk to the skill)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from skill.routine import PACES, RoutineError, load_routine
from skill.speech_engines import ENGINE_NAMES, SpeechEngineError, make_engine
from skill.timeline import TimelineError


@click.group()
def main() -> None:
    """Foot Warm Up: an Alexa skill that paces runners through a barefoot foot warm-up."""


def _fail(message: str) -> None:
    click.echo(click.style("error: ", fg="red", bold=True) + message, err=True)
    sys.exit(1)


@main.command("build-audio")
@click.option(
    "--engine",
    type=click.Choice(ENGINE_NAMES),
    default="auto",
    show_default=True,
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
    from skill.audio_build import AudioBuildError, build_audio

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


if __name__ == "__main__":
    main()
