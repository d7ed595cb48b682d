"""A simulator of pay.egov.bg, the Bulgarian e-Payment gateway, for development and tests.

It speaks pay.egov's AIS API, serves a citizen's payment page and sends signed status callbacks
with pay.egov's retry schedule. All state is in memory: a restart forgets every request.
"""
