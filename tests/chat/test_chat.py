"""`foot-warmup chat`: typed lines resolve like a device's, and a whole routine reads right."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from skill.chat.matcher import UtteranceMatcher, default_model_path, load_model
from skill.cli import main

MATCHER = UtteranceMatcher(load_model(default_model_path()))


@pytest.mark.parametrize(
    ("line", "request_type", "intent", "slots"),
    [
        ("start my foot warm up", "LaunchRequest", None, None),
        ("Alexa, open foot warm up", "LaunchRequest", None, None),
        ("I'm done!", "IntentRequest", "NextExerciseIntent", {}),
        ("next", "IntentRequest", "AMAZON.NextIntent", {}),
        ("What's next?", "IntentRequest", "WhatsNextIntent", {}),
        ("done with this one", "IntentRequest", "AMAZON.FallbackIntent", {}),  # not "do {x}"
        ("next please", "IntentRequest", "NextExerciseIntent", {}),
        (
            "go to pogo hops",
            "IntentRequest",
            "GoToExerciseIntent",
            {"exercise": ("pogo hops", "pogo_hops")},
        ),
        (
            "jump to the arch",
            "IntentRequest",
            "GoToExerciseIntent",
            {"exercise": ("the arch", None)},
        ),
        ("do the quick version", "IntentRequest", "ChangePaceIntent", {"pace": ("quick", "quick")}),
        (
            "I don't have a spiky ball",
            "IntentRequest",
            "LeaveOutEquipmentIntent",
            {"equipment": ("spiky ball", "massage_ball")},
        ),
        ("ask foot warm up how many are left", "IntentRequest", "ProgressIntent", {}),
        ("tell foot warm up to forget my history", "IntentRequest", "ForgetHistoryIntent", {}),
        ("how do I do this one", "IntentRequest", "HowToIntent", {}),
        ("yes", "IntentRequest", "AMAZON.YesIntent", {}),
        ("purple monkey dishwasher", "IntentRequest", "AMAZON.FallbackIntent", {}),
        # A bare "skip" is AMAZON.NextIntent's own (so says virtual-alexa); "skip it" is ours.
        ("skip", "IntentRequest", "AMAZON.NextIntent", {}),
        ("skip it", "IntentRequest", "SkipExerciseIntent", {}),
        ("the next one", "IntentRequest", "NextExerciseIntent", {}),
        (
            "play the quick version",
            "IntentRequest",
            "ChangePaceIntent",
            {"pace": ("quick", "quick")},
        ),
        ("thanks", "IntentRequest", "ThanksIntent", {}),
        ("thanks bye", "IntentRequest", "EndIntent", {}),
    ],
)
def test_lines_resolve_as_a_device_would(line, request_type, intent, slots):
    match = MATCHER.match(line)
    assert (match.request_type, match.intent, match.slots) == (request_type, intent, slots)


SCRIPT = """\
start my foot warm up
do the quick version
how do I do this one
I'm done
ready
where am I
finished
hula hoop now
next
I'm ready for the next one
all done
"""


def run_chat(audio_dir, tmp_path, script, *args):
    env = {
        "AUDIO_DIR": str(audio_dir),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'chat.sqlite3'}",
        "ALEXA_SKILL_ID": "",
    }
    result = CliRunner().invoke(main, ["chat", *args], input=script, env=env)
    assert result.exit_code == 0, result.output
    return result.output


def test_a_scripted_chat_reads_as_the_whole_routine(audio_dir, tmp_path):
    transcript = run_chat(audio_dir, tmp_path, SCRIPT)
    turns = transcript.split("you> ")[1:]
    assert len(turns) == 11
    said = {t.splitlines()[0]: "\n".join(t.splitlines()[1:]) for t in turns}

    assert "Exercise 1 of 6: plantar massage" in said["start my foot warm up"]
    assert "[audio 3:24: plantar massage, left foot]" in said["start my foot warm up"]
    quick = said["do the quick version"]
    assert "Okay, the quick warm up." in quick
    assert "[audio 2:38: plantar massage, left foot then right foot]" in quick
    assert "0:00  Left foot. Get set." in quick and "Switch to your right foot." in quick
    assert "Roll the textured ball" in said["how do I do this one"]
    assert "Exercise 2 of 6: big toe mobility" in said["I'm done"]
    assert "Exercise 3 of 6: short foot" in said["ready"]
    assert "You're on short foot, exercise 3 of 6. Three more after this one." in said["where am I"]
    assert "Exercise 4 of 6: toe yoga" in said["finished"]
    assert "Sorry, I didn't catch that" in said["hula hoop now"]
    assert "Exercise 5 of 6: single leg balance" in said["next"]
    last = said["I'm ready for the next one"]
    assert "Exercise 6 of 6: pogo hops" in last and "Hop!" in last
    assert "All six, done" in said["all done"] and "(the session has ended)" in said["all done"]
    assert "<" not in transcript  # no SSML leaks into the transcript


def test_debug_shows_intents_session_and_store_then_finish_is_recorded(audio_dir, tmp_path):
    script = "do the quick version\n" + "next\n" * 6
    transcript = run_chat(audio_dir, tmp_path, script, "--debug")
    assert "[IntentRequest ChangePaceIntent {'pace': ('quick', 'quick')}]" in transcript
    assert '[stored: {"position"' in transcript
    assert "All six, done" in transcript and "(the session has ended)" in transcript
    stored = [line for line in transcript.splitlines() if line.strip().startswith("[stored:")]
    assert json.loads(stored[-1].strip()[len("[stored: ") : -1])["history"][0]["pace"] == "quick"


def test_chat_runs_as_the_installed_command(audio_dir, tmp_path):
    script = Path(sys.executable).parent / "foot-warmup"
    env = {
        "AUDIO_DIR": str(audio_dir),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'c.sqlite3'}",
        "PATH": str(Path(sys.executable).parent),
    }
    result = subprocess.run(
        [str(script), "chat"],
        input="start my foot warm up\nstop\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "alexa> Okay. You stopped at plantar massage, left foot." in result.stdout


def test_play_hands_each_clip_to_the_machines_player(audio_dir, tmp_path, monkeypatch):
    """A stand-in mpg123 on PATH records what it is asked to play."""
    played = tmp_path / "played.txt"
    player = tmp_path / "bin" / "mpg123"
    player.parent.mkdir()
    player.write_text(f'#!/bin/sh\necho "$@" >> {played}\n')
    player.chmod(0o755)
    monkeypatch.setenv("PATH", str(player.parent))
    run_chat(audio_dir, tmp_path, "start my foot warm up\nstop\n", "--play")
    [line] = played.read_text().splitlines()
    target = line.split()[-1]
    assert target.startswith(str(audio_dir)) and target.endswith(".mp3")
    assert Path(target).exists()


def test_chat_talks_to_a_running_server_with_url(audio_dir, tmp_path):
    from tests.servers import free_port, start_server, stop_server

    port = free_port()
    env = {"AUDIO_DIR": str(audio_dir), "DATABASE_URL": f"sqlite:///{tmp_path / 's.sqlite3'}"}
    server = start_server(env, port)
    try:
        result = CliRunner().invoke(
            main,
            ["chat", "--url", f"http://127.0.0.1:{port}/alexa"],
            input="start my foot warm up\nwhere am I\nstop\n",
        )
    finally:
        stop_server(server)
    assert result.exit_code == 0, result.output
    assert "Exercise 1 of 6: plantar massage" in result.output
    assert "You're on plantar massage, left foot, exercise 1 of 6." in result.output
    assert "You stopped at plantar massage, left foot." in result.output


def test_chat_says_clearly_when_the_server_is_not_there():
    from tests.servers import free_port

    result = CliRunner().invoke(
        main, ["chat", "--url", f"http://127.0.0.1:{free_port()}/alexa"], input="help\n"
    )
    assert result.exit_code == 1
    assert "nothing answers at" in result.output and "is the server running?" in result.output
    bare = CliRunner().invoke(main, ["chat", "--url", "127.0.0.1:8000/alexa"], input="help\n")
    assert bare.exit_code == 1 and "is not a web address: use one like http://" in bare.output


HANDS_FREE_SCRIPT = """\
make it quick
pause
play it hands free

