"""One call that makes a notebook's numbers the same on every run."""
import numpy as np


def seed_everything(seed=0):
    """Seed Python, NumPy, TensorFlow and Keras; return a fresh NumPy ``Generator``.

    Keras draws initial weights and dropout masks from its global seed, so every training run
    in a notebook starts by calling this with the same seed to compare like with like.
    """
    import keras  # imported here so that loading the data helpers never pulls in TensorFlow

    import tensorflow as tf

    keras.utils.set_random_seed(seed)
    # Multithreaded reductions may add floats in any order; this pins the order.
    tf.config.experimental.enable_op_determinism()
    return np.random.default_rng(seed)


def seed_numpy(seed=0):
    """Seed Python and NumPy, not TensorFlow; return a fresh NumPy ``Generator``.

    For a notebook that trains nothing with Keras: the same numbers as ``seed_everything(seed)``
    there, without importing TensorFlow (about 3.5 CPU-seconds, every time the notebook runs).
    """
    import random

    random.seed(seed)
    np.random.seed(seed)
    return np.random.default_rng(seed)


def use_one_thread():
    """Run TensorFlow's operations on one thread each; call it before TensorFlow's first operation.

    The course's models are small: a matrix product on a batch of 64 is not worth splitting, and
    TensorFlow's thread pools then spend more CPU handing work over and waiting than computing.
    One thread does the same arithmetic in the same order (a lecture's printed numbers do not
    change) for less CPU, which matters when several notebooks share the cores, as in the tests.
    Returns False, changing nothing, when TensorFlow already runs with other settings (only a
    restarted kernel can change them); True when it runs on one thread.
    """
    import tensorflow as tf

    threading = tf.config.threading
    if threading.get_intra_op_parallelism_threads() == 1 and threading.get_inter_op_parallelism_threads() == 1:
        return True
    try:
        threading.set_intra_op_parallelism_threads(1)
        threading.set_inter_op_parallelism_threads(1)
    except RuntimeError:  # "cannot be modified after initialization"
        return False
    return True
