"""The web service: the Flask app factory, the /alexa endpoint, audio files, request verification.

Rule: the only package that imports Flask. It hands request bodies to skill.alexa and never
imports ask_sdk itself.
"""
