"""A simulator of an SMS provider's HTTP API, in the shape of LinkMobility's "msghub" (the API
Bulgarian eAuth sends its one-time codes through), for development and tests.

It accepts signed `POST /bulknew` calls, counts each text's parts as a handset would, and keeps
what it received in an inbox that tests and developers can read. All state is in memory: a
restart forgets every message.
"""
