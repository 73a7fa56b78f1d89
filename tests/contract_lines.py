"""Answer text a released exercise may show: the contract its instructions must name.

``{chapter: {expression: why the instructions must show it}}``. Keep it short: anything here is
text a student could copy instead of working it out.
"""
CONTRACT_LINES: dict[str, dict[str, str]] = {
    "07_noise": {'"within noise"': "one of the three verdicts noise_verdict must return, named by the instructions"},
}
