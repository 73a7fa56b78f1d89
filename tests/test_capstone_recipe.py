"""benchmarks/capstone_recipe.py and the CSV lecture 14 reads: every run reproducible, the budget in CPU-seconds."""
import csv
import importlib.util
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.fixture(scope="module")
def recipe_script():
    spec = importlib.util.spec_from_file_location("capstone_recipe", BENCHMARKS / "capstone_recipe.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_rows(name):
    with open(BENCHMARKS / name, newline="") as handle:
        return list(csv.DictReader(handle))


# The lecture's runs, and the runs of the exercise's correct answers (tests/alternatives/ch14_capstone.py).
@pytest.fixture(scope="module", params=["capstone_recipe.csv", "capstone_alternatives.csv"])
def rows(request):
    return read_rows(request.param)


def test_every_run_in_the_csv_is_a_config_the_script_can_repeat(recipe_script, rows):
    unknown = {row["config"] for row in rows} - set(recipe_script.CONFIGS)
    assert not unknown, f"the CSV holds runs of configs the script no longer defines: {sorted(unknown)}"
    pairs = [(row["config"], row["seed"]) for row in rows]
    assert len(pairs) == len(set(pairs)), "a (config, seed) run appears twice in the CSV"


def test_every_run_stayed_within_the_exercise_budget(recipe_script, rows):
    over = [(row["config"], row["seed"], row["cpu_seconds"]) for row in rows
            if float(row["cpu_seconds"]) > recipe_script.BUDGET_CPU_SECONDS]
    assert not over, f"runs over the exercise's {recipe_script.BUDGET_CPU_SECONDS} CPU-seconds: {over}"


def test_the_lecture_s_recipe_and_its_variants_ran_over_at_least_three_seeds():
    seeds = {}
    for row in read_rows("capstone_recipe.csv"):
        seeds.setdefault(row["config"], set()).add(int(row["seed"]))
    for config in ("c10_cos_512_e40_ls", "c10_cos_512_e40_ls_nodrop", "c10_cos_512_e40_ls_glorot", "c10_cos_512_e40"):
        assert len(seeds.get(config, ())) >= 3, f"{config}: seeds {sorted(seeds.get(config, ()))}"


def test_the_alternatives_keep_the_exercise_s_80_percent_by_two_points_on_three_seeds():
    runs = {}
    for row in read_rows("capstone_alternatives.csv"):
        runs.setdefault(row["config"], []).append(row)
    assert "c10_ecos_512_e12" in runs, "train alternative 1 of the exercise's catalogue has no runs"
    for config, its_runs in runs.items():
        assert len({row["seed"] for row in its_runs}) >= 3, f"{config}: run it over at least three seeds"
        thin = [(row["seed"], row["fresh_acc"]) for row in its_runs if float(row["fresh_acc"]) < 0.82]
        assert not thin, f"{config} keeps the exercise's 0.80 by less than two points: {thin}"


class FakeModel:
    stop_training = False


def test_the_budget_stops_before_an_epoch_that_would_pass_it(recipe_script, monkeypatch):
    # CPU-seconds at each call: epoch 0 from 10 to 40, epoch 1 from 40 to 75.
    clock = iter([10.0, 40.0, 40.0, 75.0])
    monkeypatch.setattr(recipe_script, "cpu_seconds", lambda: next(clock))
    budget = recipe_script.CPUBudget(start=10.0, budget=90.0)
    model = FakeModel()
    budget.set_model(model)
    budget.on_epoch_begin(0)
    budget.on_epoch_end(0)  # another 30 CPU-seconds would end at 70: within 10 + 90
    assert not model.stop_training
    budget.on_epoch_begin(1)
    budget.on_epoch_end(1)  # another 35 would end at 110: past 100, so stop now
    assert model.stop_training


def test_the_budget_is_counted_in_cpu_seconds_not_on_the_clock(recipe_script):
    from dnn_course.budget import cpu_seconds

    assert recipe_script.cpu_seconds is cpu_seconds
    assert "deadline" not in recipe_script.BASE and recipe_script.BASE["budget"] == recipe_script.BUDGET_CPU_SECONDS
