"""Joining a statement: the public form, email confirmation, abuse limits,
moderation by Comms staff and the emails around it."""
