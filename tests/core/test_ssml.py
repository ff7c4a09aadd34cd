"""SSML building: escaping and every Alexa limit enforced."""

import pytest

from skill.core.ssml import Speech, SpeechLimitError, reprompt


def test_text_is_escaped_and_whitespace_folded():
    ssml = Speech().say("Rocks & roots <fast>\n  ahead").ssml()
    assert ssml == "Rocks &amp; roots &lt;fast&gt; ahead"


def test_audio_tags_are_counted_and_capped_at_five():
    speech = Speech()
    for n in range(5):
        speech.play(f"https://example.com/audio/{n}.mp3", 1000)
    assert speech.ssml().count("<audio ") == 5
    with pytest.raises(SpeechLimitError, match="more than 5"):
        speech.play("https://example.com/audio/6.mp3", 1000)


def test_audio_total_is_capped_at_240_s_and_90_s_in_a_reprompt():
    Speech().play("https://example.com/a.mp3", 240_000)
    with pytest.raises(SpeechLimitError, match="240"):
        Speech().play("https://example.com/a.mp3", 200_000).play(
            "https://example.com/b.mp3", 41_000
        )
    with pytest.raises(SpeechLimitError, match="90"):
        reprompt().play("https://example.com/a.mp3", 90_001)


def test_character_limit_counts_the_speak_wrapper():
    Speech().say("a" * (8000 - len("<speak></speak>"))).ssml()
    with pytest.raises(SpeechLimitError, match="8000"):
        Speech().say("a" * (8001 - len("<speak></speak>"))).ssml()


def test_audio_url_must_be_absolute_and_is_quoted():
    with pytest.raises(SpeechLimitError):
        Speech().play("/audio/a.mp3", 1000)
    ssml = Speech().play('https://example.com/a.mp3?x="y"&z', 1000).ssml()
    assert ssml == "<audio src='https://example.com/a.mp3?x=\"y\"&amp;z'/>"
