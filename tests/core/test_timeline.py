"""The pure timeline: totals match the routine's pacing facts, no part is too long."""

from dataclasses import replace

import pytest

from skill.core.marks import LEAD_MS, PIP_MS, SIGNAL_MS
from skill.core.timeline import MAX_PART_MS, build_timeline

# shared/ROUTINE.md: standard about 14 minutes, quick about 6, cue and switch time included.
EXPECTED_MINUTES = {"standard": 14, "quick": 6}


@pytest.mark.parametrize("pace", ["standard", "quick"])
def test_totals_are_within_ten_percent_of_the_routine(routine, pace):
    minutes = build_timeline(routine, pace).duration_ms / 60_000
    assert abs(minutes - EXPECTED_MINUTES[pace]) <= 0.1 * EXPECTED_MINUTES[pace], minutes


@pytest.mark.parametrize("pace", ["standard", "quick"])
def test_every_part_fits_one_response_and_cues_are_ordered(routine, pace):
    for exercise in build_timeline(routine, pace).exercises:
        for part in exercise.parts:
            assert 0 < part.duration_ms <= MAX_PART_MS <= 240_000
            times = [c.at_ms for c in part.cues]
            assert times == sorted(times) and len(set(times)) == len(times)
            for cue in part.cues:
                assert cue.slot_ms > 0 and cue.at_ms + cue.slot_ms <= part.duration_ms
            assert part.cues[0].at_ms == LEAD_MS


def test_the_long_massage_is_split_one_part_per_foot(routine):
    standard = build_timeline(routine, "standard").exercises[0]
    assert [p.label for p in standard.parts] == ["left foot", "right foot"]
    assert standard.duration_ms > 240_000
    quick = build_timeline(routine, "quick").exercises[0]
    assert len(quick.parts) == 1
    assert any("right foot" in c.text.lower() for c in quick.parts[0].cues)


def test_holds_count_down_and_switch_feet(routine):
    toe = build_timeline(routine, "standard").exercises[1].parts[0]
    texts = [c.text for c in toe.cues]
    assert texts.count("three") == 2 and texts.count("one") == 2  # one per foot
    assert "Switch to your right foot." in texts
    assert "Ten seconds." in texts and "Halfway there." in texts
    balance = build_timeline(routine, "standard").exercises[4].parts[0]
    eyes = [c for c in balance.cues if "eyes" in c.text]
    assert len(eyes) == 2


def test_hops_click_on_the_beat(routine):
    hops = build_timeline(routine, "standard").exercises[5].parts[0]
    assert len(hops.clicks) == 40  # two sets of twenty
    gaps = {b - a for a, b in zip(hops.clicks, hops.clicks[1:], strict=False)}
    assert 400 in gaps  # 2.5 hops a second
    assert min(gaps) == 400
    # The rest between sets is a gap of twenty seconds plus the lead beats.
    assert max(gaps) >= 20_000


def test_short_foot_has_six_holds_per_foot(routine):
    part = build_timeline(routine, "standard").exercises[2].parts[0]
    assert [c.text for c in part.cues].count("Lift the arch.") == 12
    quick = build_timeline(routine, "quick").exercises[2].parts[0]
    assert [c.text for c in quick.cues].count("Lift the arch.") == 6


def kinds(part, kind):
    return [s.at_ms for s in part.sounds if s.kind == kind]


def test_holds_start_and_end_with_a_tone_and_count_down_with_pips(routine):
    toe = build_timeline(routine, "standard").exercises[1].parts[0]
    starts = [c.at_ms for c in toe.cues if c.text.startswith("Toe on the ball")]
    assert kinds(toe, "go") == [t - SIGNAL_MS for t in starts]  # the tone ends as the hold starts
    ends = [t + 60_000 for t in starts]
    assert kinds(toe, "stop") == [t - SIGNAL_MS for t in ends]
    threes = [c.at_ms for c in toe.cues if c.text == "three"]
    pips = kinds(toe, "pip")
    assert len(pips) == 6 and [t + PIP_MS for t in pips[:3]] == [
        threes[0],
        threes[0] + 1000,
        threes[0] + 2000,
    ]


def test_a_soft_tick_every_second_fills_holds_and_rests_but_not_hop_sets(routine):
    massage = build_timeline(routine, "standard").exercises[0].parts[0]
    ticks = kinds(massage, "tick")
    others = [s.at_ms for s in massage.sounds if s.kind != "tick"]
    assert len(ticks) > 150
    assert all(min(abs(t - o) for o in others) >= 400 for t in ticks)
    gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
    assert max(gaps) <= 2000  # never more than a skipped tick near a pip or tone
    hops = build_timeline(routine, "standard").exercises[5].parts[0]
    first, last = hops.clicks[0], hops.clicks[-1]
    assert not [t for t in kinds(hops, "tick") if first - 1000 < t < first + 8_000]
    assert hops.clicks == tuple(sorted(hops.clicks)) and last > first


def test_words_never_run_into_a_pip_tone_or_click_but_may_run_over_ticks(routine):
    for pace in ("standard", "quick"):
        for exercise in build_timeline(routine, pace).exercises:
            for part in exercise.parts:
                loud = [s.at_ms for s in part.sounds if s.kind != "tick"]
                for cue in part.cues:
                    end = cue.at_ms + cue.slot_ms
                    assert not [t for t in loud if cue.at_ms <= t < end], (part.label, cue.text)


def test_a_coach_can_turn_the_ticks_and_tones_off(routine):
    quiet = replace(routine, sound=replace(routine.sound, tick_every_ms=0, signals=False))
    for exercise in build_timeline(quiet, "quick").exercises:
        for part in exercise.parts:
            assert not kinds(part, "tick") and not kinds(part, "go") and not kinds(part, "stop")
    slower = replace(routine, sound=replace(routine.sound, tick_every_ms=2000))
    massage = build_timeline(slower, "quick").exercises[0].parts[0]
    assert (
        0
        < len(kinds(massage, "tick"))
        < len(kinds(build_timeline(routine, "quick").exercises[0].parts[0], "tick"))
    )
