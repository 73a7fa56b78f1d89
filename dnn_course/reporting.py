"""Turn training runs into the numbers a lecture states: train versus validation, and the gap."""
from __future__ import annotations

import pandas as pd


def _history_dict(history):
    return history.history if hasattr(history, "history") else dict(history)


def final_metrics(history) -> dict:
    """Last-epoch train and validation loss and accuracy of a Keras ``History`` (or its dict)."""
    h = _history_dict(history)
    row = {"epochs": len(h["loss"])}
    for key in ("loss", "val_loss", "accuracy", "val_accuracy"):
        if key in h:
            row[key] = float(h[key][-1])
    if "accuracy" in row and "val_accuracy" in row:
        row["gap"] = row["accuracy"] - row["val_accuracy"]
    return row


def compare_runs(histories: dict) -> pd.DataFrame:
    """One row per named run: final losses, accuracies and the train - validation accuracy gap."""
    return pd.DataFrame({name: final_metrics(h) for name, h in histories.items()}).T.round(4)
