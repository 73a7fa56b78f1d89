"""Plots the lectures share: learning curves, hyperparameter sweeps, histograms."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np


def plot_histories(histories: dict, metric="loss", ax=None, title=None):
    """Training (solid) and validation (dashed) curves of several named Keras runs on one axis.

    Epochs are counted from 1: the first point is the model after one pass over the data.
    """
    ax = ax or plt.subplots(figsize=(6, 3.5))[1]
    for index, (name, history) in enumerate(histories.items()):
        h = history.history if hasattr(history, "history") else history
        color = f"C{index}"
        epochs = np.arange(1, len(h[metric]) + 1)  # epoch 1 = after the first pass over the data
        ax.plot(epochs, h[metric], color=color, label=f"{name} train")
        if f"val_{metric}" in h:
            ax.plot(epochs, h[f"val_{metric}"], color=color, linestyle="--", label=f"{name} validation")
    ax.set_xlabel("epoch (1 = after the first pass)")
    ax.set_ylabel(metric)
    ax.set_title(title or f"{metric}: train (solid) vs validation (dashed)")
    ax.legend(fontsize=8)
    return ax


def plot_sweep(values, train, val, xlabel, ylabel="accuracy", log=True, ax=None, title=None):
    """Train and validation scores against one hyperparameter."""
    ax = ax or plt.subplots(figsize=(6, 3.5))[1]
    ax.plot(values, train, "o-", label="train")
    ax.plot(values, val, "s--", label="validation")
    if log:
        ax.set_xscale("symlog", linthresh=min(v for v in values if v > 0)) if 0 in list(values) else ax.set_xscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    ax.legend()
    return ax


def plot_weight_histograms(named_weights: dict, bins=60, axes=None):
    """One histogram per named array of weights, side by side, on a shared x axis."""
    if axes is None:
        _, axes = plt.subplots(1, len(named_weights), figsize=(4 * len(named_weights), 3), sharex=True)
    for ax, (name, weights) in zip(np.atleast_1d(axes), named_weights.items()):
        flat = np.concatenate([np.ravel(w) for w in weights]) if isinstance(weights, (list, tuple)) else np.ravel(weights)
        ax.hist(flat, bins=bins)
        ax.set_title(name)
        ax.set_xlabel("weight value")
    return axes
