"""The publishing commands: `foot-warmup skill-package` and `foot-warmup images`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click


def _fail(message: str) -> None:
    click.echo(click.style("error: ", fg="red", bold=True) + message, err=True)
    sys.exit(1)


@click.command("skill-package")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("skill-project"),
    show_default=True,
    help="Folder for the ASK CLI project (run `ask deploy` there).",
)
@click.option(
    "--base-url",
    default=None,
    show_default="$PUBLIC_BASE_URL",
    help="The https address Alexa reaches this server at.",
)
def skill_package_command(out: Path, base_url: str | None) -> None:
    """Write an ASK CLI project that points the skill at this server."""
    from skill.config import ConfigError
    from skill.publish.package import write_project

    base_url = base_url or os.environ.get("PUBLIC_BASE_URL", "")
    if not base_url.strip():
        _fail(
            "PUBLIC_BASE_URL is not set: set it (or pass --base-url) to the https address "
            "Alexa reaches this server at, e.g. https://warmup.example.com"
        )
    try:
        written = write_project(out, base_url)
    except ConfigError as exc:
        _fail(str(exc))
    click.echo(f"Wrote {len(written)} files to {out}/. To create or update the skill:")
    click.echo(f"  cd {out} && ask deploy")
    click.echo(
        "(first time: npm ci in this project, then node_modules/.bin/ask configure "
        "--no-browser; the README says why not npm install -g)"
    )


@click.command("images")
def images_command() -> None:
    """Redraw the skill's pictures (icons, now-playing art, background) into the project."""
    try:
        from skill.publish.images import write_pictures

        for path in write_pictures():
            click.echo(f"wrote {path}")
    except ImportError:
        _fail("drawing the pictures needs Pillow: pip install -e '.[dev]'")
