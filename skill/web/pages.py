"""Pages for people rather than Alexa: the privacy page the skill's store listing links to."""

from __future__ import annotations

from html import escape

from flask import Blueprint, Response, current_app, request

from skill.core.listing import listing_locales, load_listing

pages_blueprint = Blueprint("pages", __name__)

PAGE = """<!doctype html>
<html lang="{lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>body{{font:17px/1.5 system-ui,sans-serif;max-width:40em;margin:2em auto;padding:0 1em;
color:#10293f}}h1{{font-size:1.6em}}h2{{font-size:1.15em;margin-top:1.6em}}</style></head>
<body>
<h1>{title}</h1>
<p>{intro}</p>
<h2>{kept_heading}</h2>
<ul>{kept}</ul>
<h2>{not_kept_heading}</h2>
<p>{not_kept}</p>
<h2>{delete_heading}</h2>
<ul>{delete}</ul>
<h2>{host_heading}</h2>
<p>{host}</p>
<p><code>{address}</code></p>
</body>
</html>
"""


@pages_blueprint.get("/privacy")
def privacy() -> Response:
    """What is kept about a runner, and how to delete it, in the listing's language."""
    locale = request.args.get("locale", "en-US")
    if locale not in listing_locales():
        locale = "en-US"
    words = load_listing(locale).privacy

    def items(lines: tuple[str, ...]) -> str:
        return "".join(f"<li>{escape(line)}</li>" for line in lines)

    html = PAGE.format(
        lang=escape(locale.split("-")[0]),
        title=escape(words.title),
        intro=escape(words.intro),
        kept_heading=escape(words.kept_heading),
        kept=items(words.kept),
        not_kept_heading=escape(words.not_kept_heading),
        not_kept=escape(words.not_kept),
        delete_heading=escape(words.delete_heading),
        delete=items(words.delete),
        host_heading=escape(words.host_heading),
        host=escape(words.host),
        # From the settings, never from the request's Host header.
        address=escape(current_app.extensions["foot_warmup"].settings.public_base_url),
    )
    return Response(html, mimetype="text/html")
