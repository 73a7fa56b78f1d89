"""Answer text a released exercise may show: the contract its instructions must name.

``{chapter: {expression: why the instructions must show it}}``. Keep it short: anything here is
text a student could copy instead of working it out.
"""
CONTRACT_LINES: dict[str, dict[str, str]] = {
    "02_bias_variance": {
        '"high bias and high variance"': "one of the four labels diagnose must return; the instructions name them",
        '"high variance"': "one of the four labels diagnose must return; the instructions name them",
        '"low bias and low variance"': "one of the four labels diagnose must return; the instructions name them",
    },
}
