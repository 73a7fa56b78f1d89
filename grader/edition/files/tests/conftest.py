import os

from dnn_course.quiet import silence_tensorflow

# Tests import TensorFlow; keep it quiet here as everywhere else.
silence_tensorflow(os.environ)
