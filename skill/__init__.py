"""Foot Warm Up: an Alexa skill that paces runners through a barefoot foot warm-up.

Packages, each with its rule (checked by tests/test_layout.py):
  core     the routine, places and moves, what is remembered, which words to say, SSML limits,
           the audio manifest, and the coach that decides everything: standard library only
  audio    the offline path from the routine to MP3 files and their manifest
  alexa    the only code that imports ask_sdk: request readers, the action table, handlers,
           rendering, screens
  web      the only code that imports Flask: the app factory, endpoints, request verification
  storage  runners' records in SQLite or PostgreSQL
"""