how many are left
which foot
pause
resume
next
step by step
next
"""


def test_hands_free_in_chat_plays_the_devices_part(audio_dir, tmp_path):
    transcript = run_chat(audio_dir, tmp_path, HANDS_FREE_SCRIPT, "--debug")
    turns = ["\n".join(t.splitlines()[1:]) for t in transcript.split("you> ")[1:]]
    # Paused before the massage was done, so hands free plays it from the top.
    (quick, held, started, asked, foot, pause, resume, skip, guided, after) = turns
    assert "Take your time" in held
    assert "Hands free from plantar massage" in started
    assert "[AudioPlayer.PlaybackStarted]" in started
    assert "[playing 2:38: Plantar massage, Left foot then right foot, 1 of 6]" in started
    # The blank line let the massage play out: nearly finished queued big toe's intro.
    assert "[playing 0:" in started and "Big toe mobility, Getting ready, 2 of 6" in started
    assert "You're on big toe mobility, exercise 2 of 6" in asked
    assert "(the audio carries on)" in asked
    assert "Left foot now. Then the right foot." in foot
    assert "[AudioPlayer.PlaybackStopped]" in pause
    assert "Picking up big toe mobility" in resume
    assert "[playing 1:18: Big toe mobility, Left foot then right foot, 2 of 6]" in skip
    assert "Okay, step by step." in guided and "[audio 1:18: big toe mobility" in guided
    assert "Exercise 3 of 6: short foot" in after and "[playing" not in after
    stored = [line for line in transcript.splitlines() if line.strip().startswith("[stored:")]
    assert json.loads(stored[-1].strip()[len("[stored: ") : -1])["mode"] == "guided"


def test_a_chat_stream_plays_out_at_the_end_of_input(audio_dir, tmp_path):
    transcript = run_chat(audio_dir, tmp_path, "make it quick\nplay the rest hands free\n")
    # The massage played guided; five intros and parts, then the finish and the tally.
    assert transcript.count("[playing") == 12
    assert "That's your first warm up this week" in transcript
    assert transcript.rstrip().endswith("(the stream has ended)")


def test_chat_says_why_a_verifying_server_refuses_it_and_where_the_endpoint_is(audio_dir, tmp_path):
    from tests.servers import free_port, start_server, stop_server

    port = free_port()
    env = {
        "AUDIO_DIR": str(audio_dir),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'v.sqlite3'}",
        "ALEXA_VERIFY_REQUESTS": "true",
        "ALEXA_SKILL_ID": "amzn1.ask.skill.00000000-0000-0000-0000-000000000000",
        "PUBLIC_BASE_URL": "https://warmup.example.com",
    }
    server = start_server(env, port)
    try:
        refused = CliRunner().invoke(
            main,
            ["chat", "--url", f"http://127.0.0.1:{port}/alexa"],
            input="start my foot warm up\n",
        )
        assert refused.exit_code == 1
        assert "refused the request (HTTP 400)" in refused.output
        assert "ALEXA_VERIFY_REQUESTS=false" in refused.output
        wrong = CliRunner().invoke(
            main, ["chat", "--url", f"http://127.0.0.1:{port}"], input="start my foot warm up\n"
        )
        assert f"did you mean http://127.0.0.1:{port}/alexa?" in wrong.output
        slash = CliRunner().invoke(
            main, ["chat", "--url", f"http://127.0.0.1:{port}/alexa/"], input="start\n"
        )
        assert f"did you mean http://127.0.0.1:{port}/alexa?" in slash.output
    finally:
        stop_server(server)


FRENCH_SCRIPT = """\
ouvre échauffement des pieds
je suis rendu où
j'ai fini
comment je fais ça
j'ai fini
j'ai fini
j'ai fini
j'ai fini
j'ai fini
j'ai fini
"""


def test_a_whole_warm_up_in_french(audio_all, tmp_path):
    from skill.core.routine_file import load_routine

    transcript = run_chat(audio_all[0], tmp_path, FRENCH_SCRIPT, "--locale", "fr-CA")
    turns = transcript.split("you> ")[1:]
    assert len(turns) == 10
    said = "\n".join(turns)
    routine = load_routine(locale="fr-CA")
    # Every exercise, by its French name, in order; French words all the way to the send-off.
    positions = [said.find(e.name) for e in routine.exercises]
    assert -1 not in positions and positions == sorted(positions), positions
    assert "Bienvenue" in turns[0] and "Exercice 1 sur 6 : massage plantaire." in turns[0]
    assert "[audio 3:24: massage plantaire, pied gauche]" in turns[0]  # shown as its cues
    assert "Dix secondes." in turns[0] and "trois" in turns[0]
    assert "Tu es à l'exercice 1 sur 6 : massage plantaire, pied gauche." in turns[1]
    assert "Dis suivant quand tu veux." in turns[2]
    assert "Trois points par pied." in turns[3]  # how to, in French
    assert "Sorry" not in transcript and "Welcome" not in transcript
    assert "Bonne course" in turns[-1]
