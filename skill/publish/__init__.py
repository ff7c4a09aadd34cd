"""What publishing the skill takes beyond the service: the ASK CLI project (manifest, models,
icons) and the images the project draws for itself.

Rule: may import skill.core, skill.config and numpy; never ask_sdk, Flask or the database.
"""
