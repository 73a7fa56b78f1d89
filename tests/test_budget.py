"""dnn_course.budget.cpu_seconds: the capstone's budget counts work, not time on the clock."""
import subprocess
import sys
import threading
import time

from dnn_course.budget import cpu_seconds


def spin(seconds):
    end = time.thread_time() + seconds  # this thread's own CPU time: spins for that much work
    while time.thread_time() < end:
        pass


def test_waiting_costs_nothing():
    before = cpu_seconds()
    time.sleep(0.5)
    assert cpu_seconds() - before < 0.1


def test_work_in_other_threads_counts():
    before = cpu_seconds()
    workers = [threading.Thread(target=spin, args=(0.3,)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert cpu_seconds() - before >= 0.55  # 2 x 0.3 s, within the clock's tick


def test_work_of_a_finished_child_process_counts():
    before = cpu_seconds()
    subprocess.run([sys.executable, "-c", "import time\nend = time.process_time() + 0.4\n"
                    "while time.process_time() < end: pass"], check=True)
    assert cpu_seconds() - before >= 0.4


def test_rebinding_os_times_afterwards_changes_nothing(monkeypatch):
    import os

    monkeypatch.setattr(os, "times", lambda: os.times_result((0.0,) * 5))
    before = cpu_seconds()
    spin(0.2)
    assert cpu_seconds() - before >= 0.18
