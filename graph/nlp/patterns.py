from __future__ import annotations
def pattern_frames(sentence):
    return iter(())
