"""The NLP stage: the only place where spaCy objects exist.

Everything leaving this package is a plain record from :mod:`graph.records`.
"""
