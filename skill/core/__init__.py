"""The pure core: the routine, where the runner is and the moves between places, what is
remembered, which words to say, SSML limits, the audio manifest, and the coach.

Rule: standard library and skill.core only. No Alexa, no Flask, no database, no audio libraries,
no reading files per request: everything here is plain data in, plain data out.
"""
