"""`foot-warmup chat`: talk to the skill in a terminal, the way a device would.

Rule: talks to the skill only through its HTTP endpoint (in process through the web app's test
client, or a running server); never imports ask_sdk or Flask itself.
"""
