"""The audio build: the offline path from the routine to MP3 files and the manifest.

Rule: may import skill.core and audio libraries; never ask_sdk, Flask, the database or the web
and Alexa layers. The skill sees the audio only through the manifest.
"""
