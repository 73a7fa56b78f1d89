"""Helpers shared by the course notebooks: data loaders, seeding and plots.

Import this package before TensorFlow or Keras: it silences TensorFlow's C++ logging, which
otherwise writes to stderr, and nbgrader scores a grade cell that writes to stderr as zero.
"""
from dnn_course.quiet import silence_tensorflow

silence_tensorflow()

from dnn_course.seeding import seed_everything, seed_numpy, use_one_thread  # noqa: E402

__all__ = ["seed_everything", "seed_numpy", "silence_tensorflow", "use_one_thread"]
