"""The run's progress line (issue 20): mandates to do, failed, and the time left from this run's pace."""
from engine.office.queue import Tally
from engine.office.worker import label


def test_the_time_left_is_this_runs_pace_times_what_is_left():
    # 20 were done by an earlier run of the night; this one finished 10 more (9 done, 1 failed) in 20 s:
    # 2 s a mandate, 15 left (14 to do + 1 running) → 30 s
    first = Tally(done=20, todo=35)
    now = Tally(done=29, failed=1, todo=14, running=1)
    assert label(now, first, 20.0) == "~30 s, 15 to do, 1 failed"
    # 100 s a mandate for the same 15: 1,500 s = 25 min
    assert label(now, first, 1000.0) == "~25 min, 15 to do, 1 failed"
    assert label(first, first, 0.0) == "35 to do, 0 failed"  # nothing finished yet: no guess
    assert len(label(Tally(todo=499, running=1, done=1), Tally(todo=501), 3.0)) <= 30  # the bar's room
