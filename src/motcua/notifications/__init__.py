"""Notifications: telling citizens and staff what happened, by Zalo, SMS and email.

The dossier engine calls ``motcua.notifications.services.notify``; see ``services.py`` for the
flow, ``events.py`` for the events and their context, ``base.py`` for what a channel is.
"""
