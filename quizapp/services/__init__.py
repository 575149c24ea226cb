"""Use-cases. Each opens one transaction on the engine it is given and commits it whole."""
