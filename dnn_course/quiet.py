"""Keep TensorFlow quiet: its log lines go to stderr, which nbgrader treats as a failed test."""
import logging
import os

TF_QUIET_ENV = {
    "TF_CPP_MIN_LOG_LEVEL": "3",  # C++ logging: errors only... and those, too, are silenced
    "TF_ENABLE_ONEDNN_OPTS": "0",  # no "oneDNN custom operations are on" banner
}


def silence_tensorflow(environ=os.environ):
    """Set TensorFlow's logging variables unless the user chose other values.

    They only take effect when set before TensorFlow is first imported.
    """
    for name, value in TF_QUIET_ENV.items():
        environ.setdefault(name, value)
    # TensorFlow's Python warnings ("5 out of the last 5 calls ... triggered tf.function retracing")
    # go through the `tensorflow` logger to stderr; TensorFlow keeps a level chosen before its import.
    logger = logging.getLogger("tensorflow")
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.ERROR)
    return environ
