"""Answer text a released exercise may show: the contract its instructions must name.

``{chapter: {expression: why the instructions must show it}}``. Keep it short: anything here is
text a student could copy instead of working it out.
"""
CONTRACT_LINES: dict[str, dict[str, str]] = {}

CONTRACT_LINES["12_batch_norm"] = {
    "dZ, dgamma, dbeta": "the order of batchnorm_backward's returned tuple, which numpy_net's batch_norm hook unpacks",
    '"only batch norm"': "one of the four labels which_trains must return",
}
