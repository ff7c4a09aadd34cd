"""The Alexa layer: turns requests into core actions (one table, whatever their source) and the
coach's outcomes into speech, AudioPlayer directives and screens.

Rule: the only package that imports ask_sdk. May import skill.core and skill.storage (for the
record store's errors); never Flask, the web layer or the audio build.
"""
