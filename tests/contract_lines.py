"""Answer text a released exercise may show: the contract its instructions must name.

``{chapter: {expression: why the instructions must show it}}``. Keep it short: anything here is
text a student could copy instead of working it out.
"""
CONTRACT_LINES: dict[str, dict[str, str]] = {
    "09_normalization": {
        "fit_standardizer(X_train)": "the signature of the graded function, in its def line; later answers call it",
        "histories, (mean, std)": "the return value of scaling_race, which its instructions must state",
    },
}
